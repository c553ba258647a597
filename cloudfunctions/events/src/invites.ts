/**
 * Invites (邀请): opening an event through a share card or a poster that names an inviter records who
 * brought whom. The record's id is derived from the event and the invitee, so the first invite counts
 * (a later or concurrent one meets the same id and changes nothing). The invitee is the caller's member id
 * (derived from the OPENID, so a visitor who registers later keeps the invite); the inviter must be a real
 * member and never the caller.
 */
import type { Caller } from '../../_shared/caller';
import { now } from '../../_shared/clock';
import { findById, isDuplicateKey } from '../../_shared/docs';
import { memberIdFor, type MemberDoc } from '../../_shared/members';
import { INVITES, MEMBERS, invitesCollection, type InviteDoc } from './docs';
import { inviteId } from './ids';

/** Records the invite if it is the first for this caller and event; answers whether one was recorded. */
export async function recordInvite(eventId: string, inviterId: string, caller: Caller): Promise<boolean> {
  if (!caller.openid) return false;
  const inviteeId = caller.member?._id ?? memberIdFor(caller.openid);
  if (inviterId === inviteeId) return false;
  const id = inviteId(eventId, inviteeId);
  if (await findById<InviteDoc>(INVITES, id)) return false;
  const inviter = await findById<MemberDoc>(MEMBERS, inviterId);
  if (!inviter) return false;
  try {
    await invitesCollection().add({
      data: { _id: id, eventId, inviteeId, inviterId, inviterName: inviter.name, openedAt: now() },
    });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Who invited the member to the event, when someone did. */
export async function inviterOf(
  eventId: string,
  memberId: string,
): Promise<{ id: string; name: string } | undefined> {
  const invite = await findById<InviteDoc>(INVITES, inviteId(eventId, memberId));
  return invite ? { id: invite.inviterId, name: invite.inviterName } : undefined;
}
