/**
 * Who is using the app: the answer of `user.login` (openid, member or null, roles), kept in one module.
 * The app starts the login on launch; pages `await ready()` (which shares a login under way, or starts
 * one) and may `subscribe()` to hear of changes (registration, an admin's decision seen on refresh).
 */
import type { ApiResult, LoginResult, Member, Role } from '../../typings/index';
import { userApi } from '../services/user';

export type Session = LoginResult;

type Listener = (session: Session) => void;

let current: Session | null = null;
let inFlight: Promise<ApiResult<Session>> | null = null;
const listeners = new Set<Listener>();

function publish(session: Session): void {
  current = session;
  listeners.forEach((listener) => listener(session));
}

/** Logs in again (pull-to-refresh, after the local identity changed). Concurrent calls share one request. */
export function refresh(): Promise<ApiResult<Session>> {
  if (!inFlight) {
    inFlight = userApi.login().then((res) => {
      inFlight = null;
      if (res.ok) publish(res.data);
      return res;
    });
  }
  return inFlight;
}

/** The session, logging in first if nobody has yet. */
export function ready(): Promise<ApiResult<Session>> {
  if (inFlight) return inFlight;
  if (current) return Promise.resolve({ ok: true, data: current });
  return refresh();
}

/** After `register` or `me`: the member and roles the cloud answered. */
export function updateMember(member: Member, roles: Role[]): void {
  const openid = current ? current.openid : '';
  publish({ openid, member, roles });
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function isAdmin(session: Session | null): boolean {
  return !!session && session.roles.includes('admin');
}

/** Librarians and admins manage the catalogue and the desk. */
export function isLibrarian(session: Session | null): boolean {
  return !!session && (session.roles.includes('librarian') || session.roles.includes('admin'));
}

/** Organisers and admins publish events and run their sign-ups and check-in. */
export function isOrganiser(session: Session | null): boolean {
  return !!session && (session.roles.includes('organiser') || session.roles.includes('admin'));
}
