/** How stored documents are shown to callers (the openid never leaves the server). */
import type { Member } from '../../../typings/entities';
import type { MemberDoc } from '../../_shared/members';

export function toMember(doc: MemberDoc): Member {
  const member: Member = {
    _id: doc._id,
    name: doc.name,
    branchId: doc.branchId,
    branchName: doc.branchName,
    category: doc.category,
    status: doc.status,
    roles: doc.roles,
    memberCode: doc.memberCode,
    createdAt: new Date(doc.createdAt).toISOString(),
  };
  if (doc.suspendedReason) member.suspendedReason = doc.suspendedReason;
  return member;
}
