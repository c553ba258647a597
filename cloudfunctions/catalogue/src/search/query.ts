/**
 * From what a member typed to a query plan. Every token must match (`$and`); a token matches through one
 * of its alternatives (`$or`), each a set of index keys a book must all carry (`$all`):
 *
 * - Han text: its character pairs (one character: the character);
 * - a number: a word prefix;
 * - Latin letters: a word prefix, or pinyin (syllables, or pairs of them: `hongxing` → `hong xing`), or
 *   initials (pairs of them: `hxzy` → `hx xz zy`; one letter: the title's first initial).
 *
 * The alternatives in the title and author (`main`) decide the "title / author" tier; those in the other
 * fields (`other`: subtitle, translator, publisher, tags) only make a book match. `exact` and `head` are
 * the keys of the exact-title and title-prefix tiers.
 */
import { looksLikeIsbn, parseIsbn } from '../../../../miniprogram/shared/isbn';
import { HEAD_CHARS, MAIN, MAX_WORD_PREFIX, OTHER, type KeyFamily } from './keys';
import { compactForm, normalizeText, splitPinyin, tokenize } from './text';

/** Alternatives of one token: each a list of keys that must all be present. */
export type Alternatives = string[][];

export interface QueryPlan {
  /** Per token, its alternatives in the title and author. */
  main: Alternatives[];
  /** Per token, its alternatives in the other fields (same order as `main`). */
  other: Alternatives[];
  /** The exact-title key (`e:`). */
  exact: string;
  /** The title-prefix key (`h:`). */
  head: string;
  /** The query's tokens joined: what an exact title equals. */
  compact: string;
}

export type ParsedQuery =
  { kind: 'all' } | { kind: 'none' } | { kind: 'isbn'; key: string } | { kind: 'text'; plan: QueryPlan };

function hanKeys(han: string, family: KeyFamily): string[] {
  const chars = [...han];
  if (chars.length === 1) return [family.char + han];
  return chars.slice(1).map((c, i) => `${family.pair}${chars[i]}${c}`);
}

function pairs(items: string[], key: (a: string, b: string) => string): string[] {
  return items.slice(1).map((b, i) => key(items[i] as string, b));
}

function latinAlternatives(letters: string, family: KeyFamily): Alternatives {
  const alternatives: Alternatives = [[family.word + letters.slice(0, MAX_WORD_PREFIX)]];
  const split = splitPinyin(letters);
  if (split && split.syllables.length > 0) {
    const s = split.syllables;
    alternatives.push(
      s.length === 1 ? [family.syllable + s[0]] : pairs(s, (a, b) => `${family.syllablePair}${a} ${b}`),
    );
  }
  if (letters.length >= 2) alternatives.push(pairs([...letters], (a, b) => `${family.initials}${a}${b}`));
  else if (family === MAIN) alternatives.push([`h:${letters}`]);
  return alternatives;
}

export function parseQuery(q: string): ParsedQuery {
  if (q === '') return { kind: 'all' };
  if (looksLikeIsbn(q)) {
    const parsed = parseIsbn(q);
    return parsed.ok ? { kind: 'isbn', key: `n:${parsed.isbn13}` } : { kind: 'none' };
  }
  const tokens = tokenize(normalizeText(q));
  if (tokens.length === 0) return { kind: 'none' };
  const main: Alternatives[] = [];
  const other: Alternatives[] = [];
  for (const token of tokens) {
    if (token.kind === 'han') {
      main.push([hanKeys(token.text, MAIN)]);
      other.push([hanKeys(token.text, OTHER)]);
    } else if (token.kind === 'latin') {
      main.push(latinAlternatives(token.text, MAIN));
      other.push(latinAlternatives(token.text, OTHER));
    } else {
      const number = token.text.slice(0, MAX_WORD_PREFIX);
      main.push([[MAIN.word + number]]);
      other.push([[OTHER.word + number]]);
    }
  }
  const compact = compactForm(tokens);
  return {
    kind: 'text',
    plan: {
      main,
      other,
      exact: `e:${compact}`,
      head: `h:${[...compact].slice(0, HEAD_CHARS).join('')}`,
      compact,
    },
  };
}

/** The title forms ranking reads from a candidate. */
export interface TitleForms {
  searchTitle?: string;
  searchTitlePinyin?: string;
  searchTitleInitials?: string;
}

/** Whether a candidate's title is the query (the `e:` keys it carries, read from its stored forms). */
export function isExactTitle(plan: QueryPlan, doc: TitleForms): boolean {
  const q = plan.compact;
  return doc.searchTitle === q || doc.searchTitlePinyin === q || doc.searchTitleInitials === q;
}
