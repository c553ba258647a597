/**
 * The gallery's scenes: each opens a page as a member would see it, with the demo reading room of a
 * private local cloud (LOCAL_CLOUD_URL, started by index.ts), and writes `<GALLERY_DIR>/<name>.html`.
 * Run by jest (jsdom + simulate) through scripts/gallery/jest.config.js; index.ts screenshots the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { callOk, newOpenid } from '../../test/support/cloud';
import {
  doc,
  fillRegistration as fillForm,
  openPage,
  tap,
  text,
  waitFor,
  type OpenedPage,
  type SimComponent,
} from '../../test/support/page';
import { installWx, type WxShim } from '../../test/support/wx';
import { pageHtml } from './html';

const cloudUrl = process.env.LOCAL_CLOUD_URL ?? '';
const outDir = process.env.GALLERY_DIR ?? path.resolve(__dirname, '..', '..', 'gallery');
const ADMIN = 'demo-admin';
const MEMBER = 'demo-member';

interface Scene {
  name: string;
  route: string;
  openid: string | (() => Promise<string>);
  /** Before the page opens (storage, privacy…). */
  prepare?: (wx: WxShim) => void;
  /** What the page must show before the picture is taken, and what the member does first. */
  act: (page: SimComponent, wx: WxShim) => Promise<unknown>;
}

const loaded =
  (key: string, value: unknown = 'ready') =>
  (page: SimComponent) =>
    waitFor(() => page.instance.data[key] === value);

async function fillRegistration(page: SimComponent): Promise<void> {
  await loaded('state')(page);
  await fillForm(page, { name: '赵立新', branch: '离退休干部党支部', category: '党员' });
}

/** Two newcomers waiting for approval: registration with approval switched on (private cloud only). */
let pendingOpenid = '';
async function pendingMember(): Promise<string> {
  if (pendingOpenid) return pendingOpenid;
  await callOk('user', 'saveSettings', { requireApproval: true }, ADMIN);
  for (const [name, category] of [
    ['钱卫东', '入党积极分子'],
    ['孙丽华', '职工'],
  ]) {
    const openid = newOpenid('gallery');
    await callOk('user', 'register', { name, branchId: 'branch-teaching', category }, openid);
    pendingOpenid ||= openid;
  }
  await callOk('user', 'saveSettings', { requireApproval: false }, ADMIN); // leave the setting as found
  return pendingOpenid;
}

async function adminWithNewcomers(): Promise<string> {
  await pendingMember();
  return ADMIN;
}

const SCENES: Scene[] = [
  {
    name: 'home-new',
    route: '/pages/home/index',
    openid: () => Promise.resolve(newOpenid('gallery')),
    act: loaded('state'),
  },
  { name: 'home-member', route: '/pages/home/index', openid: MEMBER, act: loaded('state') },
  {
    name: 'register-empty',
    route: '/pages/register/index',
    openid: () => Promise.resolve(newOpenid('gallery')),
    act: loaded('state'),
  },
  {
    name: 'register-errors',
    route: '/pages/register/index',
    openid: () => Promise.resolve(newOpenid('gallery')),
    act: async (page) => {
      await loaded('state')(page);
      await tap(page, '#submit');
      await waitFor(() => text(page, '#name').includes('请填写姓名'));
    },
  },
  {
    name: 'register-filled',
    route: '/pages/register/index',
    openid: () => Promise.resolve(newOpenid('gallery')),
    act: fillRegistration,
  },
  {
    name: 'register-privacy',
    route: '/pages/register/index',
    openid: () => Promise.resolve(newOpenid('gallery')),
    prepare: (wx) => {
      wx.privacy.needAuthorization = true;
    },
    act: async (page) => {
      await fillRegistration(page);
      await tap(page, '#submit');
      await waitFor(() => text(page, '#privacy').includes('隐私保护指引'));
    },
  },
  { name: 'me-member', route: '/pages/me/index', openid: MEMBER, act: loaded('state') },
  {
    name: 'me-unregistered',
    route: '/pages/me/index',
    openid: () => Promise.resolve(newOpenid('gallery')),
    act: loaded('state'),
  },
  { name: 'me-pending', route: '/pages/me/index', openid: pendingMember, act: loaded('state') },
  {
    name: 'me-admin-xlarge',
    route: '/pages/me/index',
    openid: ADMIN,
    prepare: (wx) => void wx.storage.set('settings.textSize', 'xlarge'),
    act: loaded('state'),
  },
  {
    name: 'me-network-error',
    route: '/pages/me/index',
    openid: MEMBER,
    prepare: (wx) => {
      wx.cloudUrl = 'http://127.0.0.1:9';
    },
    act: loaded('state', 'error'),
  },
  { name: 'catalogue', route: '/pages/catalogue/index', openid: MEMBER, act: () => Promise.resolve() },
  { name: 'events', route: '/pages/events/index', openid: MEMBER, act: () => Promise.resolve() },
  {
    name: 'admin-members',
    route: '/admin/members/index',
    openid: adminWithNewcomers,
    act: loaded('listState'),
  },
  {
    name: 'admin-members-suspend',
    route: '/admin/members/index',
    openid: adminWithNewcomers,
    act: async (page) => {
      await loaded('listState')(page);
      const first = (page.instance.data.items as { _id: string }[])[0];
      await tap(page, `#suspend-${first._id}`);
      await waitFor(() => text(page, '#suspend-dialog').includes('停用后'));
    },
  },
  { name: 'admin-branches', route: '/admin/branches/index', openid: ADMIN, act: loaded('listState') },
];

beforeAll(() => {
  if (!cloudUrl) throw new Error('LOCAL_CLOUD_URL is not set: run `npm run gallery`');
  fs.mkdirSync(outDir, { recursive: true });
});

const only = process.env.GALLERY_ONLY;

describe.each(SCENES.filter((s) => !only || s.name.includes(only)))('$name', (scene) => {
  it('renders', async () => {
    doc().head.innerHTML = '';
    doc().body.innerHTML = '';
    const openid = typeof scene.openid === 'string' ? scene.openid : await scene.openid();
    const wx = installWx(cloudUrl, openid);
    scene.prepare?.(wx);
    const opened: OpenedPage = openPage(scene.route);
    await scene.act(opened.page, wx);
    await new Promise((resolve) => setTimeout(resolve, 400)); // transitions (popups, dialogs) settle
    fs.writeFileSync(path.join(outDir, `${scene.name}.html`), pageHtml(opened, scene.route));
  });
});
