/**
 * Writes a sample import file for measurements: `npx tsx scripts/import/sample.ts FILE.csv|FILE.xlsx [ROWS]`
 * (default 50 000 rows, one per copy) from the synthetic titles (numbers from 5 000 001, so they do not
 * meet `npm run seed -- --books N`), with Chinese headings and about 1% bad rows (checksum, empty title,
 * unknown category, repeated barcode) so the report has something to say. Streams: nothing is held.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DEFAULT_BOOK_CATEGORIES } from '../../typings/entities';
import { syntheticTitle } from '../seed/synthetic';
import { csvField } from './report';

const HEADINGS = [
  'ISBN',
  '书名',
  '副书名',
  '作者',
  '出版社',
  '出版年',
  '分类',
  '条码',
  '馆藏地点',
  '标签',
  '来源',
  '捐赠者',
];
const FIRST_TITLE = 5_000_001;
const SOURCE_LABELS = {
  purchase: '采购',
  librarySelection: '馆藏精选',
  unitDonation: '单位捐赠',
  memberDonation: '个人捐赠',
};

function* sampleRows(count: number): Generator<string[]> {
  const categoryIds = Object.fromEntries(DEFAULT_BOOK_CATEGORIES.map((name) => [name, name]));
  let rows = 0;
  for (let n = FIRST_TITLE; rows < count; n++) {
    const { book, copies } = syntheticTitle(n, 1, { categoryIds });
    for (const copy of copies) {
      if (rows >= count) return;
      rows += 1;
      const row = [
        book.isbn13,
        book.title,
        book.subtitle,
        book.author,
        book.publisher,
        String(book.year),
        book.categoryId, // the category's name (see categoryIds above)
        `IMP${String(rows).padStart(7, '0')}`,
        copy.location,
        book.tags.join('、'),
        SOURCE_LABELS[copy.source],
        copy.donor,
      ];
      if (rows % 400 === 0) row[0] = book.isbn13.slice(0, 12) + String((Number(book.isbn13[12]) + 1) % 10);
      if (rows % 400 === 100) row[1] = '';
      if (rows % 400 === 200) row[6] = '未知分类';
      if (rows % 400 === 300) row[7] = `IMP${String(rows - 1).padStart(7, '0')}`;
      yield row;
    }
  }
}

async function main(): Promise<void> {
  const [file, countArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: npx tsx scripts/import/sample.ts FILE.csv|FILE.xlsx [ROWS]');
  const count = Number(countArg ?? 50_000);
  if (path.extname(file) === '.xlsx') {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    const sheet = workbook.addWorksheet('馆藏');
    sheet.addRow(HEADINGS).commit();
    for (const row of sampleRows(count)) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  } else {
    const out = createWriteStream(file);
    const write = (line: string) =>
      out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
    await write('\uFEFF' + HEADINGS.join(',') + '\n');
    for (const row of sampleRows(count)) await write(row.map(csvField).join(',') + '\n');
    await new Promise<void>((resolve) => out.end(resolve));
  }
  console.log(`wrote ${count} rows to ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
