/**
 * One import row checked with the catalogue function's own input rules (cloudfunctions/catalogue/src/
 * schemas.ts: lengths, ISBN checksum, year range, barcode form), so an imported book is one the book form
 * would have accepted. Reasons are in Chinese: they go into the report of rejected rows.
 */
import { z } from 'zod';
import type { CopySource } from '../../typings/entities';
import { parseIsbn } from '../../miniprogram/shared/isbn';
import { barcode, saveBookInput } from '../../cloudfunctions/catalogue/src/schemas';
import { optionalText, text } from '../../cloudfunctions/_shared/validation';
import type { ImportRecord } from './columns';

export interface ValidRow {
  line: number;
  book: {
    isbn13: string;
    isbn10: string;
    title: string;
    subtitle: string;
    author: string;
    translator: string;
    publisher: string;
    year: number;
    tags: string[];
    summary: string;
  };
  categoryName: string;
  copy: { barcode: string; location: string; source: CopySource; donor: string };
}

export type RowCheck = { ok: true; row: ValidRow } | { ok: false; reasons: string[] };

const SOURCE_WORDS: [CopySource, string[]][] = [
  ['purchase', ['purchase', '采购', '购买', '购置', '购书', '自购']],
  ['librarySelection', ['libraryselection', '馆藏精选', '图书馆精选', '馆藏', '精选', '调拨']],
  ['unitDonation', ['unitdonation', '单位捐赠', '单位赠送', '单位支持', '单位捐书']],
  [
    'memberDonation',
    ['memberdonation', '个人捐赠', '党员捐赠', '职工捐赠', '学员捐赠', '捐赠', '赠送', '捐书'],
  ],
];

function sourceOf(value: string): CopySource | undefined {
  const word = value.replace(/\s/g, '').toLowerCase();
  if (word === '') return 'purchase';
  return SOURCE_WORDS.find(([, words]) => words.includes(word))?.[0];
}

/** `2016`, `2016.8`, `2016-08-01`, `2016年` → 2016; empty → 0 (unknown); anything else → undefined. */
function yearOf(value: string): number | undefined {
  if (value === '' || value === '0') return 0;
  const match = /^(\d{4})(?:\s*年|[.\-/]\d{1,2}(?:[.\-/]\d{1,2})?|\.0)?\s*(?:月)?$/.exec(value);
  return match ? Number(match[1]) : undefined;
}

/** An ISBN-10 saved as a number by a spreadsheet loses its leading zero: 9 digits → put it back. */
function isbnText(value: string): string {
  return /^\d{9}$/.test(value) ? `0${value}` : value;
}

const copyInput = z.object({
  barcode,
  location: text('馆藏地点', 40),
  donor: optionalText('捐赠者', 60),
});

/** Any valid id: the category is resolved by name afterwards. */
const PLACEHOLDER_CATEGORY_ID = 'category';

export function checkRow(record: ImportRecord, line: number, options: { defaultLocation: string }): RowCheck {
  const reasons: string[] = [];

  const isbnRaw = isbnText(record.isbn ?? '');
  let isbn13 = '';
  let isbn10 = '';
  if (isbnRaw !== '') {
    const parsed = parseIsbn(isbnRaw);
    if (parsed.ok) {
      isbn13 = parsed.isbn13;
      isbn10 = parsed.isbn10;
    } else {
      reasons.push(`ISBN “${isbnRaw}”：${parsed.reason}`);
    }
  }

  const year = yearOf(record.year ?? '');
  if (year === undefined) reasons.push(`出版年“${record.year}”无法识别（应为四位年份，如 2016）`);

  const tags = (record.tags ?? '')
    .split(/[,，;；、|/\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);

  const book = saveBookInput.safeParse({
    title: record.title ?? '',
    subtitle: record.subtitle ?? '',
    author: record.author ?? '',
    translator: record.translator ?? '',
    publisher: record.publisher ?? '',
    year: year ?? 0,
    categoryId: PLACEHOLDER_CATEGORY_ID,
    tags,
    summary: record.summary ?? '',
  });
  if (!book.success) reasons.push(...book.error.issues.map((issue) => issue.message));

  const categoryName = (record.category ?? '').trim();
  if (categoryName === '') reasons.push('请填写分类');

  const source = sourceOf(record.source ?? '');
  if (source === undefined) {
    reasons.push(
      `来源“${record.source}”无法识别（可填：采购、馆藏精选、单位捐赠、个人捐赠，或留空表示采购）`,
    );
  }
  const copy = copyInput.safeParse({
    barcode: record.barcode ?? '',
    location: record.location || options.defaultLocation,
    donor: record.donor ?? '',
  });
  if (!copy.success) {
    const empty = (record.barcode ?? '') === '';
    reasons.push(
      ...copy.error.issues.map((issue) =>
        empty && issue.path[0] === 'barcode' ? '请填写条码' : issue.message,
      ),
    );
  }

  if (reasons.length > 0 || !book.success || !copy.success || source === undefined) {
    return { ok: false, reasons: [...new Set(reasons)] };
  }
  const b = book.data;
  return {
    ok: true,
    row: {
      line,
      book: {
        isbn13,
        isbn10,
        title: b.title,
        subtitle: b.subtitle ?? '',
        author: b.author,
        translator: b.translator ?? '',
        publisher: b.publisher ?? '',
        year: b.year ?? 0,
        tags: b.tags ?? [],
        summary: b.summary ?? '',
      },
      categoryName,
      copy: { barcode: copy.data.barcode, location: copy.data.location, source, donor: copy.data.donor },
    },
  };
}
