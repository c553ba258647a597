/** Page paths in one place, and the moves between them. */
export const ROUTES = {
  home: '/pages/home/index',
  catalogue: '/pages/catalogue/index',
  events: '/pages/events/index',
  me: '/pages/me/index',
  register: '/pages/register/index',
  adminMembers: '/admin/members/index',
  adminBranches: '/admin/branches/index',
} as const;

const TAB_PAGES: string[] = [ROUTES.home, ROUTES.catalogue, ROUTES.events, ROUTES.me];

export type Route = (typeof ROUTES)[keyof typeof ROUTES];

/** Opens a page: tab pages by switchTab (navigateTo cannot open them), others on top of the stack. */
export function go(route: Route): void {
  if (TAB_PAGES.includes(route)) wx.switchTab({ url: route });
  else wx.navigateTo({ url: route });
}
