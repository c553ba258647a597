/**
 * The demo reading room: branches and demo members, the demo catalogue, demo events. Seeded once per
 * data directory: each part is recorded in the `config` document `seed`, so a data directory that already
 * holds other data (an import, say) only gets the parts it has not had.
 */
import type { Branch } from '../../typings/entities';
import { ALL_COLLECTIONS, COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { memberIdFor, newMemberCode, type MemberDoc } from '../../cloudfunctions/_shared/members';
import type { Store } from '../local-cloud/store';
import { seedCatalogue } from './catalogue';
import { seedCirculation } from './circulation';
import { seedEvents } from './events';

export const DEMO_BRANCHES: Branch[] = [
  { _id: 'branch-office-1', name: '机关第一党支部', order: 1 },
  { _id: 'branch-office-2', name: '机关第二党支部', order: 2 },
  { _id: 'branch-teaching', name: '教研室党支部', order: 3 },
  { _id: 'branch-retired', name: '离退休干部党支部', order: 4 },
  { _id: 'branch-students', name: '主体班临时党支部', order: 5 },
];

/** Demo identities for local mode: set the mini-program's local openid to one of these. */
export const DEMO_MEMBERS = [
  { openid: 'demo-admin', name: '王建国', branchId: 'branch-office-1', category: '干部', roles: ['admin'] },
  {
    openid: 'demo-librarian',
    name: '李书文',
    branchId: 'branch-office-2',
    category: '职工',
    roles: ['librarian'],
  },
  {
    openid: 'demo-organiser',
    name: '张红梅',
    branchId: 'branch-teaching',
    category: '党员',
    roles: ['organiser'],
  },
  { openid: 'demo-member', name: '陈志远', branchId: 'branch-retired', category: '党员', roles: [] },
  { openid: 'demo-student', name: '刘晓燕', branchId: 'branch-students', category: '学员', roles: [] },
] as const;

interface SeedMarker {
  _id: 'seed';
  parts: string[];
  seededAt: Date;
}

/** A part of the demo; `added` names the parts seeded before it in the same run. */
type SeedPart = { name: DemoPart; run: (store: Store, added: readonly string[]) => Promise<void> };

const PARTS: SeedPart[] = [
  {
    name: 'organisation',
    async run(store) {
      await store.insert(COLLECTIONS.branches.name, DEMO_BRANCHES);
      const at = new Date();
      const members: MemberDoc[] = DEMO_MEMBERS.map((m) => ({
        _id: memberIdFor(m.openid),
        openid: m.openid,
        name: m.name,
        branchId: m.branchId,
        branchName: DEMO_BRANCHES.find((b) => b._id === m.branchId)?.name ?? '',
        category: m.category,
        status: 'active',
        roles: [...m.roles],
        memberCode: newMemberCode(),
        createdAt: at,
        updatedAt: at,
      }));
      await store.insert(COLLECTIONS.members.name, members);
    },
  },
  {
    // Categories, the starter catalogue of real titles with copies, featured booklists (scripts/seed/catalogue.ts).
    name: 'catalogue',
    async run(store) {
      await seedCatalogue(store);
    },
  },
  {
    // A few events organised by demo-organiser, some demo members signed up (scripts/seed/events.ts).
    name: 'events',
    async run(store) {
      await seedEvents(store);
    },
  },
  {
    // Loans (one overdue), returned loans and holds (one waiting, one on the hold shelf) of demo members
    // (scripts/seed/circulation.ts). Only with the catalogue of the same run: a data directory seeded
    // before this part existed is in use, and its copies and loans are left as they are.
    name: 'circulation',
    async run(store, added) {
      if (added.includes('catalogue')) await seedCirculation(store);
    },
  },
];

/** The demo's parts, in seeding order. */
export type DemoPart = 'organisation' | 'catalogue' | 'events' | 'circulation';

/**
 * Creates every collection and seeds the parts this data directory has not had (of `skip`, none: a
 * gallery that stages its own loans leaves out `circulation`). Answers the parts added.
 */
export async function seedDemo(store: Store, skip: readonly DemoPart[] = []): Promise<string[]> {
  for (const spec of ALL_COLLECTIONS) await store.ensureCollection(spec.name);
  const seeded = (await store.find(COLLECTIONS.config.name, { _id: 'seed' }))[0] as SeedMarker | undefined;
  const done = new Set(seeded?.parts ?? []);
  const added: string[] = [];
  for (const part of PARTS) {
    if (done.has(part.name) || skip.includes(part.name)) continue;
    await part.run(store, added);
    done.add(part.name);
    added.push(part.name);
  }
  if (added.length > 0) {
    const marker: Omit<SeedMarker, '_id'> = { parts: [...done], seededAt: new Date() };
    await store.update(COLLECTIONS.config.name, { _id: 'seed' }, { $set: marker }, { upsert: true });
  }
  return added;
}
