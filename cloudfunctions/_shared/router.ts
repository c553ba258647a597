/**
 * The thin router every cloud function uses: `{ action, ...params }` in, `ApiResult` out.
 * It validates the input with the action's schema, resolves the caller from the cloud context and checks
 * the action's access rule before the handler runs. Domain logic lives in the handlers' modules.
 *
 * Timer triggers (`createMain(actions, { timers: { daily } })`, declared in the function's config.json
 * `triggers`): the platform invokes the function with `{ Type: 'Timer', TriggerName, Time, Message }`
 * and no user. The router runs `timers[TriggerName]` for such an event and answers its result as an
 * ApiResult (unknown trigger → INVALID_ARGUMENT).
 *
 * Why a caller cannot fake a timer: anyone can send `{ Type: 'Timer', ... }` with wx.cloud.callFunction,
 * but a call from the mini-program always carries the user's OPENID in the cloud context (set by the
 * platform, not by the event), and a timer invocation carries none. So a timer event WITH an OPENID is
 * refused (FORBIDDEN) before any handler runs. Invocations without an OPENID come only from the platform
 * (timers, the console's test button) or from servers holding the environment's credentials (the HTTP
 * API), and from functions those start (`callFunction` passes the caller's OPENID on, so none). The
 * exception is CloudBase's "HTTP 访问服务", which turns anonymous web requests into events without an
 * OPENID: those events carry `httpMethod` / `headers`, and the router refuses such a timer event too.
 * Never enable HTTP access for a function that has timers anyway.
 */
import type { z } from 'zod';
import type { ApiResult, RequestOf, ResponseOf } from '../../typings/api';
import type { Role } from '../../typings/entities';
import { AppError, forbidden, invalidArgument } from './errors';
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

/** The event a timer trigger invokes the function with (Tencent SCF's shape, which CloudBase uses). */
export interface TimerEvent {
  Type: 'Timer';
  /** The trigger's `name` in config.json. */
  TriggerName: string;
  /** When the trigger fired, ISO 8601 (UTC). Domain rules read time through `now()` all the same. */
  Time: string;
  Message?: string;
}

/** A timer trigger's handler; its result becomes the ApiResult's `data` (which the platform discards). */
export type TimerHandler = (event: TimerEvent) => Promise<unknown>;

export interface MainOptions {
  /** Handlers per trigger name (config.json `triggers[].name`). */
  timers?: Record<string, TimerHandler>;
}

/** Events larger than this are refused before parsing (the platform allows 6 MB; no action needs more). */
const MAX_EVENT_CHARS = 256 * 1024;

export function createMain<Actions>(actions: ActionTable<Actions>, options: MainOptions = {}): CloudMain {
  return async (event) => {
    try {
      const data = isTimerEvent(event)
        ? await runTimer(options.timers ?? {}, event)
        : await dispatch(actions, event);
      return { ok: true, data };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toApiError() };
      console.error('[internal]', error);
      return { ok: false, error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' } };
    }
  };
}

/** An event without `action` whose `Type` is 'Timer' (whoever sent it: see runTimer). */
function isTimerEvent(event: unknown): event is Record<string, unknown> & { Type: 'Timer' } {
  return (
    typeof event === 'object' &&
    event !== null &&
    !Array.isArray(event) &&
    !Object.prototype.hasOwnProperty.call(event, 'action') &&
    (event as Record<string, unknown>).Type === 'Timer'
  );
}

async function runTimer(
  timers: Record<string, TimerHandler>,
  event: Record<string, unknown>,
): Promise<unknown> {
  // A user's call (OPENID in the context; the platform also adds `userInfo` to the event) or an anonymous
  // web request (HTTP access service) is not a timer.
  if (callerOpenid() || 'userInfo' in event || 'httpMethod' in event || 'headers' in event) {
    throw forbidden('定时任务只能由平台触发');
  }
  const name = event.TriggerName;
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(timers, name)) {
    throw invalidArgument('未知的定时触发器');
  }
  const timerEvent: TimerEvent = {
    Type: 'Timer',
    TriggerName: name,
    Time: typeof event.Time === 'string' ? event.Time : '',
    ...(typeof event.Message === 'string' ? { Message: event.Message } : {}),
  };
  return (timers[name] as TimerHandler)(timerEvent);
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
