/**
 * State for the circulation admin pages' tests and gallery scenes, made through the cloud functions of a
 * given local cloud (the shared one, or a private one whose clock a test moves): registered members, books
 * with labelled copies, loans and holds.
 */
import type { ApiResult, CloudFunctions, FunctionName, Member, RequestOf, ResponseOf } from '../../typings';
import { invoke } from './cloud';

/** Calls a function of the local cloud at `baseUrl` as `openid`; throws on an error answer. */
export async function callAt<F extends FunctionName, A extends keyof CloudFunctions[F] & string>(
  baseUrl: string,
  fn: F,
  action: A,
  params: RequestOf<CloudFunctions[F], A>,
  openid: string,
): Promise<ResponseOf<CloudFunctions[F], A>> {
  const res = (await invoke(fn, { action, ...(params as object) }, openid, baseUrl)) as ApiResult<
    ResponseOf<CloudFunctions[F], A>
  >;
  if (!res.ok) throw new Error(`${fn}.${action} answered ${res.error.code}: ${res.error.message}`);
  return res.data;
}

let serial = 0;
/** A short unique tag for names, openids and barcodes of one test run. */
export function uniqueTag(): string {
  serial += 1;
  return `${Date.now().toString(36).slice(-5)}${process.pid.toString(36)}${serial}`.toUpperCase();
}

/** Registers `openid` as a member (first branch, `category`); answers the member with its member code. */
export async function registerMember(
  baseUrl: string,
  openid: string,
  name: string,
  category = '党员',
): Promise<Member> {
  const { items } = await callAt(baseUrl, 'user', 'branches', {}, openid);
  const branch = items[0];
  if (!branch) throw new Error('the local cloud has no branch');
  const { member } = await callAt(
    baseUrl,
    'user',
    'register',
    { name, branchId: branch._id, category },
    openid,
  );
  return member;
}

/** A new book with `count` copies labelled `<prefix>-1` … , made by `staff`; answers its id and barcodes. */
export async function bookWithCopies(
  baseUrl: string,
  staff: string,
  title: string,
  count: number,
): Promise<{ bookId: string; barcodes: string[] }> {
  const { items } = await callAt(baseUrl, 'catalogue', 'categories', {}, staff);
  const category = items[0];
  if (!category) throw new Error('the local cloud has no book category');
  const { book } = await callAt(
    baseUrl,
    'catalogue',
    'saveBook',
    { title, author: '测试作者', categoryId: category._id },
    staff,
  );
  const prefix = `T${uniqueTag()}`;
  const barcodes = Array.from({ length: count }, (_v, i) => `${prefix}-${i + 1}`);
  await callAt(
    baseUrl,
    'catalogue',
    'addCopies',
    { bookId: book._id, barcodes, location: '一楼测试架', source: 'purchase' },
    staff,
  );
  return { bookId: book._id, barcodes };
}

/** Lends each barcode to the member at the desk, as `staff`. */
export async function lendAll(
  baseUrl: string,
  staff: string,
  memberCode: string,
  barcodes: string[],
): Promise<void> {
  for (const barcode of barcodes)
    await callAt(baseUrl, 'circulation', 'lend', { memberCode, barcode }, staff);
}
