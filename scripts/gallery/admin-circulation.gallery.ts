/**
 * The circulation admin pages in the gallery (GALLERY_ONLY=admin-circulation), as the demo librarian: the
 * desk (a member scanned, with loans and a hold waiting, a copy lent; returns, one late and one filling a
 * hold; an over-limit refusal with 超限借出), the overdue list, both hold lists and a staff cancel, the loan
 * rules (and a validation error), and 我的 with the entries.
 *
 * The state is made through the functions in a private local cloud of this file, with the demo catalogue:
 * its clock moves forward 38 days so that loans fall overdue, and the loans and holds made here change no
 * other file's pictures. (test/support/clock.ts brings in the local cloud's store, whose mingo loads as
 * CommonJS: hence node's export conditions above.)
 */
import type { Member } from '../../typings';
import { installAdminWx, type AdminWx } from '../../test/support/admin-catalogue';
import { callAt, registerMember } from '../../test/support/circulation-admin';
import { advanceClock, privateCloud, type PrivateCloud } from '../../test/support/clock';
import { fire, tap, text, waitFor, type SimComponent } from '../../test/support/page';
import { DEMO, loaded, privateState, renderScenes, type Scene, xlarge } from './scene';

const STAFF = DEMO.librarian;

/** The people of these pictures (openid → name, category). */
const PEOPLE = {
  zhao: ['赵红梅', '党员'],
  li: ['李卫东', '干部'],
  sun: ['孙丽', '职工'],
  zhou: ['周建华', '学员'],
  wu: ['吴志刚', '党员'],
  ma: ['马晓光', '群众'],
  qian: ['钱国强', '党员'],
} as const;
type Person = keyof typeof PEOPLE;

interface State {
  cloud: PrivateCloud;
  members: Record<Person, Member>;
  /** 李卫东's overdue copy of 万历十五年 (returned in the return scene). */
  lateBarcode: string;
  /** A copy of 苦难辉煌 that 孙丽 waits for (returned in the return scene). */
  holdBarcode: string;
  /** A copy the desk scene lends to 赵红梅. */
  lendBarcode: string;
  /** A copy the limit scene tries to lend to 钱国强, who has five. */
  overLimitBarcode: string;
}

let state: State | null = null;
let camera: AdminWx | null = null;

const cloudUrl = (): string => {
  if (!state) throw new Error('the circulation gallery state was not built');
  return state.cloud.url;
};

async function bookId(url: string, title: string): Promise<string> {
  const { items } = await callAt(url, 'catalogue', 'search', { q: title }, DEMO.member);
  const book = items.find((b) => b.title === title);
  if (!book) throw new Error(`no seed book ${title}`);
  return book._id;
}

/** The barcodes of a seed book's copies on the shelf now. */
async function onShelf(url: string, title: string): Promise<{ bookId: string; barcodes: string[] }> {
  const id = await bookId(url, title);
  const { copies } = await callAt(url, 'catalogue', 'book', { bookId: id }, STAFF);
  return { bookId: id, barcodes: copies.filter((c) => c.status === 'available').map((c) => c.barcode) };
}

async function lend(url: string, member: Member, barcodes: string[]): Promise<void> {
  for (const barcode of barcodes)
    await callAt(url, 'circulation', 'lend', { memberCode: member.memberCode, barcode }, STAFF);
}

/** Lends every copy of `title` on the shelf to `borrower`, so that `holder` may reserve it; answers the first. */
async function allOutAndHeld(url: string, title: string, borrower: Member, holder: string): Promise<string> {
  const { bookId: id, barcodes } = await onShelf(url, title);
  await lend(url, borrower, barcodes);
  await callAt(url, 'circulation', 'hold', { bookId: id }, holder);
  return barcodes[0]!;
}

