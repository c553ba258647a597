/** Input schemas of the catalogue actions (zod): limits and Chinese messages in one place. */
import { z } from 'zod';
import { BOOKLIST_KINDS, COPY_SOURCES } from '../../../typings/entities';
import { compactIsbn, parseIsbn } from '../../../miniprogram/shared/isbn';
import { id, longText, optionalText, pageNumber, pageSize, requestId, text } from '../../_shared/validation';

/** A copy's label: 4–32 letters, digits or hyphens; stored and looked up upper-cased. */
export const barcode = z
  .string({ error: '条码必须是文字' })
  .max(200, { error: '条码格式不正确（4–32 位字母、数字或短横线）' })
  .transform((s) => s.trim().toUpperCase())
  .refine((s) => /^[A-Z0-9-]{4,32}$/.test(s), { error: '条码格式不正确（4–32 位字母、数字或短横线）' });

/**
 * An ISBN (10 or 13, hyphens allowed), checksum checked; answers it compact (digits and X). The handler
 * derives ISBN-13 and ISBN-10 with parseIsbn (the parsed input keeps the contract's string type).
 */
export const isbn = z
  .string({ error: 'ISBN 必须是文字' })
  .max(40, { error: 'ISBN 应为 10 位或 13 位' })
  .superRefine((s, ctx) => {
    const parsed = parseIsbn(s);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
  })
  .transform((s) => compactIsbn(s));

/** An optional ISBN on the book form: empty means the book has none. */
const optionalIsbn = z
  .string({ error: 'ISBN 必须是文字' })
  .max(40, { error: 'ISBN 应为 10 位或 13 位' })
  .superRefine((s, ctx) => {
    if (s.trim() === '') return;
    const parsed = parseIsbn(s);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
  })
  .transform((s) => compactIsbn(s));

/** 0 when unknown, else 1000 up to next year (books announced ahead of printing). */
const year = z
  .number({ error: '出版年份必须是数字' })
  .int({ error: '出版年份必须是整数' })
  .refine((y) => y === 0 || (y >= 1000 && y <= new Date().getFullYear() + 1), {
    error: '出版年份不正确（未知请填 0）',
  });

/** A cloud storage file ID or a web address of an image. */
const cover = z
  .string({ error: '封面必须是文字' })
  .max(2000, { error: '封面地址不能超过 500 个字符' })
  .transform((s) => s.trim())
  .refine((s) => s.length <= 500, { error: '封面地址不能超过 500 个字符' })
  .refine((s) => s === '' || /^(cloud:\/\/|https?:\/\/)[^\s<>"']+$/.test(s), {
    error: '封面应为云存储文件或 http(s) 图片地址',
  });

export const MAX_TAGS = 20;

const tags = z
  .array(text('标签', 20), { error: '标签必须是文字列表' })
  .max(MAX_TAGS, { error: `标签不能超过 ${MAX_TAGS} 个` })
  .transform((list) => [...new Set(list)]);

export const bookId = z.object({ bookId: id('图书编号') });

export const saveBookInput = z.object({
  bookId: id('图书编号').optional(),
  requestId: requestId.optional(),
  isbn: optionalIsbn.optional(),
  title: text('书名', 200),
  subtitle: optionalText('副书名', 200).optional(),
  author: text('作者', 100),
  translator: optionalText('译者', 100).optional(),
  publisher: optionalText('出版社', 100).optional(),
  year: year.optional(),
  categoryId: id('图书分类'),
  tags: tags.optional(),
  summary: longText('内容简介', 2000).optional(),
  cover: cover.optional(),
});
export type SaveBookInput = z.output<typeof saveBookInput>;

/** Scanned barcodes per call; generated copies per call. */
export const MAX_SCANNED_BARCODES = 100;
export const MAX_GENERATED_COPIES = 50;

