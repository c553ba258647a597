/**
 * Synthetic catalogue data for scale (`npm run seed -- --books N`, the search benchmark): plausible
 * Chinese titles built from word lists, authors, real publishers of China, years, categories and tags,
 * with about two copies each.
 *
 * Deterministic: title number i (1-based) depends only on i and the seed, so the first N titles are the
 * same whatever N is (`--books 1000` then `--books 2000` adds 1000). ISBN-13s are valid (checksum) and
 * all in the 979-99 range (`97999` + the 7-digit title number + check digit), which no real book of this
 * catalogue carries (real Chinese books are 978-7); barcodes are `SYN` + the title number + `-` + copy.
 */
import { DEFAULT_BOOK_CATEGORIES, type CopySource, type CopyStatus } from '../../typings/entities';
import { bookDocument, categoryIdFor, copyDocument, countsOf, type BookDoc, type CopyDoc } from './documents';

export const SYNTHETIC_ISBN_PREFIX = '97999';
export const SYNTHETIC_BARCODE_PREFIX = 'SYN';
/** Up to 9 999 999 titles (7 digits of title number in the ISBN). */
export const MAX_SYNTHETIC_BOOKS = 9_999_999;

export interface SyntheticTitle {
  book: BookDoc;
  copies: CopyDoc[];
}

export interface SyntheticOptions {
  /** The category id for each default category name (default: the ids `categoryIdFor(name)` gives). */
  categoryIds?: Partial<Record<string, string>>;
}

/** ISBN-13 with its check digit computed. */
export function withCheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return first12 + String((10 - (sum % 10)) % 10);
}

export function syntheticIsbn(n: number): string {
  return withCheckDigit(SYNTHETIC_ISBN_PREFIX + String(n).padStart(7, '0'));
}