async function buildState(cloud: PrivateCloud): Promise<State> {
  const url = cloud.url;
  const members = {} as Record<Person, Member>;
  for (const [key, [name, category]] of Object.entries(PEOPLE) as [Person, readonly [string, string]][])
    members[key] = await registerMember(url, `gallery-circ-${key}`, name, category);

  // Loans that fall overdue: 8 days late (李卫东) and 3 days late (孙丽, reminded; 马晓光).
  const late = (await onShelf(url, '万历十五年')).barcodes[0]!;
  await lend(url, members.li, [late]);
  await advanceClock(url, { days: 5 });
  await lend(url, members.sun, [(await onShelf(url, '人类简史')).barcodes[0]!]);
  await lend(url, members.ma, [(await onShelf(url, '三体')).barcodes[0]!]);
  await callAt(url, 'circulation', 'consent', { kinds: ['overdue'] }, 'gallery-circ-sun');
  await advanceClock(url, { days: 33 });
  const { items: overdue } = await callAt(url, 'circulation', 'overdue', {}, STAFF);
  const sunLoan = overdue.find((l) => l.memberName === PEOPLE.sun[0]);
  if (sunLoan) await callAt(url, 'circulation', 'remind', { loanId: sunLoan._id }, STAFF);

  // 赵红梅 at the desk: two current loans, and 长征 waiting for her on the hold shelf.
  await lend(url, members.zhao, [
    (await onShelf(url, '乡土中国')).barcodes[0]!,
    (await onShelf(url, '红星照耀中国')).barcodes[0]!,
  ]);
  const longMarch = await allOutAndHeld(url, '长征', members.wu, 'gallery-circ-zhao');
  await callAt(url, 'circulation', 'return', { barcode: longMarch }, STAFF);

  // 孙丽 waits for 苦难辉煌, all out with 周建华: its return is the hold scene's.
  const holdBarcode = await allOutAndHeld(url, '苦难辉煌', members.zhou, 'gallery-circ-sun');

  // Holds to pull: 红岩 all out, 周建华 waiting, then a new copy arrives.
  const hongyan = await onShelf(url, '红岩');
  await lend(url, members.ma, hongyan.barcodes);
  await callAt(url, 'circulation', 'hold', { bookId: hongyan.bookId }, 'gallery-circ-zhou');
  await callAt(
    url,
    'catalogue',
    'addCopies',
    { bookId: hongyan.bookId, count: 1, location: '党史专架', source: 'purchase' },
    STAFF,
  );

  // 钱国强 has as many loans as the default rule allows.
  const { rule } = await callAt(
    url,
    'circulation',
    'deskMember',
    { memberCode: members.qian.memberCode },
    STAFF,
  );
  const fill: string[] = [];
  for (const title of [
    '资本论',
    '时间简史',
    '人世间',
    '平凡的世界',
    '钢铁是怎样炼成的',
    '史记',
    '美的历程',
  ]) {
    if (fill.length >= rule.maxLoans) break;
    const first = (await onShelf(url, title)).barcodes[0];
    if (first) fill.push(first);
  }
  await lend(url, members.qian, fill);

  // A rule of their own for 学员 (a training class: fewer books, the class's length).
  const settings = await callAt(url, 'circulation', 'rules', {}, DEMO.admin);
  await callAt(
    url,
    'circulation',
    'saveRules',
    {
      ...settings,
      categoryRules: [
        { category: '学员', rule: { ...settings.defaultRule, maxLoans: 3, loanDays: 60, renewals: 0 } },
      ],
    },
    DEMO.admin,
  );

  return {
    cloud,
    members,
    lateBarcode: late,
    holdBarcode,
    lendBarcode: (await onShelf(url, '论语译注')).barcodes[0]!,
    overLimitBarcode: (await onShelf(url, '孟子译注')).barcodes[0]!,
  };
}

function scan(...codes: string[]): void {
  camera?.scans.push(...codes);
}

