/**
 * Circulation's member pages in the gallery (GALLERY_ONLY=circulation), as the demo member 陈志远: 我的借阅
 * (a current loan, one due in two days, one three days overdue, and history), 我的预约 (one ready for
 * pickup, one waiting second in line, one cancelled), the book page in each state (可借, 预约, 已预约, 待取,
 * 已借阅, overdue, not registered), 首页 with 扫码借书 (the home page, the confirm sheet, the result) and 我的.
 *
 * The state is made through the functions, as the demo member and the demo librarian, in a private local
 * cloud of this file: its clock moves 33 days so that a loan falls overdue, and the phone's clock (Date
 * only) is set to the cloud's so that both count the same days. (test/support/clock.ts brings in the local
 * cloud's store, whose mingo loads as CommonJS: hence node's export conditions above.)
 */
import { installAdminWx, type AdminWx } from '../../test/support/admin-catalogue';
import { catalogueWx } from '../../test/support/catalogue-pages';
import { callAt, lendAll, registerMember } from '../../test/support/circulation-admin';
import {
  advanceClock,
  cloudNow,
  privateCloud,
  type PrivateCloud,
  setPhoneDate,
} from '../../test/support/clock';
import { tap, waitFor, type SimComponent } from '../../test/support/page';
import { DEMO, loaded, privateState, renderScenes, type Scene, xlarge } from './scene';

const STAFF = DEMO.librarian;
const READER = DEMO.member;
/** Another reader, who has the copies 陈志远 waits for, and one more ahead of him in a queue. */
const OTHERS = { borrower: 'gallery-member-borrower', first: 'gallery-member-first' } as const;
const VISITOR = 'gallery-member-visitor';

interface State {
  cloud: PrivateCloud;
  /** The cloud's (moved) time when the state was built: the phone's clock in every scene. */
  now: Date;
  /** Book ids by the state their page shows to 陈志远. */
  books: Record<'available' | 'hold' | 'waiting' | 'ready' | 'loan' | 'overdue', string>;
  /** A copy on the shelf that 首页's scan scenes scan. */
  scanBarcode: string;
}

let state: State | null = null;
let camera: AdminWx | null = null;

const built = (): State => {
  if (!state) throw new Error('the circulation gallery state was not built');
  return state;
};

async function shelf(url: string, title: string): Promise<{ bookId: string; barcodes: string[] }> {
  const { items } = await callAt(url, 'catalogue', 'search', { q: title }, READER);
  const book = items.find((b) => b.title === title);
  if (!book) throw new Error(`no seed book ${title}`);
  const { copies } = await callAt(url, 'catalogue', 'book', { bookId: book._id }, STAFF);
  return { bookId: book._id, barcodes: copies.filter((c) => c.status === 'available').map((c) => c.barcode) };
}

/** 陈志远 borrows the first copy on the shelf of `title` himself (self-service). */
async function borrow(url: string, title: string): Promise<string> {
  const { barcodes } = await shelf(url, title);
  const barcode = barcodes[0];
  if (!barcode) throw new Error(`no copy of ${title} on the shelf`);
  await callAt(url, 'circulation', 'borrow', { barcode }, READER);
  return barcode;
}

/** Every copy of `title` on the shelf goes to the other reader; answers the book and the first copy. */
async function allOut(
  url: string,
  title: string,
  memberCode: string,
): Promise<{ bookId: string; barcode: string }> {
  const { bookId, barcodes } = await shelf(url, title);
  await lendAll(url, STAFF, memberCode, barcodes);
  return { bookId, barcode: barcodes[0] ?? '' };
}

async function buildState(cloud: PrivateCloud): Promise<State> {
  const url = cloud.url;
  const borrower = await registerMember(url, OTHERS.borrower, '王晓梅', '党员');
  await registerMember(url, OTHERS.first, '刘建国', '干部');

  // History: two books borrowed and returned.
  for (const title of ['之江新语', '摆脱贫困']) {
    const barcode = await borrow(url, title);
    await callAt(url, 'circulation', 'return', { barcode }, STAFF);
  }
  // Day 0: a loan that will be overdue. Day 5: one that will be due in two days. Day 33: a fresh one.
  const overdue = await shelf(url, '中国共产党简史');
  await borrow(url, '中国共产党简史');
  await advanceClock(url, { days: 5 });
  await borrow(url, '梁家河');
  await advanceClock(url, { days: 28 });
  const loan = await shelf(url, '乡土中国');
  await borrow(url, '乡土中国');

  // Holds: ready for pickup, second in line, and a cancelled one.
  const ready = await allOut(url, '毛泽东诗词集', borrower.memberCode);
  await callAt(url, 'circulation', 'hold', { bookId: ready.bookId }, READER);
  await callAt(url, 'circulation', 'return', { barcode: ready.barcode }, STAFF);
  const waiting = await allOut(url, '中国共产党宣传工作简史', borrower.memberCode);
  await callAt(url, 'circulation', 'hold', { bookId: waiting.bookId }, OTHERS.first);
  await callAt(url, 'circulation', 'hold', { bookId: waiting.bookId }, READER);
  const cancelled = await allOut(url, '资本论', borrower.memberCode);
  const { hold } = await callAt(url, 'circulation', 'hold', { bookId: cancelled.bookId }, READER);
  await callAt(url, 'circulation', 'cancelHold', { holdId: hold._id }, READER);
  // Nothing on the shelf, no hold yet: 预约.
  const out = await allOut(url, '反杜林论', borrower.memberCode);

  return {
    cloud,
    now: await cloudNow(url),
    books: {
      available: (await shelf(url, '共产党宣言')).bookId,
      hold: out.bookId,
      waiting: waiting.bookId,
      ready: ready.bookId,
      loan: loan.bookId,
      overdue: overdue.bookId,
    },
    scanBarcode: (await shelf(url, '百年大党面对面')).barcodes[0] ?? '',
  };
}

