/** The admin pages against the real local cloud: members (suspend, restore, roles) and branches. */
import type { Member } from '../../typings';
import { call, callOk, newOpenid } from '../support/cloud';
import { localCloudUrl, TEST_ADMIN_OPENID } from '../support/env';
import { answerDialog, fire, openPage, tap, text, waitFor, type SimComponent } from '../support/page';
import { installWx, type WxShim } from '../support/wx';

let wx: WxShim;

beforeEach(() => {
  wx = installWx(localCloudUrl(), TEST_ADMIN_OPENID);
});

/** A member of this test alone, with a name no other test uses. */
async function newMember(): Promise<{ openid: string; member: Member }> {
  const openid = newOpenid('admin-page');
  const name = `测${Math.random().toString(36).slice(2, 8)}`;
  const { member } = await callOk(
    'user',
    'register',
    { name, branchId: 'branch-teaching', category: '职工' },
    openid,
  );
  return { openid, member };
}

async function openMembers(): Promise<SimComponent> {
  const { page } = openPage('/admin/members/index');
  await waitFor(() => page.instance.data.listState === 'ready');
  return page;
}

async function showOnly(page: SimComponent, status: string, name: string): Promise<void> {
  await fire(page, '#status-tabs', 'change', { name: status });
  await fire(page, '#search', 'search', name);
  await waitFor(() => page.instance.data.listState === 'ready' && page.instance.data.q === name);
}

it('refuses the members page to someone who is not an admin', async () => {
  wx.openid = 'demo-member';
  const { page } = openPage('/admin/members/index');
  await waitFor(() => page.instance.data.checking === false);
  expect(text(page, '#not-admin')).toContain('只有管理员可以管理成员');
  expect(wx.calls.some((c) => c.event.action === 'members')).toBe(false);
});

it('suspends a member with a reason after a confirmation, then restores them', async () => {
  const { openid, member } = await newMember();
  const page = await openMembers();
  await showOnly(page, 'active', member.name);
  await waitFor(() => text(page, `#member-${member._id}`).includes(member.name));

  // Cancelling changes nothing.
  await tap(page, `#suspend-${member._id}`);
  await waitFor(() => text(page, '#suspend-dialog').includes('停用后'));
  await answerDialog(page, '#suspend-dialog', 'cancel');
  await waitFor(() => page.instance.data.dialog === '');
  expect(wx.calls.some((c) => c.event.action === 'suspend')).toBe(false);

  await tap(page, `#suspend-${member._id}`);
  await fire(page, '#suspend-reason', 'change', '多次逾期未还');
  await answerDialog(page, '#suspend-dialog');
  await waitFor(() => !page.querySelector(`#member-${member._id}`)); // it left the 正常 tab
  expect(wx.toasts).toContain(`已停用 ${member.name}`);
  const suspended = await call('user', 'me', {}, openid);
  expect(suspended.ok && suspended.data.member).toMatchObject({
    status: 'suspended',
    suspendedReason: '多次逾期未还',
  });

  await showOnly(page, 'suspended', member.name);
  await waitFor(() => text(page, `#member-${member._id}`).includes('停用原因：多次逾期未还'));
  await tap(page, `#approve-${member._id}`);
  await waitFor(() => !page.querySelector(`#member-${member._id}`));
  const restored = await callOk('user', 'me', {}, openid);
  expect(restored.member.status).toBe('active');
});

it('grants a role', async () => {
  const { openid, member } = await newMember();
  const page = await openMembers();
  await showOnly(page, 'active', member.name);
  await waitFor(() => page.querySelector(`#roles-${member._id}`));
  await tap(page, `#roles-${member._id}`);
  await waitFor(() => page.instance.data.dialog === 'roles');
  await tap(page, '#role-librarian');
  await waitFor(() => (page.instance.data.roles as string[]).includes('librarian'));
  await answerDialog(page, '#roles-dialog');
  await waitFor(() => text(page, `#member-${member._id}`).includes('图书管理员'));
  const after = await callOk('user', 'me', {}, openid);
  expect(after.roles).toEqual(expect.arrayContaining(['member', 'librarian']));
});

it('adds, renames and removes a branch, asking before removing', async () => {
  const { page } = openPage('/admin/branches/index');
  await waitFor(() => page.instance.data.listState === 'ready');
  const name = `测试党支部${Math.random().toString(36).slice(2, 6)}`;

  await tap(page, '#add');
  expect(text(page, '#new-name')).toContain('请填写党支部名称');

  await fire(page, '#new-name', 'change', name);
  await tap(page, '#add');
  const added = await waitFor(() =>
    (page.instance.data.items as { _id: string; name: string }[]).find((b) => b.name === name),
  );

  await tap(page, `#rename-${added._id}`);
  await waitFor(() => page.instance.data.dialog === 'rename');
  await fire(page, '#rename-field', 'change', '  ');
  await answerDialog(page, '#rename-dialog');
  await waitFor(() => text(page, '#rename-dialog').includes('请填写党支部名称'));
  expect(page.instance.data.dialog).toBe('rename');
  await waitFor(() => text(page, '#rename-dialog').includes('保存')); // the button is usable again
  expect(wx.calls.filter((c) => c.event.action === 'saveBranch')).toHaveLength(1); // only the add
  await fire(page, '#rename-field', 'change', `${name}（改）`);
  await answerDialog(page, '#rename-dialog');
  await waitFor(() => text(page, `#branch-${added._id}`).includes(`${name}（改）`));

  await tap(page, `#remove-${added._id}`);
  await waitFor(() => text(page, '#remove-dialog').includes('删除后读者登记时不能再选择它'));
  await answerDialog(page, '#remove-dialog');
  await waitFor(() => !page.querySelector(`#branch-${added._id}`));
  const { items } = await callOk('user', 'branches', {}, 'demo-member');
  expect(items.some((b) => b._id === added._id)).toBe(false);
});
