/**
 * The book page's 借阅 / 预约 state for the member looking at it: what the status card says and which
 * action the bottom bar offers. A pure function of the member, `bookCirculation` and the copy count.
 */
import type { BookCirculation, Member } from '../../../typings/index';
import { chineseDate, dueInfo, holdView, type DueTone } from '../../utils/circulation';

export type CirculationKind =
  | 'loading'
  | 'error'
  | 'register'
  | 'pending'
  | 'suspended'
  | 'loan'
  | 'ready'
  | 'waiting'
  | 'borrow'
  | 'desk'
  | 'hold'
  | 'none';

/** The bottom bar's main button (none: the bar shows `note`). */
export type CirculationAction = 'scan' | 'hold' | 'loans' | 'holds' | 'register' | 'retry' | 'none';

export interface CirculationView {
  kind: CirculationKind;
  /** The status card's headline and the line under it. */
  status: string;
  detail: string;
  tone: DueTone | 'info' | 'muted';
  action: CirculationAction;
  actionText: string;
  /** The bar's text when there is no button. */
  note: string;
  /** The caller's open hold (取消预约 on the card). */
  holdId: string;
  /** The copy set aside for the caller (ready). */
  barcode: string;
}

const EMPTY: CirculationView = {
  kind: 'loading',
  status: '',
  detail: '',
  tone: 'info',
  action: 'none',
  actionText: '',
  note: '',
  holdId: '',
  barcode: '',
};

export function circulationLoading(): CirculationView {
  return { ...EMPTY, kind: 'loading', status: '正在查看借阅状态…', tone: 'muted', note: '正在查看借阅状态…' };
}

export function circulationError(message: string): CirculationView {
  return {
    ...EMPTY,
    kind: 'error',
    status: '借阅状态暂时取不到',
    detail: message,
    tone: 'muted',
    action: 'retry',
    actionText: '重新查看',
  };
}

/** Before asking the circulation function: who the caller is decides whether there is anything to ask. */
export function circulationForMember(member: Member | null): CirculationView | null {
  if (!member)
    return {
      ...EMPTY,
      kind: 'register',
      status: '登记后可借阅和预约',
      detail: '只需填写姓名、党支部和人员类别，管理员审核后即可借书。',
      action: 'register',
      actionText: '登记成为读者',
    };
  if (member.status === 'pending')
    return {
      ...EMPTY,
      kind: 'pending',
      status: '登记正在审核',
      detail: '管理员审核通过后即可借阅和预约。',
      tone: 'muted',
      note: '审核通过后即可借阅',
    };
  if (member.status === 'suspended')
    return {
      ...EMPTY,
      kind: 'suspended',
      status: '账号已停用，暂不能借阅',
      detail: '如有疑问，请联系书屋管理员。',
      tone: 'muted',
      note: '账号已停用，暂不能借阅',
    };
  return null;
}

export function circulationView(bc: BookCirculation, total: number, now: Date = new Date()): CirculationView {
  if (bc.myLoan) {
    const due = dueInfo(bc.myLoan.dueAt, now, bc.myLoan.overdue);
    return {
      ...EMPTY,
      kind: 'loan',
      status: `已借阅 · 应还 ${chineseDate(bc.myLoan.dueAt, now)}`,
      detail: due.label,
      tone: due.tone,
      action: 'loans',
      actionText: '我的借阅',
    };
  }
  if (bc.myHold && bc.myHold.status === 'ready') {
    const hold = holdView(bc.myHold, now);
    return {
      ...EMPTY,
      kind: 'ready',
      status: '已到馆待取',
      detail: hold.pickupText,
      barcode: hold.barcode ?? '',
      tone: 'ok',
      action: bc.selfServiceBorrow ? 'scan' : 'holds',
      actionText: bc.selfServiceBorrow ? '扫码借阅' : '我的预约',
      holdId: hold._id,
    };
  }
  if (bc.myHold && bc.myHold.status === 'waiting') {
    return {
      ...EMPTY,
      kind: 'waiting',
      status: bc.myHold.position ? `已预约 · 第 ${bc.myHold.position} 位` : '已预约',
      detail: '书还回来会先留给排在最前面的读者，到馆后会通知你。',
      tone: 'info',
      action: 'holds',
      actionText: '我的预约',
      holdId: bc.myHold._id,
    };
  }
  if (bc.available > 0) {
    if (!bc.selfServiceBorrow)
      return {
        ...EMPTY,
        kind: 'desk',
        status: `可借 ${bc.available} 本`,
        detail: '书屋暂未开放自助借书：请带上“我的”页的借书码，到服务台借阅。',
        tone: 'ok',
        note: '请到服务台借阅',
      };
    return {
      ...EMPTY,
      kind: 'borrow',
      status: `可借 ${bc.available} 本`,
      detail: '在书屋找到这本书，点“扫码借阅”扫描书上的馆藏条码。',
      tone: 'ok',
      action: 'scan',
      actionText: '扫码借阅',
    };
  }
  if (bc.canHold) {
    return {
      ...EMPTY,
      kind: 'hold',
      status: '暂无可借，可以预约',
      detail:
        bc.waiting > 0
          ? `已有 ${bc.waiting} 人在排队，预约后按先后顺序留书。`
          : '预约后，书还回来会先留给你。',
      tone: 'muted',
      action: 'hold',
      actionText: '预约',
    };
  }
  return {
    ...EMPTY,
    kind: 'none',
    status: total === 0 ? '书屋暂无这本书的馆藏' : '暂无可借',
    detail: total === 0 ? '可以到服务台推荐购买。' : '都已借出或在整理中，过几天再来看看。',
    tone: 'muted',
    note: total === 0 ? '暂无馆藏' : '暂无可借',
  };
}
