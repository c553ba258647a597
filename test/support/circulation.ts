/**
 * What the circulation tests create for themselves — members, staff, books with copies — on the shared
 * local cloud or on a private one (a test that moves the clock), always through the functions.
 */
import { randomBytes } from 'node:crypto';
import type { ApiResult, CloudFunctions, FunctionName, RequestOf, ResponseOf } from '../../typings';
import type { Book, Copy, Member } from '../../typings/entities';
import { openStore, type Store } from '../../scripts/local-cloud/store';
import { invoke, newOpenid } from './cloud';
import { localCloudDataDir, localCloudUrl, TEST_ADMIN_OPENID } from './env';

export const ADMIN = TEST_ADMIN_OPENID;
const DEMO_BRANCH = 'branch-office-1';

/** The local cloud a test talks to: the run's shared one, or a private one (`privateCloud().url`). */
export interface Site {
  url: string;
}

export function sharedSite(): Site {
  return { url: localCloudUrl() };
}

/**
 * The shared cloud's data directory as a store, for a test file that checks what was stored: opened
 * before the file's tests, closed after them. Answers a getter.
 */
export function useSharedStore(): () => Store {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openStore(localCloudDataDir());
  });
  afterAll(async () => {
    await store?.close();
  });
  return () => {
    if (!store) throw new Error('useSharedStore: the store is open only while the tests run');
    return store;
  };
}

export async function callAt<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
  site: Site,
  fn: F,
  action: A,
  params: RequestOf<CloudFunctions[F], A>,
  openid: string,
): Promise<ApiResult<ResponseOf<CloudFunctions[F], A>>> {
  return (await invoke(fn, { action, ...(params as object) }, openid, site.url)) as ApiResult<
    ResponseOf<CloudFunctions[F], A>
  >;
}

export async function okAt<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
  site: Site,
  fn: F,
  action: A,
  params: RequestOf<CloudFunctions[F], A>,
  openid: string,
): Promise<ResponseOf<CloudFunctions[F], A>> {
  const result = await callAt(site, fn, action, params, openid);
  if (!result.ok) throw new Error(`${fn}.${action} answered ${result.error.code}: ${result.error.message}`);
  return result.data;
}

/** One function's calls on a site: `call` answers the result, `ok` the data (throwing on an error). */
export function functionAt<F extends FunctionName>(fn: F) {
  type Actions = keyof CloudFunctions[F] & string;
  return {
    call: <A extends Actions>(
      site: Site,
      action: A,
      params: RequestOf<CloudFunctions[F], A>,
      openid: string,
    ) => callAt(site, fn, action, params, openid),
    ok: <A extends Actions>(site: Site, action: A, params: RequestOf<CloudFunctions[F], A>, openid: string) =>
      okAt(site, fn, action, params, openid),
  };
}

/** A circulation call on a site. */
export const { call: circ, ok: circOk } = functionAt('circulation');

export interface TestMember {
  openid: string;
  member: Member;
}

/** A registered, active member of `branchId` (registration needs no approval by default). */
export async function newMember(
  site: Site,
  category = '党员',
  label = 'reader',
  branchId = DEMO_BRANCH,
): Promise<TestMember> {
  const openid = newOpenid(label);
  const { member } = await okAt(
    site,
    'user',
    'register',
    { name: `读者${randomBytes(2).toString('hex')}`, branchId, category },
    openid,
  );
  return { openid, member };
}

/** A registered member granted the librarian role by the test admin. */
export async function newLibrarian(site: Site): Promise<TestMember> {
  const staff = await newMember(site, '职工', 'librarian');
  const { member } = await okAt(
    site,
    'user',
    'setRoles',
    { memberId: staff.member._id, roles: ['librarian'] },
    ADMIN,
  );
  return { openid: staff.openid, member };
}

let names = 0;
function uniqueTitle(): string {
  names += 1;
  return `流通测试${process.pid % 1000}${Date.now() % 100000}${names}`;
}

const categories = new Map<string, string>();
/** Copies the catalogue generates in one call at most. */
const MAX_GENERATED = 50;

/** A book of its own with `count` copies on the shelf. */
export async function bookWithCopies(site: Site, count: number): Promise<{ book: Book; copies: Copy[] }> {
  let categoryId = categories.get(site.url);
  if (!categoryId) {
    categoryId = (await okAt(site, 'catalogue', 'saveCategory', { name: uniqueTitle() }, ADMIN)).category._id;
    categories.set(site.url, categoryId);
  }
  const { book } = await okAt(
    site,
    'catalogue',
    'saveBook',
    { title: uniqueTitle(), author: '测试作者', categoryId },
    ADMIN,
  );
  const copies: Copy[] = [];
  for (let added = 0; added < count; added += MAX_GENERATED) {
    const n = Math.min(MAX_GENERATED, count - added);
    const request = { bookId: book._id, location: '一楼书架', source: 'purchase' as const, count: n };
    copies.push(...(await okAt(site, 'catalogue', 'addCopies', request, ADMIN)).copies);
  }
  return { book, copies };
}

/** The book as the catalogue serves it now (counts). */
export async function bookNow(site: Site, bookId: string): Promise<Book> {
  return (await okAt(site, 'catalogue', 'book', { bookId }, ADMIN)).book;
}

/** A copy's status now. */
export async function copyStatus(site: Site, barcode: string): Promise<Copy['status']> {
  return (await okAt(site, 'catalogue', 'copy', { barcode }, ADMIN)).copy.status;
}

/** A client request id, as the mini-program makes one per attempt. */
export function requestId(): string {
  return randomBytes(12).toString('hex');
}

/** Asserts an error answer with this code and a Chinese message; answers the message. */
export function expectError(result: ApiResult<unknown> | unknown, code: string): string {
  expect(result).toMatchObject({ ok: false, error: { code } });
  const message = (result as { error: { message: string } }).error.message;
  expect(message).toMatch(/[\u4e00-\u9fff]/);
  return message;
}

/** Runs `make` for 0..n-1, `size` at a time. */
export async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_x, j) => make(i + j)))));
  }
  return out;
}