export const addCopiesInput = z
  .object({
    bookId: id('图书编号'),
    requestId: requestId.optional(),
    barcodes: z
      .array(barcode, { error: '条码必须是文字列表' })
      .min(1, { error: '请扫描至少一个条码' })
      .max(MAX_SCANNED_BARCODES, { error: `一次最多添加 ${MAX_SCANNED_BARCODES} 个条码` })
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        for (const code of list) {
          if (seen.has(code)) ctx.addIssue({ code: 'custom', message: `条码 ${code} 重复了` });
          seen.add(code);
        }
      })
      .optional(),
    count: z
      .number({ error: '复本数量必须是数字' })
      .int({ error: '复本数量必须是整数' })
      .min(1, { error: '复本数量至少为 1' })
      .max(MAX_GENERATED_COPIES, { error: `一次最多生成 ${MAX_GENERATED_COPIES} 个复本` })
      .optional(),
    location: text('馆藏地点', 40),
    source: z.enum(COPY_SOURCES, { error: '复本来源无效' }),
    donor: optionalText('捐赠者', 60).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.barcodes === undefined) === (input.count === undefined)) {
      ctx.addIssue({ code: 'custom', message: '请扫描条码或填写要生成的复本数量（二选一）' });
    }
  });
export type AddCopiesInput = z.output<typeof addCopiesInput>;

export const updateCopyInput = z
  .object({
    copyId: id('复本编号'),
    status: z.enum(['available', 'inRepair', 'lost', 'withdrawn'], { error: '复本状态无效' }).optional(),
    location: text('馆藏地点', 40).optional(),
    reason: optionalText('原因', 100).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.status === undefined && input.location === undefined) {
      ctx.addIssue({ code: 'custom', message: '请选择新的状态或馆藏地点' });
    }
  });
export type UpdateCopyInput = z.output<typeof updateCopyInput>;

export const copyInput = z.object({ barcode });

export const lookupIsbnInput = z.object({ isbn });

export const newArrivalsInput = z.object({ page: pageNumber(), pageSize: pageSize(50, 20) });

export const saveCategoryInput = z.object({
  categoryId: id('图书分类').optional(),
  name: text('分类名称', 20),
});

function uniqueIds(label: string, max: number) {
  return z
    .array(id(label), { error: `${label}必须是列表` })
    .max(max, { error: `${label}不能超过 ${max} 个` })
    .refine((ids) => new Set(ids).size === ids.length, { error: `${label}有重复` });
}

export const MAX_CATEGORIES = 100;
export const MAX_BOOKLISTS = 200;
export const MAX_BOOKLIST_ITEMS = 500;

export const orderCategoriesInput = z.object({ categoryIds: uniqueIds('图书分类', MAX_CATEGORIES) });
export const categoryIdInput = z.object({ categoryId: id('图书分类') });

export const booklistKind = z.enum(BOOKLIST_KINDS, { error: '书单类型无效' });

export const saveBooklistInput = z.object({
  booklistId: id('书单编号').optional(),
  requestId: requestId.optional(),
  kind: booklistKind,
  title: text('书单名称', 60),
  description: longText('书单介绍', 1000).optional(),
  curator: optionalText('推荐人', 40).optional(),
  curatorUnit: optionalText('推荐人单位', 60).optional(),
  featured: z.boolean({ error: '是否推荐到首页必须是是或否' }).optional(),
  items: z
    .array(
      z.object({
        bookId: id('图书编号'),
        comment: longText('推荐语', 200).default(''),
      }),
      { error: '书单图书必须是列表' },
    )
    .max(MAX_BOOKLIST_ITEMS, { error: `一个书单最多 ${MAX_BOOKLIST_ITEMS} 本书` })
    .refine((items) => new Set(items.map((i) => i.bookId)).size === items.length, {
      error: '书单中有重复的图书',
    }),
});
export type SaveBooklistInput = z.output<typeof saveBooklistInput>;

export const orderBooklistsInput = z.object({ booklistIds: uniqueIds('书单', MAX_BOOKLISTS) });
export const booklistIdInput = z.object({ booklistId: id('书单编号') });
export const booklistsInput = z.object({ kind: booklistKind.optional() });
