/**
 * The gallery's scenes: each opens a page as a member would see it, with the demo reading room of a
 * private local cloud (LOCAL_CLOUD_URL, started by index.ts), and writes `<GALLERY_DIR>/<name>.html`
 * (the runner: scene.ts).
 */
import { callOk, newOpenid } from '../../test/support/cloud';
import { fillRegistration as fillForm, tap, text, waitFor, type SimComponent } from '../../test/support/page';
import { DEMO, loaded, offline, renderScenes, xlarge, type Scene } from './scene';

const ADMIN = DEMO.admin;
const MEMBER = DEMO.member;
const newcomer = (): Promise<string> => Promise.resolve(newOpenid('gallery'));

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

const SCENES: readonly Scene[] = [
  {
    name: 'home-new',
    route: '/pages/home/index',
    openid: newcomer,
    act: loaded('state'),
  },
  { name: 'home-member', route: '/pages/home/index', openid: MEMBER, act: loaded('state') },
  {
    name: 'register-empty',
    route: '/pages/register/index',
    openid: newcomer,
    act: loaded('state'),
  },
  {
    name: 'register-errors',
    route: '/pages/register/index',
    openid: newcomer,
    act: async (page) => {
      await loaded('state')(page);
      await tap(page, '#submit');
      await waitFor(() => text(page, '#name').includes('请填写姓名'));
    },
  },
  {
    name: 'register-filled',
    route: '/pages/register/index',
    openid: newcomer,
    act: fillRegistration,
  },
  {
    name: 'register-privacy',
    route: '/pages/register/index',
    openid: newcomer,
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
    openid: newcomer,
    act: loaded('state'),
  },
  { name: 'me-pending', route: '/pages/me/index', openid: pendingMember, act: loaded('state') },
  {
    name: 'me-admin-xlarge',
    route: '/pages/me/index',
    openid: ADMIN,
    prepare: xlarge,
    act: loaded('state'),
  },
  {
    name: 'me-network-error',
    route: '/pages/me/index',
    openid: MEMBER,
    prepare: offline,
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

renderScenes(SCENES, { openid: MEMBER });
