import { effectiveRoles, requireAccess, type Caller } from '../../cloudfunctions/_shared/caller';
import { AppError } from '../../cloudfunctions/_shared/errors';
import { memberIdFor, newMemberCode, type MemberDoc } from '../../cloudfunctions/_shared/members';

function memberDoc(patch: Partial<MemberDoc> = {}): MemberDoc {
  return {
    _id: 'm1',
    openid: 'o1',
    name: '读者',
    branchId: 'b1',
    branchName: '支部',
    category: '党员',
    status: 'active',
    roles: [],
    memberCode: 'MABCDEFGHJKM',
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...patch,
  };
}

function caller(member: MemberDoc | null, firstAdmin = false): Caller {
  return { openid: 'o1', member, roles: effectiveRoles(member, firstAdmin) };
}

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('effective roles', () => {
  it('gives an active member member + granted roles, a suspended or pending one none', () => {
    expect(effectiveRoles(memberDoc({ roles: ['librarian'] }), false)).toEqual(['member', 'librarian']);
    expect(effectiveRoles(memberDoc({ status: 'suspended', roles: ['admin'] }), false)).toEqual([]);
    expect(effectiveRoles(memberDoc({ status: 'pending' }), false)).toEqual([]);
    expect(effectiveRoles(null, true)).toEqual(['admin']);
  });
});

describe('access rules', () => {
  const table: [string, Caller, Parameters<typeof requireAccess>[1], string | null][] = [
    ['anyone, unregistered', caller(null), 'anyone', null],
    ['registered, unregistered', caller(null), 'registered', 'UNAUTHENTICATED'],
    ['registered, pending', caller(memberDoc({ status: 'pending' })), 'registered', null],
    ['member, pending', caller(memberDoc({ status: 'pending' })), 'member', 'FORBIDDEN'],
    ['member, suspended', caller(memberDoc({ status: 'suspended' })), 'member', 'FORBIDDEN'],
    ['member, active', caller(memberDoc()), 'member', null],
    ['librarian role, plain member', caller(memberDoc()), { roles: ['librarian'] }, 'FORBIDDEN'],
    [
      'librarian role, librarian',
      caller(memberDoc({ roles: ['librarian'] })),
      { roles: ['librarian'] },
      null,
    ],
    ['librarian role, admin', caller(memberDoc({ roles: ['admin'] })), { roles: ['librarian'] }, null],
    ['admin role, unregistered', caller(null), { roles: ['admin'] }, 'UNAUTHENTICATED'],
    ['admin role, first admin unregistered', caller(null, true), { roles: ['admin'] }, null],
    [
      'admin role, suspended admin',
      caller(memberDoc({ status: 'suspended', roles: ['admin'] })),
      { roles: ['admin'] },
      'FORBIDDEN',
    ],
  ];
  it.each(table)('%s', (_label, who, access, expected) => {
    expect(codeOf(() => requireAccess(who, access))).toBe(expected);
  });
});

describe('member identity', () => {
  it('derives one stable id per openid that does not reveal it', () => {
    expect(memberIdFor('abc')).toBe(memberIdFor('abc'));
    expect(memberIdFor('abc')).not.toBe(memberIdFor('abd'));
    expect(memberIdFor('abc')).toMatch(/^m[0-9a-f]{31}$/);
    expect(memberIdFor('abc')).not.toContain('abc');
  });

  it('makes member codes without ambiguous characters', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newMemberCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^M[2-9A-HJKMNP-Z]{11}$/);
  });
});
