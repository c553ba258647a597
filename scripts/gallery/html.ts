/**
 * Turns a page rendered by miniprogram-simulate into a standalone HTML file that Chromium can screenshot:
 * the page's DOM and the styles simulate injected, app.wxss with the same class prefix, a base stylesheet
 * for WeChat's built-in tags, Vant's icon font (offline, from @vant/icons), and a frame drawn like WeChat's
 * navigation bar and tab bar (from app.json and the page's json). An approximation, good to judge a page.
 */
import fs from 'node:fs';
import path from 'node:path';
import { doc, MINIPROGRAM_ROOT, rpxToPx, type OpenedPage } from '../../test/support/page';

interface AppJson {
  window: { navigationBarTitleText?: string; navigationBarBackgroundColor?: string };
  tabBar: {
    color: string;
    selectedColor: string;
    list: { pagePath: string; text: string; iconPath: string; selectedIconPath: string }[];
  };
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

const BASE_CSS = `
html, body { margin: 0; padding: 0; }
body { width: 375px; font-size: 16px; -webkit-font-smoothing: antialiased;
  font-family: 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; }
wx-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-form, wx-picker, wx-label, wx-navigator { display: block; }
wx-text, wx-icon { display: inline; }
wx-scroll-view { width: 100%; }
wx-button { display: block; position: relative; box-sizing: border-box; margin: 0 auto; padding: 0 14px;
  font-size: 18px; line-height: 2.5556; text-align: center; border-radius: 5px; color: #000;
  background: #f8f8f8; border: 1px solid rgba(0, 0, 0, 0.2); overflow: hidden; }
wx-input { display: block; height: 1.4rem; min-height: 1.4rem; line-height: 1.4rem; overflow: hidden; }
.wx-input__placeholder { color: #6b6b6b; }
wx-textarea { display: block; height: auto !important; min-height: 1.4rem; }
.wx-textarea__value { white-space: pre-wrap; }
wx-image { display: inline-block; width: 320px; height: 240px; overflow: hidden; }
.wx-image__img { width: 100%; height: 100%; background-repeat: no-repeat; background-position: center;
  background-size: contain; image-rendering: pixelated; }
.frame-nav { position: sticky; top: 0; z-index: 900; height: 44px; line-height: 44px; text-align: center;
  color: #fff; font-size: 17px; font-weight: 600; }
.frame-nav__back { position: absolute; left: 12px; top: 0; font-size: 22px; font-weight: 400; }
/* A tab page's window ends above the tab bar: its fixed elements (a bottom sheet) sit above it, not under,
   and its 100vh is the window between the bars. */
.frame-content--tabbed { margin-bottom: 56px; transform: translateZ(0); }
.frame-content--tabbed .main--page { min-height: calc(100vh - 100px); }
.frame-tabbar { position: fixed; left: 0; right: 0; bottom: 0; z-index: 900; height: 56px; display: flex;
  background: #fff; border-top: 1px solid rgba(0, 0, 0, 0.2); }
.frame-tab { flex: 1; text-align: center; font-size: 11px; padding-top: 5px; }
.frame-tab img { display: block; width: 27px; height: 27px; margin: 0 auto 1px; }
`;

function vantIconFont(): string {
  const less = fs.readFileSync(require.resolve('@vant/icons/src/encode-woff2.less'), 'utf8');
  const url = /url\('(data:font\/woff2[^']+)'\)/.exec(less)?.[1];
  return url ? `@font-face { font-family: 'vant-icon'; src: url('${url}') format('woff2'); }` : '';
}

function appCss(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- simulate's untyped WXSS compiler
  const wxss = require('miniprogram-simulate/src/wxss') as {
    compile(css: string, options: { prefix: string }): string;
  };
  const css = wxss.compile(fs.readFileSync(path.join(MINIPROGRAM_ROOT, 'app.wxss'), 'utf8'), {
    prefix: 'main',
  });
  return rpxToPx(css).replace(/(^|[},])page(?=[{,\s])/g, '$1body');
}

const fileUrl = (appPath: string) => `file://${path.join(MINIPROGRAM_ROOT, appPath.replace(/^\//, ''))}`;

/**
 * Draws `<image>` sources (kept as data-src by test/support/page.ts) as backgrounds; cloud file IDs as
 * `files` gives them (data URLs).
 */
function drawImages(html: string, files: ReadonlyMap<string, string>): string {
  return html.replace(/class="wx-image__img" data-src="([^"]*)"/g, (_m, src: string) => {
    const url = files.get(src) ?? (src.startsWith('data:') || /^https?:/.test(src) ? src : fileUrl(src));
    return `class="wx-image__img" data-src="" style="background-image:url('${url}')"`;
  });
}

function frameNav(route: string, app: AppJson, hasBack: boolean): string {
  const pageJson = readJson<{ navigationBarTitleText?: string }>(
    path.join(MINIPROGRAM_ROOT, `${route.replace(/^\//, '')}.json`),
  );
  const title = pageJson.navigationBarTitleText ?? app.window.navigationBarTitleText ?? '';
  const color = app.window.navigationBarBackgroundColor ?? '#000';
  const back = hasBack ? '<span class="frame-nav__back">‹</span>' : '';
  return `<div class="frame-nav" style="background:${color}">${back}${title}</div>`;
}

function frameTabBar(route: string, app: AppJson): string {
  const tabs = app.tabBar.list.map((tab) => {
    const on = `/${tab.pagePath}` === route;
    const icon = fileUrl(on ? tab.selectedIconPath : tab.iconPath);
    const color = on ? app.tabBar.selectedColor : app.tabBar.color;
    return `<div class="frame-tab" style="color:${color}"><img src="${icon}">${tab.text}</div>`;
  });
  return `<div class="frame-tabbar">${tabs.join('')}</div>`;
}

export function pageHtml(
  opened: OpenedPage,
  route: string,
  files: ReadonlyMap<string, string> = new Map(),
): string {
  const app = readJson<AppJson>(path.join(MINIPROGRAM_ROOT, 'app.json'));
  const isTab = app.tabBar.list.some((tab) => `/${tab.pagePath}` === route);
  const styles = doc().head.innerHTML;
  const body = drawImages(rpxToPx(opened.parent.outerHTML), files);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<style>${BASE_CSS}</style>
<style>${appCss()}</style>
${styles}
<style>${vantIconFont()}</style>
</head><body>
${frameNav(route, app, !isTab)}
<div class="frame-content${isTab ? ' frame-content--tabbed' : ''}">${body}</div>
${isTab ? frameTabBar(route, app) : ''}
<script>addEventListener('load', () => { document.title = String(document.documentElement.scrollHeight); });</script>
</body></html>`;
}
