/**
 * How loans and holds read to a member (miniprogram/utils/circulation.ts, pages/book/circulation.ts): days
 * left and overdue in China calendar days whatever the phone's zone, the book page's state per situation.
 * Pure functions of the item and `now`: overdue is shown here without moving any clock.
 */
import type { BookCirculation, HoldItem, LoanItem } from '../../typings';
import { circulationView } from '../../miniprogram/pages/book/circulation';
import { chineseDate, dueInfo, holdView, loanView } from '../../miniprogram/utils/circulation';

/** The last instant of a China calendar day (how circulation sets due dates and pickup deadlines). */
const endOfChinaDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`).toISOString();
const at = (iso: string) => new Date(iso);

function loan(fields: Partial<LoanItem> = {}): LoanItem {
  return {
    _id: 'loan-1',
    bookId: 'book-1',
    title: '红星照耀中国',
    barcode: 'SW-0001',
    borrowedAt: '2026-10-23T02:00:00.000Z',
    dueAt: endOfChinaDay('2026-11-22'),
    renewals: 0,
    status: 'active',
    overdue: false,
    renewable: true,
    ...fields,
  };
}

function hold(fields: Partial<HoldItem> = {}): HoldItem {
  return {
    _id: 'hold-1',
    bookId: 'book-1',
    title: '苦难辉煌',
    status: 'waiting',
    position: 2,
    placedAt: '2026-11-01T03:00:00.000Z',
    ...fields,
  };
}

describe('days left and overdue', () => {
  it('counts China calendar days: 01:00 in Beijing is already the next day', () => {
    const due = endOfChinaDay('2026-11-23');
    // 17:00 UTC on the 22nd is 01:00 on the 23rd in Beijing: the due day itself.
    expect(dueInfo(due, at('2026-11-22T17:00:00Z'))).toEqual({
      daysLeft: 0,
      overdue: false,
      tone: 'soon',
      label: '今天到期',
    });
    // 15:00 UTC on the 22nd is 23:00 on the 22nd in Beijing: one day left.
    expect(dueInfo(due, at('2026-11-22T15:00:00Z')).label).toBe('还剩 1 天');
  });

  it('reads plenty of time in green, the last days in orange, overdue in red with the days late', () => {
    const due = endOfChinaDay('2026-12-22');
    expect(dueInfo(due, at('2026-11-22T02:00:00Z'))).toMatchObject({
      daysLeft: 30,
      tone: 'ok',
      label: '还剩 30 天',
    });
    expect(dueInfo(due, at('2026-12-19T02:00:00Z'))).toMatchObject({
      daysLeft: 3,
      tone: 'soon',
      label: '还剩 3 天',
    });
    expect(dueInfo(due, at('2026-12-18T02:00:00Z')).tone).toBe('ok');
    expect(dueInfo(due, at('2026-12-23T02:00:00Z'))).toMatchObject({
      daysLeft: -1,
      overdue: true,
      tone: 'overdue',
      label: '逾期 1 天',
    });
    expect(dueInfo(due, at('2027-01-05T02:00:00Z')).label).toBe('逾期 14 天');
  });

  it('believes the server when it says overdue before the phone’s calendar does', () => {
    const due = endOfChinaDay('2026-11-22');
    expect(dueInfo(due, at('2026-11-22T10:00:00Z'), true)).toMatchObject({ overdue: true, label: '已逾期' });
  });

  it('writes dates as China days, with the year only when it is not this year', () => {
    const now = at('2026-11-22T02:00:00Z');
    expect(chineseDate(endOfChinaDay('2026-12-22'), now)).toBe('12月22日');
    expect(chineseDate(endOfChinaDay('2027-01-03'), now)).toBe('2027年1月3日');
    expect(chineseDate('2026-12-31T16:30:00Z', now)).toBe('2027年1月1日'); // 00:30 in Beijing
    expect(chineseDate('not a date', now)).toBe('');
  });
});

describe('a loan as 我的借阅 shows it', () => {
  const now = at('2026-11-25T02:00:00Z');

  it('shows an overdue loan with its days late and the renewals used', () => {
    const view = loanView(loan({ overdue: true, renewals: 1, renewable: false }), now);
    expect(view).toMatchObject({
      borrowedText: '10月23日',
      dueText: '11月22日',
      dueLabel: '逾期 3 天',
      tone: 'overdue',
      renewalsText: '已续借 1 次',
    });
  });

  it('shows a returned loan without a due label', () => {
    const view = loanView(
      loan({ status: 'returned', returnedAt: '2026-11-20T08:00:00Z', overdue: false }),
      now,
    );
    expect(view).toMatchObject({
      dueLabel: '',
      tone: 'ok',
      returnedText: '11月20日',
      renewalsText: '未续借',
    });
  });
});

describe('a hold as 我的预约 shows it', () => {
  const now = at('2026-11-22T02:00:00Z');

  it('gives a waiting hold its place in the queue', () => {
    expect(holdView(hold(), now)).toMatchObject({
      statusLabel: '排队中',
      positionText: '排在第 2 位',
      pickupText: '',
    });
  });

  it('gives a ready hold its pickup day', () => {
    const view = holdView(
      hold({
        status: 'ready',
        position: undefined,
        readyUntil: endOfChinaDay('2026-11-25'),
        barcode: 'SW-9',
      }),
      now,
    );
    expect(view.statusLabel).toBe('待取');
    expect(view.pickupText).toBe('请于 11月25日（含当天）前到书屋取书');
  });
});

describe('the book page’s 借阅 / 预约 state', () => {
  const now = at('2026-11-22T02:00:00Z');
  const base: BookCirculation = {
    available: 0,
    waiting: 0,
    myLoan: null,
    myHold: null,
    canHold: false,
    selfServiceBorrow: true,
  };

  it('offers 扫码借阅 with copies on the shelf, or the desk when self-service is off', () => {
    expect(circulationView({ ...base, available: 2 }, 3, now)).toMatchObject({
      kind: 'borrow',
      action: 'scan',
      actionText: '扫码借阅',
      status: '可借 2 本',
    });
    expect(circulationView({ ...base, available: 2, selfServiceBorrow: false }, 3, now)).toMatchObject({
      kind: 'desk',
      action: 'none',
      note: '请到服务台借阅',
    });
  });

  it('offers 预约 when none is on the shelf, with the queue length', () => {
    const view = circulationView({ ...base, canHold: true, waiting: 2 }, 3, now);
    expect(view).toMatchObject({ kind: 'hold', action: 'hold', actionText: '预约' });
    expect(view.detail).toContain('已有 2 人在排队');
  });

  it('shows the member’s own hold, waiting or ready, with a cancel', () => {
    const waiting = circulationView({ ...base, myHold: hold({ position: 3 }) }, 3, now);
    expect(waiting).toMatchObject({ kind: 'waiting', status: '已预约 · 第 3 位', holdId: 'hold-1' });
    const ready = circulationView(
      {
        ...base,
        myHold: hold({ status: 'ready', readyUntil: endOfChinaDay('2026-11-24'), barcode: 'SW-7' }),
      },
      3,
      now,
    );
    expect(ready).toMatchObject({ kind: 'ready', status: '已到馆待取', action: 'scan', holdId: 'hold-1' });
    expect(ready.detail).toBe('请于 11月24日（含当天）前到书屋取书');
    expect(ready.barcode).toBe('SW-7');
  });

  it('shows the member’s loan with its due date, in red when overdue', () => {
    const onLoan = circulationView({ ...base, myLoan: loan({ dueAt: endOfChinaDay('2026-12-22') }) }, 3, now);
    expect(onLoan).toMatchObject({
      kind: 'loan',
      status: '已借阅 · 应还 12月22日',
      detail: '还剩 30 天',
      tone: 'ok',
    });
    const late = circulationView(
      { ...base, myLoan: loan({ dueAt: endOfChinaDay('2026-11-20'), overdue: true }) },
      3,
      now,
    );
    expect(late).toMatchObject({ kind: 'loan', detail: '逾期 2 天', tone: 'overdue' });
  });

  it('says so when the reading room has no copy at all', () => {
    expect(circulationView(base, 0, now)).toMatchObject({ kind: 'none', status: '书屋暂无这本书的馆藏' });
  });
});