const circulationReady = (page: SimComponent) =>
  waitFor(
    () =>
      page.instance.data.state === 'ready' &&
      (page.instance.data.circulation as { kind: string }).kind !== 'loading',
  );

const bookScene = (name: string, book: keyof State['books']): Scene => ({
  name: `circulation-book-${name}`,
  route: '/pages/book/index',
  query: () => Promise.resolve({ id: built().books[book] }),
  act: circulationReady,
});

const sheetAt = (step: string) => (page: SimComponent) =>
  waitFor(() => (page.instance.data.borrowSheet as { step: string } | null)?.step === step);

/** 首页 → 扫码借书 with the camera reading a copy's label. */
async function scanOnHome(page: SimComponent): Promise<void> {
  await waitFor(() => page.instance.data.state === 'ready');
  camera?.scans.push(built().scanBarcode);
  await tap(page, '#scan-borrow');
  await sheetAt('confirm')(page);
}

const SCENES: Scene[] = [
  { name: 'circulation-loans', route: '/pages/loans/index', act: loaded('state') },
  { name: 'circulation-loans-xlarge', route: '/pages/loans/index', prepare: xlarge, act: loaded('state') },
  {
    name: 'circulation-loans-empty',
    route: '/pages/loans/index',
    openid: OTHERS.first,
    act: loaded('state'),
  },
  { name: 'circulation-holds', route: '/pages/holds/index', act: loaded('state') },
  {
    name: 'circulation-holds-empty',
    route: '/pages/holds/index',
    openid: OTHERS.borrower,
    act: loaded('state'),
  },
  bookScene('available', 'available'),
  bookScene('hold', 'hold'),
  bookScene('waiting', 'waiting'),
  bookScene('ready', 'ready'),
  bookScene('loan', 'loan'),
  bookScene('overdue', 'overdue'),
  { ...bookScene('register', 'available'), openid: VISITOR },
  { ...bookScene('ready-xlarge', 'ready'), prepare: xlarge },
  {
    name: 'circulation-home',
    route: '/pages/home/index',
    act: (page) => waitFor(() => (page.instance.data.reading as { state: string }).state === 'ready'),
  },
  {
    name: 'circulation-home-xlarge',
    route: '/pages/home/index',
    prepare: xlarge,
    act: (page) => waitFor(() => (page.instance.data.reading as { state: string }).state === 'ready'),
  },
  {
    name: 'circulation-me',
    route: '/pages/me/index',
    act: (page) => waitFor(() => page.instance.data.holdsValue),
  },
  { name: 'circulation-home-scan-confirm', route: '/pages/home/index', act: scanOnHome },
  {
    // last: this one borrows the scanned copy
    name: 'circulation-home-scan-done',
    route: '/pages/home/index',
    act: async (page) => {
      await scanOnHome(page);
      const sheet = page.querySelector('#borrow');
      if (!sheet) throw new Error('no borrow sheet');
      await tap(sheet, '#borrow-ok');
      await sheetAt('done')(page);
    },
  },
];

// Reminder templates configured: 我的借阅 / 我的预约 offer 开启提醒 for loans and holds made without consent.
privateState(
  SCENES,
  buildState,
  (built) => {
    state = built;
  },
  () =>
    privateCloud({
      skipDemoParts: ['circulation'], // the scenes stage their own loans and holds
      env: {
        REMINDER_TEMPLATE_DUE_SOON: 'gallery-due-soon',
        REMINDER_TEMPLATE_OVERDUE: 'gallery-overdue',
        REMINDER_TEMPLATE_HOLD_READY: 'gallery-hold-ready',
        REMINDER_TEMPLATE_HOLD_EXPIRING: 'gallery-hold-expiring',
      },
    }),
);

renderScenes(SCENES, {
  openid: READER,
  install: (wx) => {
    const { cloud, now } = built();
    wx.cloudUrl = cloud.url;
    catalogueWx();
    camera = installAdminWx(() => wx.cloudUrl);
    setPhoneDate(now); // the phone's calendar is the cloud's
  },
});
