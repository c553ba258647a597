/**
 * Registration that waits for approval, end to end. Switching approval on changes the whole reading
 * room, so this file runs its own local cloud process (seeded demo data) instead of the shared one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newOpenid } from '../support/cloud';
import { fillRegistration, fire, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { startCloudProcess, type CloudProcess } from '../support/process';
import { installWx, type WxShim } from '../support/wx';

const ROOT = path.resolve(__dirname, '..', '..');
const ADMIN = 'approval-admin';
let dataDir: string;
let cloud: CloudProcess;
let wx: WxShim;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'shuwu-approval-'));
  const seed = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(ROOT, 'scripts', 'seed', 'index.ts'),
    ],
    { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' },
  );
  if (seed.status !== 0) throw new Error(`seeding failed: ${seed.stderr}`);
  cloud = await startCloudProcess(dataDir, { env: { ADMIN_OPENIDS: ADMIN } });
}, 60_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function opened(route: string, ready: (page: SimComponent) => boolean): Promise<SimComponent> {
  const { page } = openPage(route);
  await waitFor(() => ready(page));
  return page;
}

it('keeps a newcomer pending until an admin approves them on the members page', async () => {
  // The admin switches approval on.
  wx = installWx(cloud.url, ADMIN);
  let admin = await opened('/admin/members/index', (p) => p.instance.data.listState === 'ready');
  await fire(admin, '#approval-switch', 'change', true);
  await waitFor(() => wx.toasts.includes('已开启登记审核'));
  expect(admin.instance.data.requireApproval).toBe(true);

  // A newcomer registers and is told to wait.
  const newcomer = newOpenid('approval');
  wx.openid = newcomer;
  const form = await opened('/pages/register/index', (p) => p.instance.data.state === 'ready');
  await fillRegistration(form, { name: '冯秀英', branch: '教研室党支部', category: '入党积极分子' });
  await tap(form, '#submit');
  await waitFor(() => wx.toasts.includes('已提交，等待审核'));

  const me = await opened('/pages/me/index', (p) => p.instance.data.state === 'ready');
  expect(text(me, '#member-status')).toBe('待审核');
  expect(text(me, '#pending')).toContain('等待审核');
  expect(me.querySelector('#member-code')).toBeUndefined();
  const home = await opened('/pages/home/index', (p) => p.instance.data.state === 'ready');
  expect(text(home, '#pending')).toContain('等待管理员审核');

  // The admin approves them.
  wx.openid = ADMIN;
  admin = await opened('/admin/members/index', (p) => p.instance.data.listState === 'ready');
  const row = await waitFor(() =>
    (admin.instance.data.items as { _id: string; name: string }[]).find((m) => m.name === '冯秀英'),
  );
  await tap(admin, `#approve-${row._id}`);
  await waitFor(() => !admin.querySelector(`#member-${row._id}`));
  expect(wx.toasts).toContain('已通过 冯秀英');

  // Back on the 我的 they had open, the newcomer pulls to refresh and finds the member code.
  wx.openid = newcomer;
  (me.instance.onPullDownRefresh as () => void)();
  await waitFor(() => me.querySelector('#member-code'));
  expect(text(me, '#member-status')).toBe('正常');
  expect(text(me, '#member-code-text')).toMatch(/^M[0-9A-Z]{11}$/);
});
