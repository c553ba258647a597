/**
 * Every collection the cloud functions use, with the indexes their queries need.
 * Production must have them created (a query on a missing collection fails); the local seed and the
 * deploy script apply this list.
 */
export interface IndexSpec {
  name: string;
  keys: Record<string, 1 | -1>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
}

export const COLLECTIONS = {
  members: {
    name: 'members',
    indexes: [
      { name: 'memberCode', keys: { memberCode: 1 }, unique: true },
      { name: 'status_createdAt', keys: { status: 1, createdAt: -1 } },
      { name: 'branchId', keys: { branchId: 1 } },
    ],
  },
  branches: { name: 'branches', indexes: [{ name: 'order', keys: { order: 1 } }] },
  config: { name: 'config', indexes: [] },
  auditLog: { name: 'auditLog', indexes: [{ name: 'at', keys: { at: -1 } }] },
  bookCategories: { name: 'bookCategories', indexes: [{ name: 'order', keys: { order: 1 } }] },
  books: {
    name: 'books',
    indexes: [
      { name: 'isbn13', keys: { isbn13: 1 } },
      { name: 'categoryId_createdAt', keys: { categoryId: 1, createdAt: -1, _id: 1 } },
      { name: 'createdAt', keys: { createdAt: -1, _id: 1 } },
      // search (docs/search.md): one multikey index over every search key, in the order results are read
      { name: 'searchKeys_createdAt', keys: { searchKeys: 1, createdAt: -1, _id: 1 } },
    ],
  },
  copies: {
    name: 'copies',
    indexes: [
      { name: 'barcode', keys: { barcode: 1 }, unique: true },
      { name: 'bookId_status', keys: { bookId: 1, status: 1 } },
    ],
  },
  loans: {
    name: 'loans',
    indexes: [
      // a member's current loans by due date (我的借阅, the desk, book page)
      { name: 'memberId_status_dueAt', keys: { memberId: 1, status: 1, dueAt: 1 } },
      // a member's history, newest first
      { name: 'memberId_status_returnedAt', keys: { memberId: 1, status: 1, returnedAt: -1 } },
      // overdue and due-soon loans (staff list, reminders)
      { name: 'status_dueAt', keys: { status: 1, dueAt: 1 } },
      // the active loan of a copy (return when the copy does not name it)
      { name: 'copyId_status', keys: { copyId: 1, status: 1 } },
    ],
  },
  holds: {
    name: 'holds',
    indexes: [
      // a book's queue in order; waiting counts and positions
      { name: 'bookId_status_placedAt', keys: { bookId: 1, status: 1, placedAt: 1 } },
      // a member's holds (我的预约, the desk, one open hold per book)
      { name: 'memberId_status_placedAt', keys: { memberId: 1, status: 1, placedAt: 1 } },
      // ready holds by pickup deadline (awaiting pickup, expiry)
      { name: 'status_readyUntil', keys: { status: 1, readyUntil: 1 } },
      // waiting holds in order (holds to pull)
      { name: 'status_placedAt', keys: { status: 1, placedAt: 1 } },
    ],
  },
  booklists: {
    name: 'booklists',
    indexes: [
      { name: 'featured_order', keys: { featured: 1, order: 1 } },
      { name: 'kind_order', keys: { kind: 1, order: 1 } },
      { name: 'items_bookId', keys: { 'items.bookId': 1 } },
    ],
  },
  events: {
    name: 'events',
    indexes: [
      // the 活动 tab: by status, in time order (phase bounds on startAt / endAt)
      { name: 'status_startAt', keys: { status: 1, startAt: 1, _id: 1 } },
      // a member's view: audience ('all' or a branch id) then status and time
      { name: 'audience_status_startAt', keys: { audience: 1, status: 1, startAt: 1, _id: 1 } },
      // by type (the tab's type filter)
      { name: 'type_status_startAt', keys: { type: 1, status: 1, startAt: 1, _id: 1 } },
      // the organiser's list (活动管理): their own events by status and time
      { name: 'organiserId_status_startAt', keys: { organiserId: 1, status: 1, startAt: 1, _id: 1 } },
    ],
  },
  signups: {
    name: 'signups',
    indexes: [
      // an event's waitlist in order (promotion, positions) and its lists by status
      { name: 'eventId_status_waitlistSeq', keys: { eventId: 1, status: 1, waitlistSeq: 1 } },
      // the attendee list in sign-up order
      { name: 'eventId_signedUpAt', keys: { eventId: 1, signedUpAt: 1, _id: 1 } },
      // 我的活动
      { name: 'memberId_signedUpAt', keys: { memberId: 1, signedUpAt: -1 } },
    ],
  },
  invites: {
    name: 'invites',
    indexes: [
      // who invited a member to an event (the _id is derived from both: the first invite counts)
      { name: 'eventId_inviteeId', keys: { eventId: 1, inviteeId: 1 }, unique: true },
      { name: 'eventId_inviterId', keys: { eventId: 1, inviterId: 1 } },
    ],
  },
  // a poster's mini-program code per (event, member), made once (_id derived from both; read by id only)
  posterCodes: { name: 'posterCodes', indexes: [] },
} as const satisfies Record<string, CollectionSpec>;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS]['name'];

export const ALL_COLLECTIONS: CollectionSpec[] = Object.values(COLLECTIONS);

/** The declared indexes by collection (the local cloud enforces and uses them as production would). */
export function declaredIndexes(): Record<string, IndexSpec[]> {
  return Object.fromEntries(ALL_COLLECTIONS.map((spec) => [spec.name, [...spec.indexes]]));
}
