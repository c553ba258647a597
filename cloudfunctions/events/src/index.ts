/**
 * The `events` cloud function: events (活动), sign-up (报名) with a waitlist (候补), check-in (签到), invites
 * (邀请), the organiser's lists and export (docs/events.md).
 */
import type { EventsActions } from '../../../typings/functions/events';
import { action, createMain, type ActionTable } from '../../_shared/router';
import { checkin, checkinCode } from './checkin';
import { runDaily } from './daily';
import { posterCode, resolveScene } from './poster';
import {
  attendeesInput,
  checkinInput,
  detailInput,
  eventIdInput,
  exportInput,
  listInput,
  markAttendanceInput,
  mineInput,
  saveInput,
  sceneInput,
  signupInput,
} from './schemas';
import { attendees, markAttendance } from './attendees';
import { exportAttendees } from './export';
import { detail, list, mine } from './read';
import { saveEvent } from './save';
import { cancel, signup } from './signup';

/** Organisers (of any event: the handlers check which) and admins (admin holds every role). */
const organisers = { roles: ['organiser' as const] };

const actions: ActionTable<EventsActions> = {
  // anyone may look; members act
  list: action({ access: 'anyone', input: listInput, handler: list }),
  detail: action({ access: 'anyone', input: detailInput, handler: detail }),
  signup: action({ access: 'member', input: signupInput, handler: signup }),
  cancel: action({ access: 'registered', input: eventIdInput, handler: cancel }),
  checkin: action({ access: 'member', input: checkinInput, handler: checkin }),
  mine: action({ access: 'registered', input: mineInput, handler: mine }),
  posterCode: action({ access: 'member', input: eventIdInput, handler: posterCode }),
  // the poster is scanned by newcomers too, and the answer does not depend on who asks: no caller read
  resolveScene: action({ access: 'public', input: sceneInput, handler: resolveScene }),

  // organisers and admins
  save: action({ access: organisers, input: saveInput, handler: saveEvent }),
  attendees: action({ access: organisers, input: attendeesInput, handler: attendees }),
  markAttendance: action({ access: organisers, input: markAttendanceInput, handler: markAttendance }),
  export: action({ access: organisers, input: exportInput, handler: exportAttendees }),
  checkinCode: action({ access: organisers, input: eventIdInput, handler: checkinCode }),
};

export const main = createMain(actions, { timers: { daily: () => runDaily() } });
