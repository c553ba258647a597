/**
 * Opens mini-program pages under miniprogram-simulate as a cold start would: a fresh module registry,
 * app.ts launched (its login starts), the page rendered, attached and given `onLoad(query)`.
 *
 * simulate does not resolve npm-style component paths (`@vant/weapp/button/index`): every such path used by
 * a page or component json is mapped to miniprogram_npm (built by `npm run build`).
 */
import fs from 'node:fs';
import path from 'node:path';

export const MINIPROGRAM_ROOT = path.resolve(__dirname, '..', '..', 'miniprogram');

/** The DOM as far as these helpers use it (the root tsconfig has no DOM lib). */
export interface DomElement {
  textContent: string | null;
  innerHTML: string;
  outerHTML: string;
  getAttribute(name: string): string | null;
  appendChild(child: DomElement): void;
}

interface Doc {
  body: DomElement;
  head: DomElement;
  createElement(tag: string): DomElement;
}

export const doc = (): Doc => (globalThis as unknown as { document: Doc }).document;

/** miniprogram-simulate has no types; the part of its API used here. */
export interface SimComponent {
  dom: DomElement;
  /** The component instance: its data, setData and methods (onLoad, handlers). */
  instance: { data: Record<string, unknown>; setData(data: Record<string, unknown>): void } & Record<
    string,
    unknown
  >;
  data: Record<string, unknown>;
  querySelector(selector: string): SimComponent | undefined;
  querySelectorAll(selector: string): SimComponent[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  attach(parent: DomElement): void;
  detach(): void;
  setData(data: Record<string, unknown>): void;
}

interface Simulate {
  load(componentPath: string, tagName: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): SimComponent;
  sleep(ms: number): Promise<void>;
}

function jsonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'miniprogram_npm') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(full));
    else if (entry.name.endsWith('.json')) out.push(full);
  }
  return out;
}

let npmComponents: Record<string, string> | null = null;

/** tag → /miniprogram_npm/... for every npm-style `usingComponents` entry of the mini-program. */
export function npmComponentMap(): Record<string, string> {
  if (npmComponents) return npmComponents;
  const vant = path.join(MINIPROGRAM_ROOT, 'miniprogram_npm', '@vant', 'weapp');
  if (!fs.existsSync(vant))
    throw new Error('miniprogram/miniprogram_npm is missing: run `npm run build` first');
  const map: Record<string, string> = {};
  for (const file of jsonFiles(MINIPROGRAM_ROOT)) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { usingComponents?: Record<string, string> };
    for (const [tag, target] of Object.entries(json.usingComponents ?? {})) {
      if (!target.startsWith('/') && !target.startsWith('.')) map[tag] = `/miniprogram_npm/${target}`;
    }
  }
  npmComponents = map;
  return map;
}

/** rpx → px for a 375 px wide phone (simulate's own conversion is 1:1 and ignores decimals). */
export function rpxToPx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/g, (_m, n: string) => `${Number(n) / 2}px`);
}

/**
 * Adjusts the freshly loaded simulate: rpx at the scale of a real phone, `groupSetData`, built-in `<image>` and
 * `<input>` and `<textarea>` that keep what they show (simulate's drop every attribute) as data attributes and text, so
 * tests can check an image's source or a field's value and the gallery can draw them.
 */
function adjustSimulate(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- untyped internals, same registry as simulate */
  const utils = require('miniprogram-simulate/src/utils') as { transformRpx(css: string): string };
  const jComponent = require('j-component') as { register(definition: Record<string, unknown>): void };
  const exparser = require('miniprogram-exparser') as { Component: { prototype: Record<string, unknown> } };
  /* eslint-enable @typescript-eslint/no-require-imports */
  utils.transformRpx = rpxToPx;
  // Vant batches updates with `this.groupSetData(cb)` (base library ≥ 2.4.0); j-component lacks it.
  exparser.Component.prototype.groupSetData = function groupSetData(callback: () => void) {
    callback();
  };
  jComponent.register({
    id: 'image',
    tagName: 'wx-image',
    template: '<view class="wx-image__img" data-src="{{ src }}" data-mode="{{ mode }}"></view>',
    properties: { src: { type: String, value: '' }, mode: { type: String, value: 'scaleToFill' } },
  });
  jComponent.register({
    id: 'input',
    tagName: 'wx-input',
    template:
      '<view wx:if="{{ value }}" class="wx-input__value">{{ value }}</view>' +
      '<view wx:else class="wx-input__placeholder">{{ placeholder }}</view>',
    properties: { value: { type: String, value: '' }, placeholder: { type: String, value: '' } },
  });
  jComponent.register({
    id: 'textarea',
    tagName: 'wx-textarea',
    template:
      '<view wx:if="{{ value }}" class="wx-textarea__value">{{ value }}</view>' +
      '<view wx:else class="wx-input__placeholder">{{ placeholder }}</view>',
    properties: { value: { type: String, value: '' }, placeholder: { type: String, value: '' } },
  });
}

