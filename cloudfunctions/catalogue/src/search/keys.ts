/**
 * The index keys a book stores in `searchKeys` (one multikey index, `searchKeys_createdAt`, serves every
 * search), and the title forms stored beside them. Key families (docs/search.md):
 *
 * | key                       | from                                              | tier it decides |
 * | ------------------------- | ------------------------------------------------- | --------------- |
 * | `e:红星照耀中国`           | the whole title: characters, pinyin, initials     | exact title     |
 * | `h:红星`, `h:hongx`       | title prefixes: ≤ 12 characters / pinyin letters, | title prefix    |
 * |                           | ≤ 8 initials                                      |                 |
 * | `c:` `b:` `w:` `p:` `q:` `i:` | title and author: characters, character pairs, | title / author  |
 * |                           | word prefixes, syllables, syllable pairs, initial |                 |
 * |                           | pairs                                             |                 |
 * | `oc:` `ob:` `ow:`         | subtitle, translator, publisher, tags: the same;  | the rest        |
 * | `op:` `oq:` `oi:`         | pinyin of tags                                    |                 |
 * | `n:978…`                  | the ISBN-13 (also from an ISBN-10)                | ISBN            |
 */
import { isbn10To13 } from '../../../../miniprogram/shared/isbn';
import type { SearchableBook } from './index';
import { compactForm, normalizeText, syllablesOf, tokenize, type Token } from './text';

/** Longest Latin word / number prefix stored as a `w:` key. */
export const MAX_WORD_PREFIX = 20;
/** Longest title prefix stored as an `h:` key, in characters (or pinyin letters). */
export const HEAD_CHARS = 12;
/** Longest initials prefix stored as an `h:` key. */
export const HEAD_INITIALS = 8;

/** The fields a book document stores for search, computed from its bibliographic fields. */
export interface BookSearchFields {
  /** Every index key of the book (multikey index `searchKeys_createdAt`). */
  searchKeys: string[];
  /** The title's tokens joined: Simplified, lower case, no spaces or punctuation. */
  searchTitle: string;
  /** The title's pinyin syllables joined (`hongxingzhaoyaozhongguo`). */
  searchTitlePinyin: string;
  /** The title's initials (`hxzyzg`); Latin words and numbers count with their first character. */
  searchTitleInitials: string;
}

/** The key prefixes of the two field families. */
export interface KeyFamily {
  char: string;
  pair: string;
  word: string;
  syllable: string;
  syllablePair: string;
  initials: string;
}
export const MAIN: KeyFamily = {
  char: 'c:',
  pair: 'b:',
  word: 'w:',
  syllable: 'p:',
  syllablePair: 'q:',
  initials: 'i:',
};
export const OTHER: KeyFamily = {
  char: 'oc:',
  pair: 'ob:',
  word: 'ow:',
  syllable: 'op:',
  syllablePair: 'oq:',
  initials: 'oi:',
};

/** Tokens of a text, and per Han token its syllables. */
function analyse(text: string): Token[] {
  return tokenize(normalizeText(text));
}

function addTextKeys(keys: Set<string>, tokens: Token[], family: KeyFamily, withPinyin: boolean): void {
  for (const token of tokens) {
    if (token.kind !== 'han') {
      const max = Math.min(token.text.length, MAX_WORD_PREFIX);
      for (let len = 1; len <= max; len++) keys.add(family.word + token.text.slice(0, len));
      continue;
    }
    const chars = [...token.text];
    chars.forEach((c, j) => {
      keys.add(family.char + c);
      if (j > 0) keys.add(`${family.pair}${chars[j - 1]}${c}`);
    });
    if (!withPinyin) continue;
    const syllables = syllablesOf(token.text);
    syllables.forEach((s, j) => {
      keys.add(family.syllable + s);
      if (j > 0) {
        const prev = syllables[j - 1] as string;
        keys.add(`${family.syllablePair}${prev} ${s}`);
        keys.add(`${family.initials}${prev[0]}${s[0]}`);
      }
    });
  }
}

function addPrefixes(keys: Set<string>, text: string, max: number): void {
  const chars = [...text];
  for (let len = 1; len <= Math.min(max, chars.length); len++) keys.add(`h:${chars.slice(0, len).join('')}`);
}

export function searchFieldsFor(book: SearchableBook): BookSearchFields {
  const keys = new Set<string>();
  const title = analyse(book.title);
  addTextKeys(keys, title, MAIN, true);
  addTextKeys(keys, analyse(book.author), MAIN, true);
  for (const text of [book.subtitle, book.translator, book.publisher]) {
    addTextKeys(keys, analyse(text), OTHER, false);
  }
  for (const tag of book.tags) addTextKeys(keys, analyse(tag), OTHER, true);

  const searchTitle = compactForm(title);
  const syllables = title.flatMap((t) => (t.kind === 'han' ? syllablesOf(t.text) : [t.text]));
  const searchTitlePinyin = syllables.join('');
  const searchTitleInitials = syllables.map((s) => s[0] ?? '').join('');
  for (const whole of [searchTitle, searchTitlePinyin, searchTitleInitials]) {
    if (whole) keys.add(`e:${whole}`);
  }
  addPrefixes(keys, searchTitle, HEAD_CHARS);
  addPrefixes(keys, searchTitlePinyin, HEAD_CHARS);
  addPrefixes(keys, searchTitleInitials, HEAD_INITIALS);

  const isbn13 = book.isbn13 || (book.isbn10 ? isbn10To13(book.isbn10) : '');
  if (isbn13) keys.add(`n:${isbn13}`);

  return { searchKeys: [...keys], searchTitle, searchTitlePinyin, searchTitleInitials };
}
