import type { z } from 'zod';
import { describeIssue, id, pageSize, text } from '../../cloudfunctions/_shared/validation';

function message(schema: z.ZodType, value: unknown): string | null {
  const res = schema.safeParse(value);
  return res.success ? null : describeIssue(res.error);
}

describe('text()', () => {
  const name = text('姓名', 5);
  it('trims and accepts up to the limit', () => {
    expect(name.parse('  张三 ')).toBe('张三');
    expect(name.parse('一二三四五')).toBe('一二三四五');
  });
  it.each([
    ['', '请填写姓名'],
    ['   ', '请填写姓名'],
    ['一二三四五六', '姓名不能超过 5 个字'],
    ['x'.repeat(1_000_000), '姓名不能超过 5 个字'],
    ['a\nb', '姓名含有不允许的字符'],
    ['a\u0000b', '姓名含有不允许的字符'],
    [42, '姓名必须是文字'],
    [{ $gt: '' }, '姓名必须是文字'],
    [['张三'], '姓名必须是文字'],
    [null, '姓名必须是文字'],
  ])('refuses %j with a Chinese message', (value, expected) => {
    expect(message(name, value)).toBe(expected);
  });
});

describe('id()', () => {
  it('accepts generated ids and refuses anything that could be an operator or a path', () => {
    expect(message(id('编号'), 'branch-office_1')).toBeNull();
    expect(message(id('编号'), 'a.b')).toBe('编号格式不正确');
    expect(message(id('编号'), '$where')).toBe('编号格式不正确');
    expect(message(id('编号'), { $ne: null })).toBe('编号必须是文字');
    expect(message(id('编号'), 'x'.repeat(65))).toBe('编号格式不正确');
  });
});

describe('pageSize()', () => {
  it('defaults and bounds', () => {
    expect(pageSize(50, 20).parse(undefined)).toBe(20);
    expect(message(pageSize(50, 20), 51)).toBe('每页条数不能超过 50');
    expect(message(pageSize(50, 20), 1.5)).toBe('每页条数必须是整数');
  });
});
