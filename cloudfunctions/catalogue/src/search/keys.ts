/**
 * The index keys a book stores in `searchKeys` (one multikey index serves every search), and the other
 * search fields. Key families (docs/search.md):
 *
 * | key          | from                                         | a query that uses it            |
 * | ------------ | -------------------------------------------- | ------------------------------- |
 * | `c:党`        | every Han character of every text field     | a one-character query           |
 * | `b:党史`      | every pair of adjacent Han characters       | Han text of 2+ characters       |
 * | `w:red`      | prefixes (≤ 20) of Latin words and numbers  | Latin words, numbers            |
 * | `p:dang`     | pinyin syllables (title, author, tags)      | one typed syllable              |
 * | `q:dang shi` | pairs of adjacent syllables                 | typed pinyin of 2+ syllables    |
 * | `i:ds`       | pairs of adjacent initials                  | typed initials (`hxzyzg`)       |
 * | `h:红星`      | the title's first 1–4 characters, syllables | the head of the title (ranking  |
 * |              | or initials                                 | of broad queries)               |
 * | `n:978…`     | the ISBN-13 (also from an ISBN-10)          | an ISBN, with or without hyphens |
 */
import { isbn10To13 } from '../../../../miniprogram/shared/isbn';
import type { SearchableBook } from './index';
import { compactForm, normalizeText, syllablesOf, tokenize, type Token } from './text';

/** Longest Latin/number prefix stored as a `w:` key. */
export const MAX_WORD_PREFIX = 20;
/** How many leading characters / syllables / initials of a title become `h:` keys. */
export const HEAD_LENGTH = 4;

/** The fields a book document stores for search, computed from its bibliographic fields. */
export interface BookSearchFields {
  /** Every index key of the book (multikey index `searchKeys_createdAt__id`). */
  searchKeys: string[];
  /** The title's tokens joined: Simplified, lower case, no spaces or punctuation (exact / prefix rank). */
  searchTitle: string;
  /** The title's pinyin syllables joined (`hongxingzhaoyaozhongguo`). */
  searchTitlePinyin: string;
  /** The title's initials (`hxzyzg`); Latin words and numbers count with their first character. */
  searchTitleInitials: string;
  /** The author's tokens joined (token rank). */
  searchAuthor: string;
}

interface Analysed {
  tokens: Token[];
  /** Per token: its syllables (Han), else the token itself as one piece. */
  pieces: string[][];
}

function analyse(text: string, withPinyin: boolean): Analysed {
  const tokens = tokenize(normalizeText(text));
  const pieces = tokens.map((t) => (t.kind === 'han' && withPinyin ? syllablesOf(t.text) : [t.text]));
  return { tokens, pieces };
}

function addTextKeys(keys: Set<string>, a: Analysed, withPinyin: boolean): void {
  a.tokens.forEach((token, i) => {
    if (token.kind !== 'han') {
      const max = Math.min(token.text.length, MAX_WORD_PREFIX);
      for (let len = 1; len <= max; len++) keys.add(`w:${token.text.slice(0, len)}`);
      return;
    }
    const chars = [...token.text];
    chars.forEach((c, j) => {
      keys.add(`c:${c}`);
      if (j > 0) keys.add(`b:${chars[j - 1]}${c}`);
    });
    if (!withPinyin) return;
    const syllables = a.pieces[i] ?? [];
    syllables.forEach((s, j) => {
      keys.add(`p:${s}`);
      if (j > 0) {
        const prev = syllables[j - 1] as string;
        keys.add(`q:${prev} ${s}`);
        keys.add(`i:${prev[0]}${s[0]}`);
      }
    });
  });
}

export function searchFieldsFor(book: SearchableBook): BookSearchFields {
  const keys = new Set<string>();
  const title = analyse(book.title, true);
  addTextKeys(keys, title, true);
  addTextKeys(keys, analyse(book.author, true), true);
  for (const tag of book.tags) addTextKeys(keys, analyse(tag, true), true);
  addTextKeys(keys, analyse(book.subtitle, false), false);
  addTextKeys(keys, analyse(book.translator, false), false);
  addTextKeys(keys, analyse(book.publisher, false), false);

  const searchTitle = compactForm(title.tokens);
  const syllables = title.pieces.flat();
  const initials = syllables.map((s) => s[0] ?? '').join('');
  const chars = [...searchTitle];
  for (let len = 1; len <= HEAD_LENGTH; len++) {
    if (len <= chars.length) keys.add(`h:${chars.slice(0, len).join('')}`);
    if (len <= syllables.length) keys.add(`h:${syllables.slice(0, len).join('')}`);
    if (len <= initials.length) keys.add(`h:${initials.slice(0, len)}`);
  }

  const isbn13 = book.isbn13 || (book.isbn10 ? isbn10To13(book.isbn10) : '');
  if (isbn13) keys.add(`n:${isbn13}`);

  return {
    searchKeys: [...keys],
    searchTitle,
    searchTitlePinyin: syllables.join(''),
    searchTitleInitials: initials,
    searchAuthor: compactForm(analyse(book.author, false).tokens),
  };
}
