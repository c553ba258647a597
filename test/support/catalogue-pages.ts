/**
 * For the catalogue's page tests and gallery scenes: the `wx` APIs those pages use beyond test/support/wx.ts
 * (recorded), and books created through the `catalogue` function as the test admin.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Book } from '../../typings';
import { callOk } from './cloud';
import { localCloudDataDir, TEST_ADMIN_OPENID } from './env';

/** What a page asks of wx.showShareMenu. */
export interface ShareMenuOptions {
  withShareTicket?: boolean;
  menus?: string[];
}

export interface CatalogueWx {
  /** Titles set with wx.setNavigationBarTitle. */
  titles: string[];
  shareMenus: ShareMenuOptions[];
}

/** Adds wx.setNavigationBarTitle and wx.showShareMenu to the installed shim (call after installWx). */
export function catalogueWx(): CatalogueWx {
  const recorded: CatalogueWx = { titles: [], shareMenus: [] };
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  Object.assign(g.wx, {
    setNavigationBarTitle: (options: { title: string }) => {
      recorded.titles.push(options.title);
      return Promise.resolve({ errMsg: 'setNavigationBarTitle:ok' });
    },
    showShareMenu: (options: ShareMenuOptions) => {
      recorded.shareMenus.push(options);
      return Promise.resolve({ errMsg: 'showShareMenu:ok' });
    },
  });
  return recorded;
}

/** A word of consonants no seed book or other test uses (it cannot be read as pinyin either). */
export function uniqueWord(): string {
  const letters = 'bcdfghjklmnpqrstvwxz';
  let word = '';
  for (let i = 0; i < 8; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

export interface NewBook {
  title: string;
  subtitle?: string;
  author?: string;
  publisher?: string;
  year?: number;
  /** Category by name; default 党史党建. */
  category?: string;
  tags?: string[];
  summary?: string;
  /** Copies to add (generated barcodes), all available. */
  copies: number;
  location?: string;
  openid?: string;
}

/** Creates a book (and its copies) through the catalogue function as an admin. */
export async function newBook(spec: NewBook): Promise<Book> {
  const openid = spec.openid ?? TEST_ADMIN_OPENID;
  const { items } = await callOk('catalogue', 'categories', {}, openid);
  const categoryName = spec.category ?? '党史党建';
  const category = items.find((c) => c.name === categoryName);
  if (!category) throw new Error(`no category ${categoryName}`);
  const { book } = await callOk(
    'catalogue',
    'saveBook',
    {
      title: spec.title,
      subtitle: spec.subtitle ?? '',
      author: spec.author ?? '测试作者',
      publisher: spec.publisher ?? '测试出版社',
      year: spec.year ?? 2020,
      categoryId: category._id,
      tags: spec.tags ?? [],
      summary: spec.summary ?? '',
    },
    openid,
  );
  if (spec.copies > 0) {
    await callOk(
      'catalogue',
      'addCopies',
      { bookId: book._id, count: spec.copies, location: spec.location ?? '一楼阅览室', source: 'purchase' },
      openid,
    );
  }
  return book;
}

/**
 * Takes a book's record out of the local cloud's database, as a later removal would (no action removes a
 * book yet). Runs the store API in a child process: page tests are type-checked with the mini-program's
 * settings, which cannot load the local cloud's modules.
 */
export function removeBookRecord(bookId: string): void {
  const root = path.resolve(__dirname, '..', '..');
  const script = `
    const { openStore } = require(${JSON.stringify(path.join(root, 'scripts/local-cloud/store.ts'))});
    (async () => {
      const store = await openStore(process.env.DATA_DIR);
      try { await store.remove('books', { _id: process.env.BOOK_ID }); } finally { await store.close(); }
    })().catch((error) => { console.error(error); process.exit(1); });`;
  execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: root,
    env: { ...process.env, DATA_DIR: localCloudDataDir(), BOOK_ID: bookId },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
