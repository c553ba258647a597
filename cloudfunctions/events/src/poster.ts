/**
 * The poster's mini-program code (邀请海报) and the scene it carries (docs/events-checkin.md, "Poster").
 *
 * - `posterCode { eventId }` (a member who can see the event): `wxacode.getUnlimited({ scene, page:
 *   'pages/event/index', checkPath: false })`, the PNG uploaded to cloud storage ONCE per (event, member):
 *   the file id is kept in `posterCodes` (`_id` derived from both), and a later request answers it again
 *   without calling WeChat. Two first requests at once both upload to the same path (same picture) and
 *   record the same kind of answer: harmless;
 * - `resolveScene { scene }` (public: anyone, registered or not, and the caller is not read): the event id
 *   and the inviter's member id a scene stands for (scene.ts); NOT_FOUND when the scene is not ours or the
 *   event does not exist (an unknown inviter is left out: the event still opens).
 */
import type { z } from 'zod';
import { memberOf, type Caller } from '../../_shared/caller';
import { cloud, collection } from '../../_shared/cloud';
import { now } from '../../_shared/clock';
import { COLLECTIONS } from '../../_shared/collections';
import { findById } from '../../_shared/docs';
import { AppError, notFound } from '../../_shared/errors';
import { derivedId } from '../../_shared/ids';
import { EVENTS, MEMBERS } from './docs';
import { parseScene, sceneFor } from './scene';
import type { eventIdInput, sceneInput } from './schemas';
import { visibleEvent } from './access';

/** The page a poster's code opens (its `scene` arrives in the page's query). */
export const POSTER_PAGE = 'pages/event/index';

const POSTER_CODES = COLLECTIONS.posterCodes.name;

/** A poster code made for a member and an event (`_id` = posterCodeId(eventId, memberId)). */
export interface PosterCodeDoc {
  _id: string;
  eventId: string;
  memberId: string;
  scene: string;
  fileID: string;
  createdAt: Date;
}

export function posterCodeId(eventId: string, memberId: string): string {
  return derivedId('p', ['posterCode', eventId, memberId]);
}

/** The mini-program code's PNG for a scene (WeChat's errors become a Chinese message). */
async function miniProgramCode(scene: string): Promise<Buffer> {
  try {
    const answer = (await cloud.openapi.wxacode.getUnlimited({
      scene,
      page: POSTER_PAGE,
      checkPath: false,
    })) as {
      buffer?: Buffer;
    };
    if (!answer.buffer?.length) throw new Error('no image in the answer');
    return answer.buffer;
  } catch (error) {
    console.error(`[posterCode] getUnlimited ${scene}: failed`, error);
    throw new AppError('INTERNAL', '小程序码生成失败，请稍后重试');
  }
}

export async function posterCode(
  input: z.infer<typeof eventIdInput>,
  caller: Caller,
): Promise<{ fileID: string; scene: string }> {
  const member = memberOf(caller);
  const event = await visibleEvent(input.eventId, caller);
  const id = posterCodeId(event._id, member._id);
  const made = await findById<PosterCodeDoc>(POSTER_CODES, id);
  if (made) return { fileID: made.fileID, scene: made.scene };

  const scene = sceneFor(event._id, member._id);
  const png = await miniProgramCode(scene);
  const { fileID } = await cloud.uploadFile({
    cloudPath: `event-posters/${event._id}/${id}.png`,
    fileContent: png,
  });
  const doc: Omit<PosterCodeDoc, '_id'> = {
    eventId: event._id,
    memberId: member._id,
    scene,
    fileID,
    createdAt: now(),
  };
  await collection<PosterCodeDoc>(POSTER_CODES).doc(id).set({ data: doc });
  return { fileID, scene };
}

export async function resolveScene(
  input: z.infer<typeof sceneInput>,
  _caller: Caller,
): Promise<{ eventId: string; inviter?: string }> {
  const parsed = parseScene(input.scene);
  if (!parsed) throw notFound('二维码无效或已过期');
  const [event, inviter] = await Promise.all([
    findById<{ _id: string }>(EVENTS, parsed.eventId),
    parsed.inviter ? findById<{ _id: string }>(MEMBERS, parsed.inviter) : Promise.resolve(null),
  ]);
  if (!event) throw notFound('活动不存在');
  return inviter ? { eventId: event._id, inviter: inviter._id } : { eventId: event._id };
}
