/**
 * The `circulation` cloud function: loans (borrow, lend, return, renew), holds and their queue, loan rules,
 * the desk's lists, reminders (docs/circulation.md).
 */
import type { CirculationActions } from '../../../typings/functions/circulation';
import { forbidden } from '../../_shared/errors';
import { consent, consentInput } from '../../_shared/reminders/consent';
import { action, createMain, type ActionTable } from '../../_shared/router';
import { runDaily } from './daily';
import { bookCirculation, deskMember, holdsToPull, memberByCode, overdue } from './desk';
import { awaitingPickup, cancelHold, cancelHoldFor, myHolds, placeHold, toStaffHold } from './holds';
import { createLoan, describeLoan, myLoans, pullForHold, renew, returnCopy } from './loans';
import { myReminders } from './my-reminders';
import { options } from './options';
import { remind, remindInput } from './remind';
import { readSettings, saveSettings, settingsInput } from './rules';
import {
  barcodeInput,
  bookIdInput,
  borrowInput,
  cancelHoldForInput,
  holdIdInput,
  lendInput,
  renewInput,
  memberCodeInput,
  nothing,
  pageInput,
} from './schemas';

/** Desk work: librarians and admins (admin holds every role). */
const staff = { roles: ['librarian' as const] };
const admin = { roles: ['admin' as const] };

const actions: ActionTable<CirculationActions> = {
  // members
  borrow: action({
    access: 'member',
    input: borrowInput,
    handler: async (input, caller) => {
      const settings = await readSettings();
      if (!settings.selfServiceBorrow) throw forbidden('自助借阅已关闭，请到服务台办理借阅');
      const member = caller.member;
      if (!member) throw forbidden();
      const loan = await createLoan({ member, barcode: input.barcode, requestId: input.requestId, settings });
      return { loan: await describeLoan(loan, member.category, settings) };
    },
  }),
  renew: {
    access: 'member',
    input: renewInput,
    handler: async (input, caller) => ({ loan: await renew(input, caller) }),
  },
  hold: { access: 'member', input: bookIdInput, handler: (input, caller) => placeHold(input.bookId, caller) },
  cancelHold: {
    access: 'member',
    input: holdIdInput,
    handler: (input, caller) => cancelHold(input.holdId, caller),
  },
  myLoans: action({ access: 'registered', input: pageInput, handler: myLoans }),
  myHolds: { access: 'registered', input: nothing, handler: (_input, caller) => myHolds(caller) },
  bookCirculation: {
    access: 'anyone',
    input: bookIdInput,
    handler: (input, caller) => bookCirculation(input.bookId, caller),
  },
  consent: action({ access: 'member', input: consentInput, handler: consent }),
  options: { access: 'public', input: nothing, handler: options },
  myReminders: { access: 'member', input: nothing, handler: (_input, caller) => myReminders(caller) },

  // librarians and admins
  lend: action({
    access: staff,
    input: lendInput,
    handler: async (input, caller) => {
      const [member, settings] = await Promise.all([memberByCode(input.memberCode), readSettings()]);
      const loan = await createLoan({
        member,
        barcode: input.barcode,
        requestId: input.requestId,
        staff: { caller, override: input.override },
        settings,
      });
      return { loan: await describeLoan(loan, member.category, settings), memberName: member.name };
    },
  }),
  return: {
    access: staff,
    input: barcodeInput,
    handler: (input, caller) => returnCopy(input.barcode, caller),
  },
  deskMember: { access: staff, input: memberCodeInput, handler: (input) => deskMember(input.memberCode) },
  overdue: action({ access: staff, input: pageInput, handler: overdue }),
  remind: action({ access: staff, input: remindInput, handler: remind }),
  holdsToPull: action({ access: staff, input: pageInput, handler: holdsToPull }),
  awaitingPickup: action({ access: staff, input: pageInput, handler: awaitingPickup }),
  pull: {
    access: staff,
    input: barcodeInput,
    handler: async (input, caller) => ({ hold: toStaffHold(await pullForHold(input.barcode, caller)) }),
  },
  cancelHoldFor: action({ access: staff, input: cancelHoldForInput, handler: cancelHoldFor }),

  // admins
  rules: { access: admin, input: nothing, handler: readSettings },
  saveRules: { access: admin, input: settingsInput, handler: saveSettings },
};

export const main = createMain(actions, { timers: { daily: () => runDaily() } });
