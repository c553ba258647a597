import { isbn10To13, isbn13To10, looksLikeIsbn, parseIsbn } from '../../miniprogram/shared/isbn';

describe('ISBN', () => {
  it.each([
    ['978-7-02-000220-7', '9787020002207', '702000220X'],
    ['9787020002207', '9787020002207', '702000220X'],
    ['7-02-000220-x', '9787020002207', '702000220X'],
    ['0-306-40615-2', '9780306406157', '0306406152'],
    ['080442957x', '9780804429573', '080442957X'],
    ['979-10-90636-07-1', '9791090636071', ''],
  ])('parses %s', (input, isbn13, isbn10) => {
    expect(parseIsbn(input)).toEqual({ ok: true, isbn13, isbn10 });
  });

  it.each(['9787020002208', '7020002207', '12345', '978702000220', 'abcdefghij'])('refuses %s', (input) => {
    expect(parseIsbn(input).ok).toBe(false);
  });

  it('converts both ways', () => {
    expect(isbn13To10(isbn10To13('0306406152'))).toBe('0306406152');
    expect(isbn13To10('9791090636071')).toBe('');
  });

  it('tells ISBN-like input from words', () => {
    expect(looksLikeIsbn('978-7-02-000220-7')).toBe(true);
    expect(looksLikeIsbn('红星照耀中国')).toBe(false);
    expect(looksLikeIsbn('2021')).toBe(false);
  });
});
