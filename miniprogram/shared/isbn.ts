/**
 * ISBN rules, one place for the mini-program (instant feedback in the book form) and the server (the
 * rule that counts): normalisation, checksums, ISBN-10 ↔ ISBN-13.
 */

/** Digits and a final X, hyphens and spaces removed, X upper-cased: `978-7-01-` → `97870...`. */
export function compactIsbn(input: string): string {
  return input.replace(/[\s\-‐–—]/g, '').toUpperCase();
}

export function isValidIsbn13(isbn: string): boolean {
  if (!/^97[89]\d{10}$/.test(isbn)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(isbn[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(isbn[12]);
}

export function isValidIsbn10(isbn: string): boolean {
  if (!/^\d{9}[\dX]$/.test(isbn)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (isbn[i] === 'X' ? 10 : Number(isbn[i])) * (10 - i);
  return sum % 11 === 0;
}

export function isbn10To13(isbn10: string): string {
  const body = '978' + isbn10.slice(0, 9);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

/** ISBN-10 for a 978 ISBN-13; empty for 979 (which has no ISBN-10). */
export function isbn13To10(isbn13: string): string {
  if (!isbn13.startsWith('978')) return '';
  const body = isbn13.slice(3, 12);
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
  const check = (11 - (sum % 11)) % 11;
  return body + (check === 10 ? 'X' : String(check));
}

export type ParsedIsbn = { ok: true; isbn13: string; isbn10: string } | { ok: false; reason: string };

/** Parses what a member typed or a scanner read: 10 or 13 characters, hyphens allowed, checksum checked. */
export function parseIsbn(input: string): ParsedIsbn {
  const compact = compactIsbn(input);
  if (compact.length === 13) {
    if (!isValidIsbn13(compact)) return { ok: false, reason: 'ISBN 校验位不正确，请核对后重新输入' };
    return { ok: true, isbn13: compact, isbn10: isbn13To10(compact) };
  }
  if (compact.length === 10) {
    if (!isValidIsbn10(compact)) return { ok: false, reason: 'ISBN 校验位不正确，请核对后重新输入' };
    return { ok: true, isbn13: isbn10To13(compact), isbn10: compact };
  }
  return { ok: false, reason: 'ISBN 应为 10 位或 13 位' };
}

/** True when the text looks like an attempt at an ISBN (so search treats it as one). */
export function looksLikeIsbn(input: string): boolean {
  const compact = compactIsbn(input);
  return /^\d{9}[\dX]$/.test(compact) || /^97[89]\d{10}$/.test(compact);
}
