/** The `user` function through the real SDK and the local cloud's function runner. */
import type { ApiResult } from '../../typings';
import { call, callOk, invoke, newOpenid } from '../support/cloud';
import { TEST_ADMIN_OPENID } from '../support/env';

const DEMO_BRANCH = 'branch-office-1';

function expectError(result: ApiResult<unknown> | unknown, code: string): void {
  expect(result).toMatchObject({ ok: false, error: { code } });
  const message = (result as { error: { message: string } }).error.message;
  expect(message).toMatch(/[\u4e00-\u9fff]/); // a Chinese sentence for the member
}

async function registered(label = 'member', name = '测试读者') {
  const openid = newOpenid(label);
  const { member } = await callOk(
    'user',
    'register',
    { name, branchId: DEMO_BRANCH, category: '党员' },
    openid,
  );
  return { openid, member };
}

describe('login and registration', () => {
  it('answers member null for a new openid, then the member after register', async () => {
    const openid = newOpenid();
    const before = await callOk('user', 'login', {}, openid);
    expect(before).toEqual({ openid, member: null, roles: [] });

    const { member, roles } = await callOk(
      'user',
      'register',
      { name: '  赵学习 ', branchId: DEMO_BRANCH, category: '入党积极分子' },
      openid,
    );
    expect(member).toMatchObject({
      name: '赵学习',
      branchId: DEMO_BRANCH,
      branchName: '机关第一党支部',
      category: '入党积极分子',
      status: 'active',
      roles: [],
    });
    expect(member.memberCode).toMatch(/^M[2-9A-HJKMNP-Z]{11}$/);
    expect(JSON.stringify(member)).not.toContain(openid);
    expect(roles).toEqual(['member']);

    const after = await callOk('user', 'login', {}, openid);
    expect(after.member).toEqual(member);
    expect(after.roles).toEqual(['member']);
    expect(await callOk('user', 'me', {}, openid)).toEqual({ member, roles: ['member'] });
  });

  it('lists branches and categories to anyone', async () => {
    const { items, categories } = await callOk('user', 'branches', {}, newOpenid());
    expect(items.map((b) => b.name)).toEqual(expect.arrayContaining(['机关第一党支部', '离退休干部党支部']));
    expect(items[0]).toEqual({ _id: expect.any(String), name: expect.any(String) });
    expect(categories).toEqual(
      expect.arrayContaining(['党员', '入党积极分子', '干部', '学员', '职工', '群众']),
    );
  });

  it('answers the existing member to a repeated or concurrent registration, and keeps one member', async () => {
    const openid = newOpenid('twice');
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        callOk('user', 'register', { name: `并发${i}`, branchId: DEMO_BRANCH, category: '党员' }, openid),
      ),
    );
    const ids = new Set(answers.map((a) => a.member._id));
    const codes = new Set(answers.map((a) => a.member.memberCode));
    expect(ids.size).toBe(1);
    expect(codes.size).toBe(1);
    const again = await callOk(
      'user',
      'register',
      { name: '改名', branchId: 'branch-retired', category: '群众' },
      openid,
    );
    expect(again.member).toEqual((await callOk('user', 'me', {}, openid)).member);
    expect(again.member.name).toMatch(/^并发\d+$/);
  });

  it('answers UNAUTHENTICATED to me before registration', async () => {
    expectError(await call('user', 'me', {}, newOpenid()), 'UNAUTHENTICATED');
  });
});

describe('bad input answers INVALID_ARGUMENT and writes nothing', () => {
  const good = { name: '钱坤', branchId: DEMO_BRANCH, category: '党员' };
  const cases: [string, Record<string, unknown>, string][] = [
    ['an unknown action', { action: 'dropEverything' }, 'INVALID_ARGUMENT'],
    ['no action at all', { name: '钱坤' }, 'INVALID_ARGUMENT'],
    ['a missing name', { action: 'register', branchId: DEMO_BRANCH, category: '党员' }, 'INVALID_ARGUMENT'],
    ['a blank name', { action: 'register', ...good, name: '   ' }, 'INVALID_ARGUMENT'],
    ['a number for the name', { action: 'register', ...good, name: 42 }, 'INVALID_ARGUMENT'],
    ['a 1 MB name', { action: 'register', ...good, name: '书'.repeat(1024 * 1024) }, 'INVALID_ARGUMENT'],
    [
      'an operator object for the name',
      { action: 'register', ...good, name: { $gt: '' } },
      'INVALID_ARGUMENT',
    ],
    [
      'an operator object for the branch',
      { action: 'register', ...good, branchId: { $gt: '' } },
      'INVALID_ARGUMENT',
    ],
    [
      'a category that is not offered',
      { action: 'register', ...good, category: '外星人' },
      'INVALID_ARGUMENT',
    ],
    [
      'a branch that does not exist',
      { action: 'register', ...good, branchId: 'no-such-branch' },
      'NOT_FOUND',
    ],
    ['a newline in the name', { action: 'register', ...good, name: '钱\n坤' }, 'INVALID_ARGUMENT'],
  ];

  it.each(cases)('%s', async (_label, event, code) => {
    const openid = newOpenid('bad');
    expectError(await invoke('user', event, openid), code);
    expect(await callOk('user', 'login', {}, openid)).toMatchObject({ member: null });
  });

  it('refuses an event that is not an object', async () => {
    expectError(await invoke('user', ['register'], newOpenid()), 'INVALID_ARGUMENT');
  });
});

