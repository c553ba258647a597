/**
 * The import file's columns: one row per copy. English names or the Chinese headings librarians use,
 * matched case-insensitively, spaces and the `*` that marks a required column ignored.
 */
export const IMPORT_FIELDS = [
  'isbn',
  'title',
  'subtitle',
  'author',
  'translator',
  'publisher',
  'year',
  'category',
  'tags',
  'summary',
  'barcode',
  'location',
  'source',
  'donor',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns the file must have (a row may still be rejected for an empty value). */
export const REQUIRED_FIELDS: ImportField[] = ['title', 'author', 'category', 'barcode'];

const ALIASES: Record<ImportField, string[]> = {
  isbn: ['isbn', 'isbn13', 'isbn10', '书号', '国际标准书号', 'isbn号'],
  title: ['title', '书名', '题名', '正题名', '图书名称'],
  subtitle: ['subtitle', '副书名', '副题名', '副标题', '分册名'],
  author: ['author', '作者', '著者', '责任者', '第一责任者'],
  translator: ['translator', '译者'],
  publisher: ['publisher', '出版社', '出版者', '出版单位'],
  year: ['year', '出版年', '出版年份', '出版时间', '出版日期'],
  category: ['category', '分类', '类别', '图书分类', '分类名称'],
  tags: ['tags', 'tag', '标签', '关键词', '主题词'],
  summary: ['summary', '简介', '内容简介', '摘要', '提要'],
  barcode: ['barcode', '条码', '条形码', '条码号', '登录号'],
  location: ['location', '馆藏地点', '馆藏地', '馆藏位置', '存放位置', '位置'],
  source: ['source', '来源', '复本来源', '入藏方式'],
  donor: ['donor', '捐赠者', '捐赠人', '捐赠单位'],
};

const BY_ALIAS = new Map<string, ImportField>(
  IMPORT_FIELDS.flatMap((field) => ALIASES[field].map((alias) => [normaliseHeading(alias), field] as const)),
);

function normaliseHeading(heading: string): string {
  return heading
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/[\s*（）()]/g, '')
    .toLowerCase();
}

export const FIELD_LABELS: Record<ImportField, string> = {
  isbn: 'ISBN',
  title: '书名',
  subtitle: '副书名',
  author: '作者',
  translator: '译者',
  publisher: '出版社',
  year: '出版年',
  category: '分类',
  tags: '标签',
  summary: '内容简介',
  barcode: '条码',
  location: '馆藏地点',
  source: '来源',
  donor: '捐赠者',
};

export interface ColumnMap {
  /** For each column of the file, the field it holds (undefined: ignored). */
  fields: (ImportField | undefined)[];
  /** Required fields no column holds. */
  missing: ImportField[];
  /** Headings that matched no field (ignored). */
  ignored: string[];
}

/** Maps a header row to fields; the first column of a field wins. */
export function mapColumns(headings: string[]): ColumnMap {
  const seen = new Set<ImportField>();
  const ignored: string[] = [];
  const fields = headings.map((heading) => {
    const field = BY_ALIAS.get(normaliseHeading(heading));
    if (!field || seen.has(field)) {
      if (heading.trim()) ignored.push(heading.trim());
      return undefined;
    }
    seen.add(field);
    return field;
  });
  return { fields, missing: REQUIRED_FIELDS.filter((f) => !seen.has(f)), ignored };
}

export type ImportRecord = Partial<Record<ImportField, string>>;

/** One data row as text by field (cells trimmed). */
export function recordOf(cells: string[], map: ColumnMap): ImportRecord {
  const record: ImportRecord = {};
  map.fields.forEach((field, i) => {
    if (field) record[field] = (cells[i] ?? '').trim();
  });
  return record;
}
