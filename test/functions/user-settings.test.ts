/**
 * Settings that change the whole reading room (approval) and crash durability run on a private local
 * cloud process, so they cannot disturb tests running in parallel on the shared one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../scripts/local-cloud/store';
import { seedDemo } from '../../scripts/seed/demo';
import type { ApiResult } from '../../typings';
import type { LoginResult, MeResult } from '../../typings/functions/user';
import { invoke } from '../support/cloud';
import { startCloudProcess, type CloudProcess } from '../support/process';

const ADMIN = 'private-admin';
let dataDir: string;
let cloud: CloudProcess;

async function start(): Promise<void> {
  cloud = await startCloudProcess(dataDir, { env: { ADMIN_OPENIDS: ADMIN } });
}

async function userCall<T>(event: Record<string, unknown>, openid: string): Promise<ApiResult<T>> {
  return (await invoke('user', event, openid, cloud.url)) as ApiResult<T>;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-user-'));
  const store = await openStore(dataDir);
  await seedDemo(store);
  await store.close();
  await start();
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps new members pending until an admin approves them when approval is required', async () => {
  expect(await userCall({ action: 'saveSettings', requireApproval: true }, ADMIN)).toEqual({
    ok: true,
    data: { requireApproval: true },
  });
  const reg = await userCall<MeResult>(
    { action: 'register', name: '待审核', branchId: 'branch-office-2', category: '职工' },
    'pending-one',
  );
  expect(reg).toMatchObject({ ok: true, data: { member: { status: 'pending' }, roles: [] } });
  const memberId = reg.ok ? reg.data.member._id : '';
  expect(await userCall({ action: 'me' }, 'pending-one')).toMatchObject({ ok: true });

  const pending = await userCall<{ items: { _id: string }[] }>(
    { action: 'members', status: 'pending' },
    ADMIN,
  );
  expect(pending.ok && pending.data.items.map((m) => m._id)).toEqual([memberId]);

  await userCall({ action: 'approve', memberId }, ADMIN);
  expect(await userCall({ action: 'login' }, 'pending-one')).toMatchObject({
    ok: true,
    data: { member: { status: 'active' }, roles: ['member'] },
  });
  await userCall({ action: 'saveSettings', requireApproval: false }, ADMIN);
  expect(await userCall({ action: 'settings' }, ADMIN)).toEqual({
    ok: true,
    data: { requireApproval: false },
  });
});

it('keeps every acknowledged registration after kill -9 right after 100 concurrent registrations', async () => {
  const openids = Array.from({ length: 100 }, (_, i) => `crash-${i}`);
  const answers = await Promise.all(
    openids.map((openid, i) =>
      userCall<MeResult>(
        { action: 'register', name: `读者${i}`, branchId: 'branch-retired', category: '党员' },
        openid,
      ),
    ),
  );
  const acknowledged = openids.filter((_, i) => answers[i]?.ok);
  expect(acknowledged).toHaveLength(100);
  await cloud.stop('SIGKILL');
  await start();
  const after = await Promise.all(
    acknowledged.map((openid) => userCall<LoginResult>({ action: 'login' }, openid)),
  );
  const missing = acknowledged.filter((_, i) => {
    const res = after[i];
    return !(res?.ok && res.data.member !== null);
  });
  expect(missing).toEqual([]);
  const codes = new Set(after.map((res) => (res.ok ? res.data.member?.memberCode : undefined)));
  expect(codes.size).toBe(100);
});
