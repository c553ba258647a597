/**
 * Text normalisation shared by the stored keys and the query: one form for both sides, so that what a
 * member types meets what a book stores.
 *
 * - NFKC (full-width letters and digits become ASCII), lower case;
 * - Traditional → Simplified script (OpenCC's t → cn), so 黨史 and 党史 are the same text;
 * - tokens: runs of Han characters, of Latin letters, of digits (everything else separates).
 */
import { pinyin } from 'pinyin-pro';

import type * as OpenCCModule from 'opencc-js/t2cn' with { 'resolution-mode': 'import' };

type OpenCC = typeof OpenCCModule;
// opencc-js declares ESM typings only; its `require` entry (UMD) is what Node and esbuild load here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Converter } = require('opencc-js/t2cn') as OpenCC;

const toSimplified = Converter({ from: 't', to: 'cn' });

export function normalizeText(text: string): string {
  return toSimplified(text.normalize('NFKC').toLowerCase());
}

export type TokenKind = 'han' | 'latin' | 'digits';

export interface Token {
  kind: TokenKind;
  text: string;
}

const TOKEN = /(\p{Script=Han}+)|([a-z]+)|([0-9]+)/gu;

/** Tokens of an already normalised text. */
export function tokenize(normalized: string): Token[] {
  const out: Token[] = [];
  for (const m of normalized.matchAll(TOKEN)) {
    if (m[1]) out.push({ kind: 'han', text: m[1] });
    else if (m[2]) out.push({ kind: 'latin', text: m[2] });
    else if (m[3]) out.push({ kind: 'digits', text: m[3] });
  }
  return out;
}

/** The tokens of a text joined without separators: the form exact and prefix ranking compare. */
export function compactForm(tokens: Token[]): string {
  return tokens.map((t) => t.text).join('');
}

/** One syllable per Han character, toneless, ü as v (`lv`), chosen in context by pinyin-pro. */
export function syllablesOf(han: string): string[] {
  const out = pinyin(han, { toneType: 'none', type: 'array', v: true });
  // pinyin-pro answers one entry per character; keep only letters (it passes non-Han characters through).
  return out.map((s) => s.replace(/[^a-z]/g, '')).filter((s) => s.length > 0);
}

/**
 * Mandarin syllables (toneless, ü as v) a member may type, for splitting `hongxing` into `hong xing`.
 * The interjections m, n, ng, hng are left out: as pieces of typed pinyin they would split words wrongly.
 */
const SYLLABLES = new Set(
  (
    'a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ' +
    'ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui ' +
    'chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ' +
    'ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan ' +
    'gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen ' +
    'heng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju ' +
    'juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai ' +
    'lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ' +
    'ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne ' +
    'nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang ' +
    'pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu ' +
    'qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se ' +
    'sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun ' +
    'shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao tie ting tong tou ' +
    'tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu ' +
    'xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei ' +
    'zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui ' +
    'zhun zhuo zi zong zou zu zuan zui zun zuo'
  ).split(' '),
);

const LONGEST_SYLLABLE = 6;

/** Every proper prefix of a syllable (`zh`, `zho`, `zhon` …): what a member is still typing. */
const SYLLABLE_PREFIXES = new Set(
  [...SYLLABLES].flatMap((s) => Array.from({ length: s.length - 1 }, (_, i) => s.slice(0, i + 1))),
);

export interface PinyinSplit {
  /** Complete syllables, in order. */
  syllables: string[];
  /** The beginning of one more syllable still being typed (`hongx` → `x`), or ''. */
  rest: string;
}

/**
 * Splits typed letters into syllables, fewest pieces first (`xian` stays one syllable); the last piece
 * may be an unfinished syllable. Undefined when the letters are not pinyin.
 */
export function splitPinyin(letters: string): PinyinSplit | undefined {
  const n = letters.length;
  // best[i]: fewest syllables covering letters[i..] (the tail may end in an unfinished syllable)
  const best: (PinyinSplit | undefined)[] = new Array<PinyinSplit | undefined>(n + 1);
  best[n] = { syllables: [], rest: '' };
  for (let i = n - 1; i >= 0; i--) {
    let found: PinyinSplit | undefined;
    for (let len = Math.min(LONGEST_SYLLABLE, n - i); len >= 1; len--) {
      const piece = letters.slice(i, i + len);
      if (SYLLABLES.has(piece)) {
        const tail = best[i + len];
        if (tail && (!found || tail.syllables.length + 1 < found.syllables.length)) {
          found = { syllables: [piece, ...tail.syllables], rest: tail.rest };
        }
      } else if (i + len === n && SYLLABLE_PREFIXES.has(piece) && !found) {
        found = { syllables: [], rest: piece };
      }
    }
    best[i] = found;
  }
  return best[0];
}
