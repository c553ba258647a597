/**
 * What every gallery file shares: a scene (a page opened as someone would see it, with what it must show
 * before the picture is taken) and the runner that renders a file's scenes to `<GALLERY_DIR>/<name>.html`.
 *
 * A `*.gallery.ts` file lists its scenes and calls `renderScenes(SCENES, { openid, install? })`; the
 * runner keeps the ones GALLERY_ONLY names (all when unset) and skips the file cleanly when none are left.
 * Run by jest through scripts/gallery/jest.config.js; index.ts screenshots the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BookSummary } from '../../typings';
import { chinaAt } from '../../cloudfunctions/_shared/china-time';
import { callOk } from '../../test/support/cloud';
import { downloadCloudFile } from '../../test/support/http';
import { doc, openPage, waitFor, type OpenedPage, type SimComponent } from '../../test/support/page';
import { privateCloud, type PrivateCloud } from '../../test/support/clock';
import { installWx, type WxShim } from '../../test/support/wx';
import { pageHtml } from './html';

/** The demo reading room's people (scripts/seed/demo.ts). */
export const DEMO = { admin: 'demo-admin', librarian: 'demo-librarian', member: 'demo-member' } as const;

export interface Scene {
  /** The picture's file name; GALLERY_ONLY matches part of it. */
  name: string;
  route: string;
  /** Who opens the page (the file's default when absent); a function makes someone (a newcomer…). */
  openid?: string | (() => Promise<string>);
  /** The page's query, worked out on the running cloud (a seed book's id…). */
  query?: () => Promise<Record<string, string>>;
  /** Before the page opens (storage, privacy, an unreachable cloud…). */
  prepare?: (wx: WxShim) => void;
  /** What the page must show before the picture is taken, and what the person does first. */
  act: (page: SimComponent, wx: WxShim) => Promise<unknown>;
}

export interface SceneDefaults {
  /** Who opens the pages when a scene does not say. */
  openid: string;
  /** More of `wx` the file's pages need (scanCode, share menus, uploads…), after the base shim. */
  install?: (wx: WxShim) => void;
}

/** Waits until `data[key]` is `value` and no further page is loading. */
export const loaded =
  (key: string, value: unknown = 'ready') =>
  (page: SimComponent): Promise<unknown> =>
    waitFor(() => page.instance.data[key] === value && !page.instance.data.loadingMore);

/** A scene's `prepare`: the 特大 text size from 设置. */
export const xlarge = (wx: WxShim): void => void wx.storage.set('settings.textSize', 'xlarge');

/** A scene's `prepare`: a cloud that does not answer (the error states). */
export const offline = (wx: WxShim): void => {
  wx.cloudUrl = 'http://127.0.0.1:9';
};

const HALF_HOUR = 30 * 60 * 1000;
const HOUR = 2 * HALF_HOUR;

/**
 * Hours from `now` to round China times: the next half hour plus `extraHalfHours` (an event whose check-in
 * is already open), or `days` ahead at `hour` o'clock.
 */
export function roundStart(
  now: number,
  at: { extraHalfHours: number } | { days: number; hour: number },
): number {
  const start =
    'days' in at
      ? chinaAt(new Date(now), at.days, at.hour).getTime()
      : Math.ceil(now / HALF_HOUR) * HALF_HOUR + at.extraHalfHours * HALF_HOUR;
  return (start - now) / HOUR;
}

/** A seed book found by its exact title. */
export async function seedBook(title: string): Promise<BookSummary> {
  const { items } = await callOk('catalogue', 'search', { q: title }, DEMO.member);
  const book = items.find((b) => b.title === title);
  if (!book) throw new Error(`no book ${title}`);
  return book;
}

const cloudUrl = process.env.LOCAL_CLOUD_URL ?? '';
const outDir = process.env.GALLERY_DIR ?? path.resolve(__dirname, '..', '..', 'gallery');

/** One picture: the page opened as the scene says, written as `<name>.html` once it shows what it should. */
async function render(scene: Scene, defaults: SceneDefaults): Promise<void> {
  doc().head.innerHTML = '';
  doc().body.innerHTML = '';
  const openid =
    typeof scene.openid === 'function' ? await scene.openid() : (scene.openid ?? defaults.openid);
  const query = scene.query ? await scene.query() : {};
  const wx = installWx(cloudUrl, openid);
  defaults.install?.(wx);
  scene.prepare?.(wx);
  const opened: OpenedPage = openPage(scene.route, query);
  await scene.act(opened.page, wx);
  await new Promise((resolve) => setTimeout(resolve, 400)); // transitions (popups, dialogs) settle
  const files = await cloudFiles(opened.parent.outerHTML, wx.cloudUrl);
  fs.writeFileSync(path.join(outDir, `${scene.name}.html`), pageHtml(opened, scene.route, files));
}

/**
 * The cloud files (`cloud://…` file IDs: a poster's code, a cover) the page shows, fetched from the local
 * cloud as data URLs while it runs (a private cloud is gone by the time the picture is taken).
 */
async function cloudFiles(html: string, url: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const [, fileID] of html.matchAll(/data-src="(cloud:\/\/[^"]+)"/g)) {
    if (files.has(fileID!)) continue;
    const res = await downloadCloudFile(url, fileID!);
    if (res.statusCode !== 200) throw new Error(`gallery: ${fileID} answered HTTP ${res.statusCode}`);
    files.set(fileID!, `data:${res.contentType};base64,${res.body.toString('base64')}`);
  }
  return files;
}

/** The scenes GALLERY_ONLY keeps (all when unset). */
function keptScenes(scenes: readonly Scene[]): Scene[] {
  const only = process.env.GALLERY_ONLY;
  return scenes.filter((s) => !only || s.name.includes(only));
}

/**
 * For a file whose scenes share state made on a private local cloud: `start` starts the cloud (the
 * seeded demo by default) and `build` makes the state on it before the first scene GALLERY_ONLY keeps, and
 * `keep` receives the state; after the last, the real calendar comes back (a scene may have set the
 * phone's) and the cloud stops — also when `build` failed. Nothing starts when no scene is kept.
 */
export function privateState<S>(
  scenes: readonly Scene[],
  build: (cloud: PrivateCloud) => Promise<S>,
  keep: (state: S) => void,
  start: () => Promise<PrivateCloud> = () => privateCloud(),
): void {
  if (!keptScenes(scenes).length) return;
  let cloud: PrivateCloud | null = null;
  beforeAll(async () => {
    cloud = await start();
    keep(await build(cloud));
  }, 120_000);
  afterAll(async () => {
    jest.useRealTimers();
    await cloud?.stop();
  });
}

/** Declares one jest test per scene GALLERY_ONLY keeps; a file left with none skips cleanly. */
export function renderScenes(scenes: readonly Scene[], defaults: SceneDefaults): void {
  const kept = keptScenes(scenes);
  if (!kept.length) {
    // describe.each refuses an empty table, and jest refuses a file without a test.
    it.skip(`no scene here matches GALLERY_ONLY=${process.env.GALLERY_ONLY ?? ''}`, () => undefined);
    return;
  }
  beforeAll(() => {
    if (!cloudUrl) throw new Error('LOCAL_CLOUD_URL is not set: run `npm run gallery`');
    fs.mkdirSync(outDir, { recursive: true });
  });
  describe.each(kept)('$name', (scene) => {
    it('renders', () => render(scene, defaults));
  });
}
