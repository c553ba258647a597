/** Typed client of the `circulation` cloud function (typings/functions/circulation.ts). */
import type { BorrowRequest, CirculationSettings, LendRequest, ReminderKind } from '../../typings/index';
import { call } from './call';

export const circulationApi = {
  borrow: (req: BorrowRequest) => call('circulation', 'borrow', req),
  renew: (loanId: string, requestId: string) => call('circulation', 'renew', { loanId, requestId }),
  hold: (bookId: string) => call('circulation', 'hold', { bookId }),
  cancelHold: (holdId: string) => call('circulation', 'cancelHold', { holdId }),
  myLoans: (page = 1, pageSize = 20) => call('circulation', 'myLoans', { page, pageSize }),
  myHolds: () => call('circulation', 'myHolds', {}),
  bookCirculation: (bookId: string) => call('circulation', 'bookCirculation', { bookId }),
  consent: (kinds: ReminderKind[]) => call('circulation', 'consent', { kinds }),
  options: () => call('circulation', 'options', {}),
  myReminders: () => call('circulation', 'myReminders', {}),
  // librarians and admins
  lend: (req: LendRequest) => call('circulation', 'lend', req),
  return: (barcode: string) => call('circulation', 'return', { barcode }),
  deskMember: (memberCode: string) => call('circulation', 'deskMember', { memberCode }),
  overdue: (page = 1, pageSize = 20) => call('circulation', 'overdue', { page, pageSize }),
  remind: (loanId: string) => call('circulation', 'remind', { loanId }),
  holdsToPull: (page = 1, pageSize = 20) => call('circulation', 'holdsToPull', { page, pageSize }),
  awaitingPickup: (page = 1, pageSize = 20) => call('circulation', 'awaitingPickup', { page, pageSize }),
  pull: (barcode: string) => call('circulation', 'pull', { barcode }),
  cancelHoldFor: (holdId: string, reason: string) => call('circulation', 'cancelHoldFor', { holdId, reason }),
  // admins
  rules: () => call('circulation', 'rules', {}),
  saveRules: (settings: CirculationSettings) => call('circulation', 'saveRules', settings),
};
