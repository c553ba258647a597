/** What the catalogue tests create for themselves: staff, members, categories, books (never the demo data). */
import { randomInt } from 'node:crypto';
import type { ApiResult } from '../../typings';
import type { Book, BookCategory, Copy } from '../../typings/entities';
import type { AddCopiesRequest, SaveBookRequest } from '../../typings/functions/catalogue';
import { callOk, newOpenid } from '../support/cloud';
import { TEST_ADMIN_OPENID } from '../support/env';

export const ADMIN = TEST_ADMIN_OPENID;
const DEMO_BRANCH = 'branch-office-1';

let names = 0;
/** A name no other test (or run) uses. */
export function uniqueName(prefix: string): string {
  names += 1;
  return `${prefix}${process.pid % 1000}${Date.now() % 100000}${names}`;
}

/** A random ISBN-13 with a valid checksum (978 prefix, so it also has an ISBN-10). */
export function randomIsbn13(): string {
  let body = '978';
  for (let i = 0; i < 9; i++) body += String(randomInt(10));
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return body + String((10 - (sum % 10)) % 10);
}

export function expectError(result: ApiResult<unknown> | unknown, code: string): string {
  expect(result).toMatchObject({ ok: false, error: { code } });
  const message = (result as { error: { message: string } }).error.message;
  expect(message).toMatch(/[\u4e00-\u9fff]/); // a Chinese sentence
  return message;
}

export async function registeredMember(label = 'member'): Promise<string> {
  const openid = newOpenid(label);
  await callOk('user', 'register', { name: '测试读者', branchId: DEMO_BRANCH, category: '党员' }, openid);
  return openid;
}

/** A registered member granted the librarian role by the test admin. */
export async function librarian(): Promise<string> {
  const openid = newOpenid('librarian');
  const { member } = await callOk(
    'user',
    'register',
    { name: '测试馆员', branchId: DEMO_BRANCH, category: '职工' },
    openid,
  );
  await callOk('user', 'setRoles', { memberId: member._id, roles: ['librarian'] }, ADMIN);
  return openid;
}

export async function newCategory(openid = ADMIN, name = uniqueName('测试分类')): Promise<BookCategory> {
  return (await callOk('catalogue', 'saveCategory', { name }, openid)).category;
}

export async function newBook(
  categoryId: string,
  fields: Partial<SaveBookRequest> = {},
  openid = ADMIN,
): Promise<Book> {
  const request: SaveBookRequest = {
    title: uniqueName('测试图书'),
    author: '测试作者',
    categoryId,
    ...fields,
  };
  return (await callOk('catalogue', 'saveBook', request, openid)).book;
}

export async function addCopies(
  bookId: string,
  fields: Partial<AddCopiesRequest> = {},
  openid = ADMIN,
): Promise<Copy[]> {
  const request: AddCopiesRequest = {
    bookId,
    location: '一楼书架',
    source: 'purchase',
    ...(fields.barcodes ? {} : { count: 1 }),
    ...fields,
  };
  return (await callOk('catalogue', 'addCopies', request, openid)).copies;
}

let barcodes = 0;
export function uniqueBarcode(): string {
  barcodes += 1;
  return `T${process.pid % 10000}-${Date.now().toString(36)}-${barcodes}`.toUpperCase();
}