const SCENES: Scene[] = [
  { name: 'admin-circulation-overdue', route: '/admin/overdue/index', act: loaded('listState') },
  {
    name: 'admin-circulation-desk-start',
    route: '/admin/desk/index',
    act: (page) => waitFor(() => page.instance.data.allowed),
  },
  {
    name: 'admin-circulation-desk-member',
    route: '/admin/desk/index',
    act: async (page: SimComponent) => {
      await waitFor(() => page.instance.data.allowed);
      scan(state!.members.zhao.memberCode);
      await tap(page, '#scan-member');
      await waitFor(() => text(page, '#member-name') === PEOPLE.zhao[0]);
      scan(state!.lendBarcode);
      await tap(page, '#scan-lend');
      await waitFor(
        () => page.instance.data.lentCount === 1 && text(page, '#member-count').includes('在借 3'),
      );
    },
  },
  {
    name: 'admin-circulation-desk-over-limit',
    route: '/admin/desk/index',
    act: async (page: SimComponent) => {
      await waitFor(() => page.instance.data.allowed);
      await fire(page, '#typed-member', 'change', state!.members.qian.memberCode);
      await tap(page, '#find-member');
      await waitFor(() => text(page, '#member-name') === PEOPLE.qian[0]);
      await fire(page, '#typed-lend', 'change', state!.overLimitBarcode);
      await tap(page, '#lend-typed');
      await waitFor(() => page.querySelector(`#override-${state!.overLimitBarcode}`));
    },
  },
  {
    name: 'admin-circulation-desk-override',
    route: '/admin/desk/index',
    act: async (page: SimComponent) => {
      await waitFor(() => page.instance.data.allowed);
      await fire(page, '#typed-member', 'change', state!.members.qian.memberCode);
      await tap(page, '#find-member');
      await waitFor(() => text(page, '#member-name') === PEOPLE.qian[0]);
      await fire(page, '#typed-lend', 'change', state!.overLimitBarcode);
      await tap(page, '#lend-typed');
      await waitFor(() => page.querySelector(`#override-${state!.overLimitBarcode}`));
      await tap(page, `#override-${state!.overLimitBarcode}`);
      await fire(page, '#override-reason', 'change', '支部集中学习用书');
    },
  },
  {
    name: 'admin-circulation-desk-return',
    route: '/admin/desk/index',
    query: () => Promise.resolve({ mode: 'return' }),
    act: async (page: SimComponent) => {
      await waitFor(() => page.instance.data.allowed);
      scan(state!.lateBarcode, state!.holdBarcode);
      await tap(page, '#scan-return');
      await waitFor(() => page.instance.data.returnedCount === 2);
    },
  },
  {
    name: 'admin-circulation-desk-member-xlarge',
    route: '/admin/desk/index',
    prepare: xlarge,
    act: async (page: SimComponent) => {
      await waitFor(() => page.instance.data.allowed);
      scan(state!.members.zhao.memberCode);
      await tap(page, '#scan-member');
      await waitFor(() => text(page, '#member-name') === PEOPLE.zhao[0]);
    },
  },
  { name: 'admin-circulation-holds-pull', route: '/admin/holds/index', act: loaded('listState') },
  {
    name: 'admin-circulation-holds-pickup',
    route: '/admin/holds/index',
    query: () => Promise.resolve({ tab: 'pickup' }),
    act: loaded('listState'),
  },
  {
    name: 'admin-circulation-holds-cancel',
    route: '/admin/holds/index',
    query: () => Promise.resolve({ tab: 'pickup' }),
    act: async (page: SimComponent) => {
      await loaded('listState')(page);
      const first = (page.instance.data.items as { _id: string }[])[0];
      if (!first) throw new Error('no hold awaiting pickup');
      await tap(page, `#cancel-${first._id}`);
      await fire(page, '#cancel-reason', 'change', '读者来电说不需要了');
    },
  },
  {
    name: 'admin-circulation-loan-rules',
    route: '/admin/loan-rules/index',
    openid: DEMO.admin,
    act: loaded('loadState'),
  },
  {
    name: 'admin-circulation-loan-rules-error',
    route: '/admin/loan-rules/index',
    openid: DEMO.admin,
    act: async (page: SimComponent) => {
      await loaded('loadState')(page);
      await fire(page, '#field-0-loanDays', 'change', '400');
      await fire(page, '#field-0-pickupDays', 'change', '');
      await tap(page, '#save');
      await waitFor(() => text(page, '#form-error'));
    },
  },
  { name: 'admin-circulation-me-admin', route: '/pages/me/index', openid: DEMO.admin, act: loaded('state') },
];

privateState(
  SCENES,
  buildState,
  (built) => {
    state = built;
  },
  () =>
    privateCloud({
      env: { REMINDER_TEMPLATE_OVERDUE: 'gallery-overdue-template' },
      skipDemoParts: ['circulation'], // the scenes stage their own loans and holds
    }),
);

renderScenes(SCENES, {
  openid: STAFF,
  install: (wx) => {
    wx.cloudUrl = cloudUrl();
    camera = installAdminWx(() => wx.cloudUrl);
  },
});
