/**
 * The thin router every cloud function uses: `{ action, ...params }` in, `ApiResult` out.
 * It validates the input with the action's schema, resolves the caller from the cloud context and checks
 * the action's access rule before the handler runs. Domain logic lives in the handlers' modules.
 */
import type { z } from 'zod';
import type { ApiResult, RequestOf, ResponseOf } from '../../typings/api';
import type { Role } from '../../typings/entities';
import { AppError, invalidArgument } from './errors';
import { describeIssue } from './validation';
import { loadCaller, requireAccess, type Access, type Caller } from './caller';
import { callerOpenid } from './cloud';

export interface ActionDefinition<Parsed, Res> {
  /** Who may call: see `Access`. */
  access: Access;
  /** Validates and normalises the params; its output (defaults applied) is what the handler receives. */
  input: z.ZodType<Parsed, unknown>;
  // A method, so that a definition whose parsed input is narrower than the contract's request (defaults
  // filled in) still fits its slot in the action table.
  handler(input: Parsed, caller: Caller): Promise<Res>;
}

/** Infers an action's parsed input from its schema (use it where the schema fills in defaults). */
export function action<Parsed, Res>(
  definition: ActionDefinition<Parsed, Res>,
): ActionDefinition<Parsed, Res> {
  return definition;
}

export type ActionTable<Actions> = {
  [A in keyof Actions]: ActionDefinition<RequestOf<Actions, A>, ResponseOf<Actions, A>>;
};

export type CloudMain = (event: unknown, context?: unknown) => Promise<ApiResult<unknown>>;

/** Events larger than this are refused before parsing (the platform allows 6 MB; no action needs more). */
const MAX_EVENT_CHARS = 256 * 1024;

export function createMain<Actions>(actions: ActionTable<Actions>): CloudMain {
  return async (event) => {
    try {
      return { ok: true, data: await dispatch(actions, event) };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      console.error('[internal]', error);
      return { ok: false, error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' } };
    }
  };
}

async function dispatch<Actions>(actions: ActionTable<Actions>, event: unknown): Promise<unknown> {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw invalidArgument('请求格式不正确');
  }
  const { action, ...params } = event as Record<string, unknown>;
  if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(actions, action)) {
    throw invalidArgument('未知的操作');
  }
  if (JSON.stringify(params).length > MAX_EVENT_CHARS) throw invalidArgument('请求内容过大');
  delete params.userInfo; // added by the platform to every wx.cloud.callFunction event
  const definition = actions[action as keyof Actions] as ActionDefinition<unknown, unknown>;
  const parsed = definition.input.safeParse(params);
  if (!parsed.success) throw invalidArgument(describeIssue(parsed.error));
  const caller: Caller =
    definition.access === 'public' ? { openid: callerOpenid(), member: null, roles: [] } : await loadCaller();
  requireAccess(caller, definition.access);
  return definition.handler(parsed.data, caller);
}

export function hasRole(caller: Caller, role: Role): boolean {
  return caller.roles.includes(role);
}
