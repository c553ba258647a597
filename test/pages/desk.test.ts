/**
 * 借还台 against the real local cloud and its `circulation` function, as the demo librarian: lending by
 * scanning the member code and then copies (one requestId per scan, a retry lends nothing twice), the
 * limit refusal and 超限借出 with a reason, and a return that fills a hold (highlighted, the camera stops).
 */
import { installAdminWx, type AdminWx } from '../support/admin-catalogue';
import { bookWithCopies, callAt, lendAll, registerMember, uniqueTag } from '../support/circulation-admin';
import { newOpenid } from '../support/cloud';
import { localCloudUrl } from '../support/env';
import { answerDialog, fire, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

const LIBRARIAN = 'demo-librarian';

let wx: WxShim;
let camera: AdminWx;

beforeEach(() => {
  wx = installWx(localCloudUrl(), LIBRARIAN);
  camera = installAdminWx(() => wx.cloudUrl);
});

const lends = () => wx.calls.filter((c) => c.name === 'circulation' && c.event.action === 'lend');

async function openDesk(query: Record<string, string> = {}): Promise<SimComponent> {
  const { page } = openPage('/admin/desk/index', query);
  await waitFor(() => page.instance.data.allowed);
  return page;
}

/** A fresh member of the shared cloud, with the member code the desk scans. */
async function newMember(name: string) {
  const openid = newOpenid('desk');
  const member = await registerMember(localCloudUrl(), openid, name);
  return { openid, name, memberCode: member.memberCode };
}

async function scanMember(page: SimComponent, memberCode: string, name: string): Promise<void> {
  camera.scans.push(memberCode);
  await tap(page, '#scan-member');
  await waitFor(() => text(page, '#member-name') === name);
}

describe('借出', () => {
  it('scans the member code, then two copies one after another: both lent, each with its own requestId', async () => {
    const reader = await newMember(`借书人${uniqueTag()}`);
    const title = `借还台测试书${uniqueTag()}`;
    const { barcodes } = await bookWithCopies(localCloudUrl(), LIBRARIAN, title, 2);
    const page = await openDesk();

    await scanMember(page, reader.memberCode, reader.name);
    expect(text(page, '#member-count')).toContain('在借 0 /');
    expect(text(page, '#member-rule')).toMatch(/可借 \d+ 本 · 借期 \d+ 天/);

    camera.scans.push(barcodes[0]!, barcodes[1]!); // then the librarian cancels the camera
    await tap(page, '#scan-lend');
    await waitFor(() => page.instance.data.lentCount === 2);
    for (const barcode of barcodes) {
      expect(text(page, `#lend-${barcode}`)).toContain(`《${title}》`);
      expect(text(page, `#lend-${barcode}`)).toMatch(/应还 (\d+年)?\d+月\d+日/);
    }
    const requestIds = lends().map((c) => c.event.requestId);
    expect(lends().map((c) => c.event.barcode)).toEqual(barcodes);
    expect(new Set(requestIds).size).toBe(2);

    // The member card follows: two loans now, both listed.
    await waitFor(() => text(page, '#member-count').includes('在借 2 /'));
    expect(text(page, '#member-loans')).toContain(barcodes[0]!);
    expect(text(page, '#member-loans')).toContain(barcodes[1]!);

    // 重试 of a lent row sends the same request again: the cloud answers the first result, lends nothing more.
    const rows = page.instance.data.lendRows as { key: number; barcode: string }[];
    const first = rows.find((r) => r.barcode === barcodes[0])!;
    await (page.instance.sendLend as (key: number) => Promise<boolean>).call(page.instance, first.key);
    expect(lends()).toHaveLength(3);
    expect(lends()[2]!.event.requestId).toBe(requestIds[0]);
    const desk = await callAt(
      localCloudUrl(),
      'circulation',
      'deskMember',
      { memberCode: reader.memberCode },
      LIBRARIAN,
    );
    expect(desk.loans.map((l) => l.barcode).sort()).toEqual([...barcodes].sort());
  });

  it('a lend lost to the network offers 重试, which sends the same requestId and lends once', async () => {
    const reader = await newMember(`重试读者${uniqueTag()}`);
    const { barcodes } = await bookWithCopies(localCloudUrl(), LIBRARIAN, `重试测试书${uniqueTag()}`, 1);
    const barcode = barcodes[0]!;
    const page = await openDesk();
    await scanMember(page, reader.memberCode, reader.name);

    wx.cloudUrl = 'http://127.0.0.1:9'; // the desk's connection drops
    await fire(page, '#typed-lend', 'change', barcode);
    await tap(page, '#lend-typed');
    await waitFor(() => page.querySelector(`#retry-lend-${barcode}`));
    expect(text(page, `#lend-${barcode}`)).toContain('网络异常');
    expect(page.querySelector(`#override-${barcode}`)).toBeUndefined();

    wx.cloudUrl = localCloudUrl();
    await tap(page, `#retry-lend-${barcode}`);
    await waitFor(() => page.instance.data.lentCount === 1);
    expect(lends()).toHaveLength(2);
    expect(lends()[1]!.event.requestId).toBe(lends()[0]!.event.requestId);
    const desk = await callAt(
      localCloudUrl(),
      'circulation',
      'deskMember',
      { memberCode: reader.memberCode },
      LIBRARIAN,
    );
    expect(desk.loans.map((l) => l.barcode)).toEqual([barcode]);
  });

  it('refuses a wrong member code and an unknown one plainly', async () => {
    const page = await openDesk();
    await fire(page, '#typed-member', 'change', '借书码?');
    await tap(page, '#find-member');
    expect(text(page, '#member-error')).toContain('不是借书码');

    await fire(page, '#typed-member', 'change', `MNOSUCH${uniqueTag()}`);
    await tap(page, '#find-member');
    await waitFor(() => text(page, '#member-error') && !page.instance.data.memberLoading);
    expect(page.instance.data.member).toBeNull();
    expect(text(page, '#member-error').length).toBeGreaterThan(0);
  });

  it('over the limit: the refusal is shown, 超限借出 asks for a reason and then lends with it', async () => {
    const reader = await newMember(`满额读者${uniqueTag()}`);
    const desk = await callAt(
      localCloudUrl(),
      'circulation',
      'deskMember',
      { memberCode: reader.memberCode },
      LIBRARIAN,
    );
    const limit = desk.rule.maxLoans;
    const { barcodes } = await bookWithCopies(
      localCloudUrl(),
      LIBRARIAN,
      `限额测试书${uniqueTag()}`,
      limit + 1,
    );
    await lendAll(localCloudUrl(), LIBRARIAN, reader.memberCode, barcodes.slice(0, limit));
    const extra = barcodes[limit]!;

    const page = await openDesk();
    await fire(page, '#typed-member', 'change', reader.memberCode.toLowerCase()); // typed, any case
    await tap(page, '#find-member');
    await waitFor(() => text(page, '#member-name') === reader.name);
    expect(text(page, '#member-count')).toContain('（已满）');

    await fire(page, '#typed-lend', 'change', extra);
    await tap(page, '#lend-typed');
    await waitFor(() => page.querySelector(`#override-${extra}`));
    expect(text(page, `#lend-${extra}`).length).toBeGreaterThan(extra.length); // the cloud's message is shown
    expect(lends()).toHaveLength(1);
    expect(lends()[0]!.event.override).toBeUndefined();

    await tap(page, `#override-${extra}`);
    await waitFor(() => page.instance.data.overrideKey);
    await answerDialog(page, '#override-dialog'); // no reason yet
    expect(text(page, '#override-reason')).toContain('请写明超限借出的原因');
    expect(lends()).toHaveLength(1);

    await fire(page, '#override-reason', 'change', '支部集中学习用书');
    await answerDialog(page, '#override-dialog');
    await waitFor(() => page.instance.data.lentCount === 1);
    expect(lends()).toHaveLength(2);
    expect(lends()[1]!.event).toMatchObject({ barcode: extra, override: '支部集中学习用书' });
    expect(lends()[1]!.event.requestId).not.toBe(lends()[0]!.event.requestId);
    expect(text(page, `#lend-${extra}`)).toContain('超限借出：支部集中学习用书');
    await waitFor(() => text(page, '#member-count').includes(`在借 ${limit + 1} /`));
  });
});

describe('归还', () => {
  it('a return with someone waiting says which hold shelf member it is for, and the camera stops there', async () => {
    const borrower = await newMember(`还书人${uniqueTag()}`);
    const waiting = await newMember(`预约人${uniqueTag()}`);
    const title = `预约测试书${uniqueTag()}`;
    const { bookId, barcodes } = await bookWithCopies(localCloudUrl(), LIBRARIAN, title, 1);
    const other = await bookWithCopies(localCloudUrl(), LIBRARIAN, `另一本${uniqueTag()}`, 1);
    await lendAll(localCloudUrl(), LIBRARIAN, borrower.memberCode, [barcodes[0]!, other.barcodes[0]!]);
    await callAt(localCloudUrl(), 'circulation', 'hold', { bookId }, waiting.openid);

    const page = await openDesk({ mode: 'return' });
    camera.scans.push(barcodes[0]!, other.barcodes[0]!);
    await tap(page, '#scan-return');
    await waitFor(() => page.instance.data.returnedCount === 1);
    const row = text(page, `#return-${barcodes[0]}`);
    expect(row).toContain(`《${title}》`);
    expect(row).toContain(`借阅人 ${borrower.name}`);
    expect(row).toContain('按期归还');
    expect(text(page, `#hold-${barcodes[0]}`)).toMatch(
      new RegExp(`请放到预约架\\s*留给 ${waiting.name}，取书期限 (\\d+年)?\\d+月\\d+日`),
    );
    await new Promise((resolve) => setTimeout(resolve, 900)); // longer than the pause before a next scan
    expect(camera.scans).toEqual([other.barcodes[0]]); // not scanned: the librarian reads the notice first

    // The next return continues the list, newest first, with no hold.
    await tap(page, '#scan-return');
    await waitFor(() => page.instance.data.returnedCount === 2);
    expect(page.querySelector(`#hold-${other.barcodes[0]}`)).toBeUndefined();
    const order = (page.instance.data.returnRows as { barcode: string }[]).map((r) => r.barcode);
    expect(order).toEqual([other.barcodes[0], barcodes[0]]);

    // Returning the same copy again is refused plainly.
    await fire(page, '#typed-return', 'change', other.barcodes[0]!);
    await tap(page, '#return-typed');
    await waitFor(() => (page.instance.data.returnRows as { status: string }[])[0]?.status === 'error');
    expect(text(page, `#return-${other.barcodes[0]}`).length).toBeGreaterThan(0);
    expect(page.instance.data.returnedCount).toBe(2);
  });

  it('归还 is one tap away; a label that is no barcode is refused without asking the cloud', async () => {
    const page = await openDesk();
    await tap(page, '#mode-return');
    expect(page.querySelector('#scan-lend')).toBeUndefined();
    await fire(page, '#typed-return', 'change', '书');
    await tap(page, '#return-typed');
    expect(text(page, '#return-error')).toContain('不是图书条码');
    expect(wx.calls.filter((c) => c.name === 'circulation')).toEqual([]);
  });
});
