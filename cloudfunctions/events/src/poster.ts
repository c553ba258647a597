/** The poster's mini-program code and the scenes it carries. Placeholder: the poster helper replaces it. */
import type { Caller } from '../../_shared/caller';
import { failedPrecondition } from '../../_shared/errors';

export async function posterCode(
  _input: { eventId: string },
  _caller: Caller,
): Promise<{ fileID: string; scene: string }> {
  throw failedPrecondition('签到/海报功能正在建设中');
}

export async function resolveScene(
  _input: { scene: string },
  _caller: Caller,
): Promise<{ eventId: string; inviter?: string }> {
  throw failedPrecondition('签到/海报功能正在建设中');
}
