/** The catalogue's pure rules: what the counts count, holdings, generated barcodes, input normalisation. */
import type { z } from 'zod';
import { COPY_STATUSES, type CopyStatus } from '../../typings/entities';
import {
  countDelta,
  countsAsAvailable,
  countsInTotal,
  holdingsOf,
  type CopyDoc,
} from '../../cloudfunctions/_shared/books';
import { describeIssue } from '../../cloudfunctions/_shared/validation';
import { generateBarcode } from '../../cloudfunctions/catalogue/src/barcodes';
import {
  addCopiesInput,
  lookupIsbnInput,
  saveBookInput,
  saveBooklistInput,
  updateCopyInput,
} from '../../cloudfunctions/catalogue/src/schemas';

function message(schema: z.ZodType, value: unknown): string | null {
  const res = schema.safeParse(value);
  return res.success ? null : describeIssue(res.error);
}

describe('counts', () => {
  it('counts only copies on the shelf as available, and every copy not withdrawn or lost in the total', () => {
    expect(COPY_STATUSES.filter(countsAsAvailable)).toEqual(['available']);
    expect(COPY_STATUSES.filter(countsInTotal)).toEqual(['available', 'onLoan', 'onHoldShelf', 'inRepair']);
  });

  it.each([
    [null, 'available', { available: 1, total: 1 }],
    ['available', 'onLoan', { available: -1, total: 0 }],
    ['onLoan', 'onHoldShelf', { available: 0, total: 0 }],
    ['onHoldShelf', 'available', { available: 1, total: 0 }],
    ['available', 'lost', { available: -1, total: -1 }],
    ['inRepair', 'withdrawn', { available: 0, total: -1 }],
    ['lost', 'available', { available: 1, total: 1 }],
    ['withdrawn', 'lost', { available: 0, total: 0 }],
    ['available', 'available', { available: 0, total: 0 }],
  ] as [CopyStatus | null, CopyStatus, { available: number; total: number }][])(
    '%s → %s moves the counts by %j',
    (from, to, delta) => {
      expect(countDelta(from, to)).toEqual(delta);
    },
  );

  it('sums every path of changes to a recount', () => {
    // any sequence of statuses: the sum of deltas equals the final state's contribution
    for (const a of COPY_STATUSES) {
      for (const b of COPY_STATUSES) {
        const d1 = countDelta(null, a);
        const d2 = countDelta(a, b);
        expect(d1.available + d2.available).toBe(countsAsAvailable(b) ? 1 : 0);
        expect(d1.total + d2.total).toBe(countsInTotal(b) ? 1 : 0);
      }
    }
  });
});

describe('holdings', () => {
  const copy = (location: string, status: CopyStatus) => ({ location, status }) as CopyDoc;
  it('groups held copies by location, available among them, withdrawn and lost left out', () => {
    expect(
      holdingsOf([
        copy('二楼', 'available'),
        copy('一楼', 'onLoan'),
        copy('二楼', 'inRepair'),
        copy('一楼', 'available'),
        copy('三楼', 'withdrawn'),
        copy('三楼', 'lost'),
        copy('二楼', 'onHoldShelf'),
      ]),
    ).toEqual([
      { location: '一楼', available: 1, total: 2 },
      { location: '二楼', available: 1, total: 3 },
    ]);
  });
});

describe('generated barcodes', () => {
  it('are SW and 10 unambiguous characters, and do not repeat', () => {
    const codes = Array.from({ length: 2000 }, generateBarcode);
    for (const code of codes) expect(code).toMatch(/^SW[2-9A-HJKMNP-Z]{10}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('input', () => {
  const book = { title: '书', author: '人', categoryId: 'c1' };

  it('normalises an ISBN to its compact form and refuses a bad checksum in Chinese', () => {
    expect(saveBookInput.parse({ ...book, isbn: '978-7-5063-4353-4' }).isbn).toBe('9787506343534');
    expect(saveBookInput.parse({ ...book, isbn: '  ' }).isbn).toBe('');
    expect(message(saveBookInput, { ...book, isbn: '978-7-5063-4353-5' })).toMatch(/校验位/);
    expect(message(lookupIsbnInput, { isbn: '' })).toMatch(/ISBN/);
    expect(lookupIsbnInput.parse({ isbn: '7-5063-4353-3' }).isbn).toBe('7506343533');
  });

  it('upper-cases barcodes and refuses a repeated one', () => {
    const base = { bookId: 'b1', location: '一楼', source: 'purchase' };
    expect(addCopiesInput.parse({ ...base, barcodes: [' ab-12 '] }).barcodes).toEqual(['AB-12']);
    expect(message(addCopiesInput, { ...base, barcodes: ['ab-12', 'AB-12'] })).toBe('条码 AB-12 重复了');
  });

  it('drops repeated tags and unknown fields', () => {
    const parsed = saveBookInput.parse({ ...book, tags: ['党史', '党史', '长征'], available: 5 });
    expect(parsed.tags).toEqual(['党史', '长征']);
    expect(parsed).not.toHaveProperty('available');
  });

  it('accepts the years 0 and next year, and covers from cloud storage or the web', () => {
    const next = new Date().getFullYear() + 1;
    expect(saveBookInput.parse({ ...book, year: 0 }).year).toBe(0);
    expect(saveBookInput.parse({ ...book, year: next }).year).toBe(next);
    for (const cover of ['cloud://env.1234/c.jpg', 'https://img.example.cn/c.png', 'http://x.cn/c', '']) {
      expect(saveBookInput.parse({ ...book, cover }).cover).toBe(cover);
    }
    expect(message(saveBookInput, { ...book, cover: 'ftp://x/c.jpg' })).toMatch(/封面/);
  });

  it('needs a new status or location to change a copy, and fills in booklist comments', () => {
    expect(message(updateCopyInput, { copyId: 'c1' })).toBe('请选择新的状态或馆藏地点');
    expect(
      saveBooklistInput.parse({ kind: 'shelf', title: '专架', items: [{ bookId: 'b1' }] }).items,
    ).toEqual([{ bookId: 'b1', comment: '' }]);
  });
});