export interface OpenedPage {
  page: SimComponent;
  simulate: Simulate;
  /** The page's root element in the document (for screenshots). */
  parent: DomElement;
}

/**
 * Cold-starts the app and opens `route` (e.g. '/pages/me/index') with `query`. The page's onLoad is
 * called but not awaited: use `waitFor` for what it shows.
 */
export function openPage(route: string, query: Record<string, string> = {}): OpenedPage {
  jest.resetModules();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- simulate must load after the reset
  const simulate = require('miniprogram-simulate') as Simulate;
  adjustSimulate();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- app.ts runs App() on load, like WeChat
  require(path.join(MINIPROGRAM_ROOT, 'app'));
  const app = (globalThis as unknown as { getApp(): { onLaunch?: () => void } | null }).getApp();
  app?.onLaunch?.();

  const id = simulate.load(path.join(MINIPROGRAM_ROOT, route.replace(/^\//, '')), 'main', {
    rootPath: MINIPROGRAM_ROOT,
    usingComponents: npmComponentMap(),
  });
  const page = simulate.render(id);
  const parent = doc().createElement('parent-wrapper');
  doc().body.appendChild(parent);
  page.attach(parent);
  const onLoad = page.instance.onLoad as ((q: Record<string, string>) => unknown) | undefined;
  void onLoad?.call(page.instance, query);
  return { page, simulate, parent };
}

/** Calls a page method as WeChat would (onShow, onReachBottom, onPullDownRefresh…). */
export function lifecycle(page: SimComponent, name: string): unknown {
  const method = page.instance[name] as (() => unknown) | undefined;
  if (!method) throw new Error(`the page has no ${name}`);
  return method.call(page.instance);
}

/** Polls until `check` answers something truthy (or throws its last error after `timeout` ms). */
export async function waitFor<T>(check: () => T | undefined | null | false, timeout = 8000): Promise<T> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    try {
      const value = check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeout) {
      throw lastError instanceof Error ? lastError : new Error(`waitFor timed out after ${timeout} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function text(page: SimComponent, selector: string): string {
  const el = page.querySelector(selector);
  return el ? (el.dom.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
}

/**
 * Taps an element and lets the handlers run. Vant components listen on an inner element: a button on
 * `.van-button`, a checkbox on `.van-checkbox__icon-wrap`; a view listens on itself.
 */
export async function tap(page: SimComponent, selector: string): Promise<void> {
  const el = page.querySelector(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  const inner = el.querySelector('.van-button') ?? el.querySelector('.van-checkbox__icon-wrap') ?? el;
  inner.dispatchEvent('tap');
  await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Fires a component event with a detail (a van-field's `change`, a picker's `change`). */
export async function fire(
  page: SimComponent,
  selector: string,
  event: string,
  detail: unknown,
): Promise<void> {
  const el = page.querySelector(selector);
  if (!el) throw new Error(`nothing matches ${selector}`);
  el.dispatchEvent(event, { detail });
  await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Taps a van-dialog's confirm (last) or cancel (first) button, as the member would. */
export async function answerDialog(
  page: SimComponent,
  dialogSelector: string,
  answer: 'confirm' | 'cancel' = 'confirm',
): Promise<void> {
  const dialog = page.querySelector(dialogSelector);
  if (!dialog) throw new Error(`nothing matches ${dialogSelector}`);
  const buttons = dialog.querySelectorAll('.van-dialog__button');
  const button = answer === 'confirm' ? buttons[buttons.length - 1] : buttons[0];
  if (!button) throw new Error(`${dialogSelector} has no ${answer} button`);
  (button.querySelector('.van-button') ?? button).dispatchEvent('tap');
  await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Fills the registration form as a member would: types the name, picks the branch and category by name. */
export async function fillRegistration(
  page: SimComponent,
  form: { name: string; branch: string; category: string },
): Promise<void> {
  const branchIndex = (page.instance.data.branchNames as string[]).indexOf(form.branch);
  const categoryIndex = (page.instance.data.categories as string[]).indexOf(form.category);
  if (branchIndex < 0 || categoryIndex < 0)
    throw new Error(`no such branch or category: ${JSON.stringify(form)}`);
  await fire(page, '#name', 'change', form.name);
  await fire(page, '#branch-picker', 'change', { value: String(branchIndex) });
  await fire(page, '#category-picker', 'change', { value: String(categoryIndex) });
}
