/**
 * From what a member typed to a query plan: the index keys every match must carry (Han and digit tokens),
 * the alternatives a Latin token may mean (a word, pinyin, initials), the title heads and exact title that
 * pull the best matches of a broad query, and the terms ranking compares.
 */
import { looksLikeIsbn, parseIsbn } from '../../../../miniprogram/shared/isbn';
import { HEAD_LENGTH, MAX_WORD_PREFIX } from './keys';
import { compactForm, normalizeText, splitPinyin, tokenize, type Token } from './text';

export interface QueryPlan {
  /** Keys every match carries (`$all`). */
  all: string[];
  /** Per Latin token, its alternatives: a match carries every key of at least one (`$or` of `$all`). */
  anyOf: string[][][];
  /** `h:` keys of the title heads the query may be (broad queries fetch these first). */
  heads: string[];
  /** The query as a compact title (`searchTitle` equality). */
  compact: string;
  tokens: Token[];
  /** True when the query is only Latin letters: it may be pinyin or initials of the title. */
  lettersOnly: boolean;
}

export type ParsedQuery =
  { kind: 'all' } | { kind: 'none' } | { kind: 'isbn'; isbn13: string } | { kind: 'text'; plan: QueryPlan };

function bigrams(han: string): string[] {
  const chars = [...han];
  if (chars.length === 1) return [`c:${han}`];
  return chars.slice(1).map((c, i) => `b:${chars[i]}${c}`);
}

function pairs<T>(items: T[], key: (a: T, b: T) => string): string[] {
  return items.slice(1).map((b, i) => key(items[i] as T, b));
}

/** The ways a run of Latin letters can match: as a word, as pinyin, as initials. */
function latinAlternatives(letters: string): string[][] {
  const alternatives: string[][] = [[`w:${letters.slice(0, MAX_WORD_PREFIX)}`]];
  const split = splitPinyin(letters);
  if (split && split.syllables.length > 0) {
    const s = split.syllables;
    alternatives.push(s.length === 1 ? [`p:${s[0]}`] : pairs(s, (a, b) => `q:${a} ${b}`));
  }
  if (letters.length >= 2) alternatives.push(pairs([...letters], (a, b) => `i:${a}${b}`));
  else alternatives.push([`h:${letters}`]);
  return alternatives;
}

export function parseQuery(q: string): ParsedQuery {
  if (q === '') return { kind: 'all' };
  if (looksLikeIsbn(q)) {
    const parsed = parseIsbn(q);
    return parsed.ok ? { kind: 'isbn', isbn13: parsed.isbn13 } : { kind: 'none' };
  }
  const tokens = tokenize(normalizeText(q));
  if (tokens.length === 0) return { kind: 'none' };
  const all = new Set<string>();
  const anyOf: string[][][] = [];
  for (const token of tokens) {
    if (token.kind === 'han') for (const key of bigrams(token.text)) all.add(key);
    else if (token.kind === 'digits') all.add(`w:${token.text.slice(0, MAX_WORD_PREFIX)}`);
    else anyOf.push(latinAlternatives(token.text));
  }
  const compact = compactForm(tokens);
  const lettersOnly = tokens.every((t) => t.kind === 'latin');
  const heads = new Set<string>([`h:${[...compact].slice(0, HEAD_LENGTH).join('')}`]);
  if (lettersOnly) {
    const split = splitPinyin(compact);
    if (split && split.syllables.length > 0) {
      heads.add(`h:${split.syllables.slice(0, HEAD_LENGTH).join('')}`);
    }
  }
  return {
    kind: 'text',
    plan: { all: [...all], anyOf, heads: [...heads], compact, tokens, lettersOnly },
  };
}

/** The fields ranking reads from a candidate. */
export interface RankFields {
  searchTitle?: string;
  searchTitlePinyin?: string;
  searchTitleInitials?: string;
  searchAuthor?: string;
}

/** 0 exact title, 1 title prefix, 2 every token in the title or author, 3 the rest. */
export function tierOf(plan: QueryPlan, doc: RankFields): number {
  const title = doc.searchTitle ?? '';
  const pinyin = doc.searchTitlePinyin ?? '';
  const initials = doc.searchTitleInitials ?? '';
  const author = doc.searchAuthor ?? '';
  const q = plan.compact;
  if (title === q || (plan.lettersOnly && (pinyin === q || initials === q))) return 0;
  if (title.startsWith(q) || (plan.lettersOnly && (pinyin.startsWith(q) || initials.startsWith(q)))) {
    return 1;
  }
  const inTitleOrAuthor = (t: Token) =>
    title.includes(t.text) ||
    author.includes(t.text) ||
    (t.kind === 'latin' && (pinyin.includes(t.text) || initials.includes(t.text)));
  return plan.tokens.every(inTitleOrAuthor) ? 2 : 3;
}
