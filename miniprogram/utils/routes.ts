/** Page paths in one place, and the moves between them. */
export const ROUTES = {
  home: '/pages/home/index',
  catalogue: '/pages/catalogue/index',
  events: '/pages/events/index',
  me: '/pages/me/index',
  register: '/pages/register/index',
  search: '/pages/search/index',
  book: '/pages/book/index',
  booklist: '/pages/booklist/index',
  loans: '/pages/loans/index',
  holds: '/pages/holds/index',
  event: '/pages/event/index',
  eventPoster: '/pages/event-poster/index',
  myEvents: '/pages/my-events/index',
  adminEventEdit: '/admin/event-edit/index',
  adminMembers: '/admin/members/index',
  adminBranches: '/admin/branches/index',
} as const;

const TAB_PAGES: string[] = [ROUTES.home, ROUTES.catalogue, ROUTES.events, ROUTES.me];

export type Route = (typeof ROUTES)[keyof typeof ROUTES];

/** `route?a=1&b=x` with the values URI-encoded; empty values are left out. */
export function withQuery(route: Route, query: Record<string, string | number> = {}): string {
  const pairs = Object.entries(query)
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return pairs.length ? `${route}?${pairs.join('&')}` : route;
}

/**
 * Opens a page: tab pages by switchTab (navigateTo cannot open them, nor pass them a query), others on
 * top of the stack with `query`.
 */
export function go(route: Route, query?: Record<string, string | number>): void {
  if (TAB_PAGES.includes(route)) wx.switchTab({ url: route });
  else wx.navigateTo({ url: withQuery(route, query) });
}

/** A page's query value, URI-decoded (as `withQuery` encoded it); '' when absent or malformed. */
export function queryParam(query: Record<string, string | undefined> | undefined, key: string): string {
  const value = query?.[key] ?? '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
