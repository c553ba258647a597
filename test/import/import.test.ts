/**
 * The bulk import against a real store in a temp data directory: a small CSV fixture and an XLSX made
 * here with exceljs (good rows kept, bad rows rejected with reasons, books grouped by ISBN, counts, search
 * fields, a second import adding nothing), the CLI (report file, summary), and the cloud writer through
 * wx-server-sdk against a private local cloud.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { declaredIndexes } from '../../cloudfunctions/_shared/collections';
import { searchFieldsFor } from '../../cloudfunctions/catalogue/src/search';
import { startLocalCloud, sdkEnv } from '../../scripts/local-cloud';
import { openStore, type Store } from '../../scripts/local-cloud/store';
import { importCatalogue, type ImportResult, type RejectedRow } from '../../scripts/import/importer';
import { CloudWriter } from '../../scripts/import/cloud-writer';
import { StoreWriter } from '../../scripts/import/writer';
import { seedDemo } from '../../scripts/seed/demo';
import type { BookDoc, CopyDoc } from '../../scripts/seed/documents';
import { ROOT } from '../../scripts/paths';

const FIXTURE = path.join(ROOT, 'test/fixtures/import/small.csv');
const BOOK_A_ISBN = '9799900000012';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-import-'));
  store = await openStore(dir);
  await seedDemo(store);
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function importFile(
  file: string,
  s: Store = store,
): Promise<{ result: ImportResult; rejected: RejectedRow[] }> {
  const writer = new StoreWriter(s, dir);
  await writer.prepare();
  const rejected: RejectedRow[] = [];
  const result = await importCatalogue(file, writer, { batchSize: 3, onRejected: (r) => rejected.push(r) });
  return { result, rejected };
}

function reasonsByLine(rejected: RejectedRow[]): Record<number, string> {
  return Object.fromEntries(rejected.map((r) => [r.line, r.reasons.join('；')]));
}

async function snapshot(s: Store): Promise<{ books: number; copies: number; categories: number }> {
  return {
    books: await s.count('books'),
    copies: await s.count('copies'),
    categories: await s.count('bookCategories'),
  };
}

describe('CSV import into a data directory', () => {
  test('keeps good rows, groups them by ISBN, rejects bad rows with reasons', async () => {
    const before = await snapshot(store);
    const { result, rejected } = await importFile(FIXTURE);

    expect(result.rows).toBe(12);
    expect(result.booksAdded).toBe(2);
    expect(result.copiesAdded).toBe(5);
    expect(result.rejected).toBe(7);
    expect(await snapshot(store)).toEqual({ ...before, books: before.books + 2, copies: before.copies + 5 });

    const reasons = reasonsByLine(rejected);
    expect(
      Object.keys(reasons)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(reasons[7]).toMatch(/校验位不正确/);
    expect(reasons[8]).toMatch(/请填写书名/);
    expect(reasons[9]).toMatch(/分类“不存在的分类”不存在/);
    expect(reasons[10]).toMatch(/条码 IMP-0001 在文件中重复（第 2 行已使用）/);
    expect(reasons[11]).toMatch(/出版年份不正确/);
    expect(reasons[12]).toMatch(/请填写条码/);
    expect(reasons[13]).toMatch(/条码 SW000001 已被《共产党宣言》的复本使用/);
    // The rejected row comes back as it was in the file.
    expect(rejected.find((r) => r.line === 11)?.cells[1]).toBe('年份不对的书');

    // Three rows with one ISBN (with and without hyphens) are one book with three copies.
    const books = await store.find<BookDoc>('books', { isbn13: BOOK_A_ISBN });
    expect(books).toHaveLength(1);
    const bookA = books[0]!;
    expect(bookA).toMatchObject({ title: '示例图书甲', isbn10: '', year: 2016, available: 3, total: 3 });
    expect(bookA.tags).toEqual(['纪实文学', '长征']);
    expect(bookA.createdAt).toBeInstanceOf(Date);
    const copiesA = await store.find<CopyDoc>('copies', { bookId: bookA._id }, { sort: { barcode: 1 } });
    expect(copiesA.map((c) => [c.barcode, c.location, c.source, c.donor])).toEqual([
      ['IMP-0001', '一楼书屋', 'purchase', ''],
      ['IMP-0002', '阅览室', 'unitDonation', '机关工会'],
      ['IMP-0003', '党史专架', 'purchase', ''],
    ]);

    // Rows without ISBN: same title, author and publisher are one book; an empty location gets the default.
    const [noIsbn] = await store.find<BookDoc>('books', { title: '乡村调查笔记' });
    expect(noIsbn).toMatchObject({ isbn13: '', available: 2, total: 2 });
    const copiesB = await store.find<CopyDoc>('copies', { bookId: noIsbn!._id }, { sort: { barcode: 1 } });
    expect(copiesB.map((c) => c.location)).toEqual(['一楼书屋', '书屋']);
    expect(copiesB[1]).toMatchObject({ source: 'memberDonation', donor: '王五' });

    // Search fields as the catalogue function stores them.
    expect(bookA).toMatchObject(searchFieldsFor(bookA));
    expect(bookA.searchKeys.length).toBeGreaterThan(0);
  });

  test('a second import of the same file adds nothing and keeps the counts', async () => {
    await importFile(FIXTURE);
    const after = await snapshot(store);
    const countsBefore = await store.find<BookDoc>('books', {}, { projection: { available: 1, total: 1 } });

    const { result } = await importFile(FIXTURE);
    expect(result).toMatchObject({ booksAdded: 0, copiesAdded: 0, unchanged: 5, rejected: 7 });
    expect(await snapshot(store)).toEqual(after);
    expect(await store.find<BookDoc>('books', {}, { projection: { available: 1, total: 1 } })).toEqual(
      countsBefore,
    );
  });

  test('a new copy of a book already held is added to it and counted', async () => {
    await importFile(FIXTURE);
    const more = path.join(dir, 'more.csv');
    writeFileSync(
      more,
      'ISBN,书名,作者,出版社,出版年,分类,条码,馆藏地点\n979-99-0000001-2,别的书名不改变图书,作者甲,人民文学出版社,2016,文学艺术,imp-0010,阅览室\n',
    );
    const { result } = await importFile(more);
    expect(result).toMatchObject({ booksAdded: 0, copiesAdded: 1, rejected: 0 });
    const [book] = await store.find<BookDoc>('books', { isbn13: BOOK_A_ISBN });
    expect(book).toMatchObject({ title: '示例图书甲', available: 4, total: 4 });
    expect(await store.count('copies', { barcode: 'IMP-0010' })).toBe(1); // stored upper-cased
  });

  test('a file without the required columns is refused as a whole', async () => {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'name,code\n红岩,123\n');
    const before = await snapshot(store);
    await expect(importFile(bad)).rejects.toThrow(
      /缺少必需的列：书名（title）、作者（author）、分类（category）、条码（barcode）/,
    );
    expect(await snapshot(store)).toEqual(before);
  });
});

describe('XLSX import', () => {
  test('reads the first worksheet with Chinese headings, numeric cells and dates', async () => {
    const file = path.join(dir, 'catalogue.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('馆藏');
    sheet.addRow(['ISBN', '书名', '作者', '出版社', '出版年', '分类', '条码', '馆藏地点', '备注']);
    sheet.addRow([
      9799900000029,
      '表格里的书',
      '作者甲',
      '人民出版社',
      2019,
      '党史党建',
      'X-0001',
      '阅览室',
      '',
    ]);
    sheet.addRow([
      9799900000029,
      '表格里的书',
      '作者甲',
      '人民出版社',
      new Date(2019, 5, 1),
      '党史党建',
      'X-0002',
      '',
      '',
    ]);
    sheet.addRow([
      '9799900000020',
      '坏校验位',
      '作者乙',
      '人民出版社',
      2019,
      '党史党建',
      'X-0003',
      '阅览室',
      '',
    ]);
    sheet.addRow(['', '缺分类', '作者丙', '人民出版社', 2019, '', 'X-0004', '阅览室', '']);
    await workbook.xlsx.writeFile(file);

    const { result, rejected } = await importFile(file);
    expect(result).toMatchObject({ rows: 4, booksAdded: 1, copiesAdded: 2, rejected: 2 });
    expect(result.ignoredColumns).toEqual(['备注']);
    const reasons = reasonsByLine(rejected);
    expect(reasons[4]).toMatch(/校验位不正确/);
    expect(reasons[5]).toMatch(/请填写分类/);
    const [book] = await store.find<BookDoc>('books', { isbn13: '9799900000029' });
    expect(book).toMatchObject({ title: '表格里的书', year: 2019, available: 2, total: 2 });

    const again = await importFile(file);
    expect(again.result).toMatchObject({ booksAdded: 0, copiesAdded: 0, unchanged: 2 });
  });
});

describe('the CLI', () => {
  test('writes the rejected rows next to the file and prints a summary with time and memory', async () => {
    await store.close();
    const file = path.join(dir, 'small.csv');
    copyFileSync(FIXTURE, file);
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/import/index.ts', file], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dir },
      });
    const first = await run();
    expect(first.stdout).toMatch(/共 12 行：新增图书 2 种、复本 5 册；已在馆未变 0 行；拒绝 7 行。/);
    expect(first.stdout).toMatch(/用时 [\d.]+ 秒，内存峰值 \d+ MiB（RSS）/);
    const report = readFileSync(path.join(dir, 'small.rejected.csv'), 'utf8');
    expect(report.startsWith('\uFEFF行号,原因,isbn,title')).toBe(true);
    expect(report.trim().split('\r\n')).toHaveLength(8);

    const second = await run();
    expect(second.stdout).toMatch(/新增图书 0 种、复本 0 册；已在馆未变 5 行；拒绝 7 行/);
    store = await openStore(dir);
  });
});

describe('the cloud writer (wx-server-sdk) against a local cloud', () => {
  test('imports, then adds nothing on a second import', async () => {
    await store.close();
    const cloud = await startLocalCloud({
      dataDir: dir,
      port: 0,
      functionsDir: path.join(ROOT, 'cloudfunctions'),
      indexes: declaredIndexes(),
    });
    const saved = { ...process.env };
    Object.assign(process.env, sdkEnv(cloud.url));
    try {
      const writer = new CloudWriter('local');
      const first = await importCatalogue(FIXTURE, writer, {});
      expect(first).toMatchObject({ booksAdded: 2, copiesAdded: 5, rejected: 7 });
      const second = await importCatalogue(FIXTURE, writer, {});
      expect(second).toMatchObject({ booksAdded: 0, copiesAdded: 0, unchanged: 5 });
    } finally {
      process.env = saved;
      await cloud.close();
    }
    store = await openStore(dir);
    const [book] = await store.find<BookDoc>('books', { isbn13: BOOK_A_ISBN });
    expect(book).toMatchObject({ available: 3, total: 3 });
    expect(existsSync(path.join(dir, 'cloud.sqlite'))).toBe(true);
  });
});