describe('admin actions', () => {
  it('answers FORBIDDEN to a member and changes nothing', async () => {
    const { openid, member } = await registered('plain');
    const attempts: [string, Record<string, unknown>][] = [
      ['setRoles', { memberId: member._id, roles: ['admin'] }],
      ['suspend', { memberId: member._id, reason: '试试' }],
      ['members', {}],
      ['saveBranch', { name: '越权党支部' }],
      ['removeBranch', { branchId: DEMO_BRANCH }],
      ['saveSettings', { requireApproval: true }],
      ['settings', {}],
    ];
    for (const [action, params] of attempts) {
      expectError(await invoke('user', { action, ...params }, openid), 'FORBIDDEN');
    }
    expect(await callOk('user', 'me', {}, openid)).toEqual({ member, roles: ['member'] });
    const { items } = await callOk('user', 'branches', {}, openid);
    expect(items.map((b) => b.name)).not.toContain('越权党支部');
    expect(items.map((b) => b._id)).toContain(DEMO_BRANCH);
  });

  it('answers UNAUTHENTICATED to an unregistered caller', async () => {
    expectError(await call('user', 'members', {}, newOpenid()), 'UNAUTHENTICATED');
  });

  it('lets a first admin from ADMIN_OPENIDS grant roles and suspend, and takes effect at once', async () => {
    const admin = await callOk('user', 'login', {}, TEST_ADMIN_OPENID);
    expect(admin.roles).toContain('admin');

    const { openid, member } = await registered('staff', '孙馆员');
    const granted = await callOk(
      'user',
      'setRoles',
      { memberId: member._id, roles: ['librarian', 'member', 'librarian'] },
      TEST_ADMIN_OPENID,
    );
    expect(granted.member.roles).toEqual(['librarian']);
    expect((await callOk('user', 'login', {}, openid)).roles).toEqual(['member', 'librarian']);

    const suspended = await callOk(
      'user',
      'suspend',
      { memberId: member._id, reason: '离职' },
      TEST_ADMIN_OPENID,
    );
    expect(suspended.member).toMatchObject({ status: 'suspended', suspendedReason: '离职' });
    expect((await callOk('user', 'login', {}, openid)).roles).toEqual([]);
    expectError(await call('user', 'members', {}, openid), 'FORBIDDEN');

    const approved = await callOk('user', 'approve', { memberId: member._id }, TEST_ADMIN_OPENID);
    expect(approved.member.status).toBe('active');
    expect((await callOk('user', 'login', {}, openid)).roles).toEqual(['member', 'librarian']);
  });

  it('refuses a role that does not exist and an unknown member', async () => {
    const { member } = await registered('roles');
    expectError(
      await invoke(
        'user',
        { action: 'setRoles', memberId: member._id, roles: ['superuser'] },
        TEST_ADMIN_OPENID,
      ),
      'INVALID_ARGUMENT',
    );
    expectError(await call('user', 'approve', { memberId: 'mnotthere' }, TEST_ADMIN_OPENID), 'NOT_FOUND');
  });

  it('pages through members by status and name without repeats', async () => {
    const prefix = `翻页${Date.now() % 1000}`;
    for (let i = 0; i < 5; i++) await registered('page', `${prefix}${i}`);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await callOk('user', 'members', { q: prefix, page, pageSize: 2 }, TEST_ADMIN_OPENID);
      seen.push(...res.items.map((m) => m.name));
      expect(res.hasMore).toBe(page < 3);
    }
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}${i}`));
    expectError(
      await invoke('user', { action: 'members', pageSize: 1000 }, TEST_ADMIN_OPENID),
      'INVALID_ARGUMENT',
    );
  });

  it('manages branches: add, rename (members follow), refuse removing a branch in use', async () => {
    const name = `测试党支部${Date.now() % 100000}`;
    const { branch } = await callOk('user', 'saveBranch', { name }, TEST_ADMIN_OPENID);
    expectError(await call('user', 'saveBranch', { name }, TEST_ADMIN_OPENID), 'CONFLICT');

    const openid = newOpenid('branch');
    await callOk('user', 'register', { name: '周支部', branchId: branch._id, category: '党员' }, openid);
    await callOk('user', 'saveBranch', { branchId: branch._id, name: `${name}（新）` }, TEST_ADMIN_OPENID);
    expect((await callOk('user', 'me', {}, openid)).member.branchName).toBe(`${name}（新）`);

    expectError(
      await call('user', 'removeBranch', { branchId: branch._id }, TEST_ADMIN_OPENID),
      'FAILED_PRECONDITION',
    );
    const empty = await callOk('user', 'saveBranch', { name: `${name}空` }, TEST_ADMIN_OPENID);
    await callOk('user', 'removeBranch', { branchId: empty.branch._id }, TEST_ADMIN_OPENID);
    const { items } = await callOk('user', 'branches', {}, openid);
    expect(items.map((b) => b._id)).not.toContain(empty.branch._id);
    expect(items.map((b) => b._id)).toContain(branch._id);
  });
});
