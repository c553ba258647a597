/**
 * The `scene` of a poster's mini-program code (wxacode.getUnlimited: at most 32 visible characters of
 * digits, letters and `!#$&'()*+,/:;=?@-._~`): the event id, and the inviter's invite key after a dot,
 * `<eventId>.<inviteKey>` (10 + 1 + 21 = 32 characters).
 *
 * The invite key is the member id written in base 62: member ids are `m` + 31 hex digits (124 bits,
 * _shared/members.ts memberIdFor), which take 21 base-62 characters. It is stable, needs no storage, no
 * write and no look-up, and says nothing the share card's path (`inviter=<memberId>`) does not already
 * say. A member id of another shape (none exists today) gets no key: the poster then carries the event only.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MEMBER_ID = /^m[0-9a-f]{31}$/;
const INVITE_KEY = /^[0-9A-Za-z]{21}$/;
export const INVITE_KEY_LENGTH = 21;
/** WeChat's limit on a scene's length. */
export const SCENE_MAX = 32;
const MEMBER_BITS = 124n;

/** The member's invite key, or undefined for a member id that is not `m` + 31 hex digits. */
export function inviteKeyOf(memberId: string): string | undefined {
  if (!MEMBER_ID.test(memberId)) return undefined;
  let n = BigInt(`0x${memberId.slice(1)}`);
  let key = '';
  for (let i = 0; i < INVITE_KEY_LENGTH; i++) {
    key = BASE62[Number(n % 62n)] + key;
    n /= 62n;
  }
  return key;
}

/** The member id an invite key stands for, or undefined when it is not one. */
export function memberIdOfInviteKey(key: string): string | undefined {
  if (!INVITE_KEY.test(key)) return undefined;
  let n = 0n;
  for (const char of key) n = n * 62n + BigInt(BASE62.indexOf(char));
  if (n >= 1n << MEMBER_BITS) return undefined;
  return `m${n.toString(16).padStart(31, '0')}`;
}

/** The scene of a poster shared by `memberId` (the event alone when the member has no key). */
export function sceneFor(eventId: string, memberId: string): string {
  const key = inviteKeyOf(memberId);
  const scene = key ? `${eventId}.${key}` : eventId;
  return scene.length <= SCENE_MAX ? scene : eventId;
}

/** What a scene stands for, or undefined when it is not one of ours. */
export function parseScene(scene: string): { eventId: string; inviter?: string } | undefined {
  const match = /^([A-Za-z0-9_-]{1,32})(?:\.([0-9A-Za-z]+))?$/.exec(scene.trim());
  if (!match) return undefined;
  const eventId = match[1] as string;
  if (match[2] === undefined) return { eventId };
  const inviter = memberIdOfInviteKey(match[2]);
  return inviter ? { eventId, inviter } : undefined;
}
