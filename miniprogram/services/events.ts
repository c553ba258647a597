/** Typed client of the `events` cloud function (typings/functions/events.ts). */
import type { AttendeesRequest, ListRequest, SaveEventRequest, SignupRequest } from '../../typings/index';
import { call } from './call';

export const eventsApi = {
  list: (req: ListRequest) => call('events', 'list', req),
  detail: (eventId: string, inviter?: string) =>
    call('events', 'detail', inviter ? { eventId, inviter } : { eventId }),
  signup: (req: SignupRequest) => call('events', 'signup', req),
  cancel: (eventId: string) => call('events', 'cancel', { eventId }),
  checkin: (eventId: string, code: string) => call('events', 'checkin', { eventId, code }),
  mine: (page = 1, pageSize = 20) => call('events', 'mine', { page, pageSize }),
  posterCode: (eventId: string) => call('events', 'posterCode', { eventId }),
  resolveScene: (scene: string) => call('events', 'resolveScene', { scene }),
  // organisers and admins
  save: (req: SaveEventRequest) => call('events', 'save', req),
  attendees: (req: AttendeesRequest) => call('events', 'attendees', req),
  markAttendance: (eventId: string, memberId: string, attended: boolean) =>
    call('events', 'markAttendance', { eventId, memberId, attended }),
  export: (eventId: string, format: 'csv' | 'xlsx' = 'xlsx') => call('events', 'export', { eventId, format }),
  checkinCode: (eventId: string) => call('events', 'checkinCode', { eventId }),
};