export function syntheticBarcode(n: number, copy: number): string {
  return `${SYNTHETIC_BARCODE_PREFIX}${String(n).padStart(7, '0')}-${copy}`;
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit seed for title n under `seed`. */
function titleSeed(seed: number, n: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

type Category = (typeof DEFAULT_BOOK_CATEGORIES)[number];

interface Theme {
  category: Category;
  topics: string[];
  forms: string[];
  tags: string[];
}

const THEMES: Theme[] = [
  {
    category: '马列理论',
    topics: [
      '马克思主义哲学',
      '历史唯物主义',
      '辩证唯物主义',
      '政治经济学',
      '科学社会主义',
      '唯物辩证法',
      '马克思主义认识论',
      '剩余价值学说',
    ],
    forms: ['原理', '导论', '十讲', '经典导读', '基本问题研究', '名著选读', '学习辅导', '通俗读本'],
    tags: ['马列理论', '原著导读', '哲学', '理论学习'],
  },
  {
    category: '党史党建',
    topics: [
      '中国共产党',
      '新时代党的建设',
      '基层党组织',
      '党内政治生活',
      '党性修养',
      '延安精神',
      '井冈山精神',
      '长征精神',
      '西柏坡精神',
      '红色文化',
      '党员教育',
      '组织建设',
    ],
    forms: ['史话', '百年历程', '简明读本', '学习问答', '案例选编', '口述实录', '工作手册', '纪事'],
    tags: ['党史', '党建', '红色教育', '主题党日'],
  },
  {
    category: '政治读物',
    topics: [
      '中国式现代化',
      '共同富裕',
      '全过程人民民主',
      '乡村振兴',
      '国家治理',
      '新发展理念',
      '生态文明',
      '总体国家安全观',
      '法治中国',
      '文化自信',
    ],
    forms: ['干部读本', '学习读本', '理论与实践', '百问', '专题研究', '热点解读', '辅导读本', '十五讲'],
    tags: ['理论热点', '时政', '干部学习', '二十大'],
  },
  {
    category: '综合读物',
    topics: [
      '数字经济',
      '人工智能',
      '健康生活',
      '应急管理',
      '公文写作',
      '心理健康',
      '科学普及',
      '城市治理',
      '家庭教育',
      '财务知识',
    ],
    forms: ['入门', '实用手册', '一本通', '案例精选', '百科', '常识', '指南', '讲义'],
    tags: ['综合', '实用', '科普', '工作方法'],
  },
  {
    category: '廉政建设',
    topics: ['廉洁文化', '党风廉政', '家风家教', '纪律规矩', '作风建设', '警示教育', '清廉机关', '监督执纪'],
    forms: ['读本', '案例警示录', '史鉴', '故事选编', '学习问答', '教育读本', '百案解析', '格言集'],
    tags: ['廉政', '警示教育', '党规党纪', '家风'],
  },
  {
    category: '人文社科',
    topics: [
      '中国社会',
      '乡土中国',
      '区域经济',
      '中国城市',
      '近代中国',
      '世界文明',
      '社会治理',
      '人口与发展',
      '教育变迁',
      '中国哲学',
    ],
    forms: ['研究', '变迁', '十论', '观察', '史论', '导论', '比较研究', '调查报告'],
    tags: ['人文', '社会学', '历史', '经济'],
  },
  {
    category: '文学艺术',
    topics: [
      '山河',
      '故乡',
      '岁月',
      '春风',
      '星火',
      '长河',
      '麦田',
      '渡口',
      '灯塔',
      '雪原',
      '青山',
      '边城',
      '大地',
      '远方',
    ],
    forms: ['的歌', '纪事', '往事', '人家', '之恋', '的守望', '长歌', '笔记', '三部曲', '小集'],
    tags: ['小说', '散文', '诗歌', '纪实文学', '红色经典'],
  },
  {
    category: '民族文化',
    topics: [
      '中华传统',
      '诗词',
      '非物质文化遗产',
      '民俗',
      '书法',
      '中医药',
      '古典园林',
      '民族团结',
      '戏曲',
      '节气',
    ],
    forms: ['十讲', '之美', '常识', '概说', '鉴赏', '源流', '图说', '里的中国'],
    tags: ['传统文化', '民族文化', '国学', '非遗'],
  },
];

const PLACES = [
  '黄土地',
  '江南',
  '西北',
  '湘西',
  '赣南',
  '沂蒙',
  '太行',
  '大别山',
  '陕北',
  '岭南',
  '滨海',
  '川西',
];
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'建国华明丽军平英芳伟秀敏静强磊洋艳勇杰娟涛超秀霞刚辉玲桂红志新文斌宁海波燕晓春梅兰军荣晨曦宇航思远德林立群振华一鸣雪松',
];
const PUBLISHERS = [
  '人民出版社',
  '中共党史出版社',
  '中央文献出版社',
  '学习出版社',
  '党建读物出版社',
  '中共中央党校出版社',
  '人民文学出版社',
  '作家出版社',
  '中华书局',
  '商务印书馆',
  '生活·读书·新知三联书店',
  '北京大学出版社',
  '中国人民大学出版社',
  '上海人民出版社',
  '江苏人民出版社',
  '浙江人民出版社',
  '四川人民出版社',
  '湖南人民出版社',
  '中国青年出版社',
  '中国社会科学出版社',
  '红旗出版社',
  '研究出版社',
  '中国方正出版社',
  '外文出版社',
  '人民日报出版社',
  '新华出版社',
  '中信出版社',
  '广西师范大学出版社',
  '长江文艺出版社',
  '上海译文出版社',
];
const LOCATIONS = ['一楼书屋', '二楼藏书室', '阅览室', '党史专架', '流动书架'];
const DONOR_UNITS = ['州直机关工委', '机关工会', '团委', '州图书馆', '宣传部'];
const EPOCH = Date.UTC(2015, 0, 1);
const TEN_YEARS_MS = 10 * 365 * 24 * 60 * 60 * 1000;

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function defaultCategoryIds(): Record<string, string> {
  return Object.fromEntries(DEFAULT_BOOK_CATEGORIES.map((name) => [name, categoryIdFor(name)]));
}

function personName(rand: () => number): string {
  const given = pick(GIVEN, rand) + (rand() < 0.7 ? pick(GIVEN, rand) : '');
  return pick(SURNAMES, rand) + given;
}

/** Title number n (1-based) under `seed`. */
export function syntheticTitle(n: number, seed = 1, options: SyntheticOptions = {}): SyntheticTitle {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SYNTHETIC_BOOKS) throw new RangeError(`title number ${n}`);
  const rand = mulberry32(titleSeed(seed, n));
  const categoryIds = { ...defaultCategoryIds(), ...options.categoryIds };
  const theme = pick(THEMES, rand);
  const topic = pick(theme.topics, rand);
  const form = pick(theme.forms, rand);
  const literary = theme.category === '文学艺术';
  const title = literary && rand() < 0.5 ? `${pick(PLACES, rand)}${topic}${form}` : `${topic}${form}`;
  const subtitleRoll = rand();
  const subtitle =
    subtitleRoll < 0.15
      ? `基于${pick(PLACES, rand)}的调查`
      : subtitleRoll < 0.3
        ? `第${'一二三四五'[Math.floor(rand() * 5)]}卷`
        : '';
  const authors = rand() < 0.2 ? `${personName(rand)} ${personName(rand)}` : personName(rand);
  const author = literary || rand() < 0.8 ? authors : `${pick(PLACES, rand)}${topic}研究课题组`;
  const year = 1980 + Math.floor(rand() * 46);
  const tags = [...new Set([pick(theme.tags, rand), pick(theme.tags, rand), topic])];
  const createdAt = new Date(EPOCH + Math.floor(rand() * TEN_YEARS_MS));
  const copyCount = rand() < 0.25 ? 1 : rand() < 0.67 ? 2 : 3;
  const categoryId = categoryIds[theme.category] ?? categoryIdFor(theme.category);

  const copyInputs: { status: CopyStatus; source: CopySource; donor: string; location: string }[] = [];
  for (let k = 0; k < copyCount; k++) {
    const statusRoll = rand();
    const status: CopyStatus = statusRoll < 0.02 ? 'inRepair' : statusRoll < 0.03 ? 'withdrawn' : 'available';
    const sourceRoll = rand();
    const source: CopySource =
      sourceRoll < 0.6
        ? 'purchase'
        : sourceRoll < 0.75
          ? 'librarySelection'
          : sourceRoll < 0.9
            ? 'unitDonation'
            : 'memberDonation';
    const donor =
      source === 'unitDonation'
        ? pick(DONOR_UNITS, rand)
        : source === 'memberDonation'
          ? personName(rand)
          : '';
    copyInputs.push({ status, source, donor, location: pick(LOCATIONS, rand) });
  }
  const book = bookDocument({
    isbn13: syntheticIsbn(n),
    isbn10: '',
    title,
    subtitle,
    author,
    publisher: pick(PUBLISHERS, rand),
    year,
    categoryId,
    tags,
    summary: `本书围绕“${topic}”展开，${literary ? '以细腻的笔触记录普通人的生活与奋斗' : '梳理基本概念、发展脉络和实践经验'}，适合党员干部和广大读者阅读。`,
    createdAt,
    ...countsOf(copyInputs.map((c) => c.status)),
  });
  const copies = copyInputs.map((c, k) =>
    copyDocument({ barcode: syntheticBarcode(n, k + 1), bookId: book._id, createdAt, ...c }),
  );
  return { book, copies };
}

/** Titles 1..n under `seed`, one at a time (nothing is held: iterate and write in batches). */
export function* syntheticBooks(
  n: number,
  seed = 1,
  options: SyntheticOptions = {},
): Generator<SyntheticTitle> {
  for (let i = 1; i <= n; i++) yield syntheticTitle(i, seed, options);
}
