/**
 * The `wx` a page sees under miniprogram-simulate, for page tests and the gallery: cloud calls go over
 * HTTP to the REAL local cloud (`POST <url>/functions/<name>`, header `X-WX-OPENID`), as the openid the
 * test chose; storage lives in memory; navigation, toasts and modals are recorded for assertions.
 * Also `App`, `getApp` and `getCurrentPages`, which simulate does not provide.
 */
import { postJson } from './http';

export interface Navigation {
  kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack';
  url?: string;
}

export interface FunctionCall {
  name: string;
  event: Record<string, unknown>;
  /** Set when the function's answer (or failure) has come back. */
  answered?: boolean;
}

export interface WxShim {
  /** The caller of every cloud call from now on. */
  openid: string;
  /** Base URL of the local cloud. */
  cloudUrl: string;
  storage: Map<string, unknown>;
  navigations: Navigation[];
  toasts: string[];
  calls: FunctionCall[];
  /** Answers for wx.showModal, consumed in order; `{ confirm: true }` when none is queued. */
  modalAnswers: { confirm: boolean; content?: string }[];
  /** Privacy: whether consent is still needed; requirePrivacyAuthorize then asks the page's popup. */
  privacy: { needAuthorization: boolean; contractOpened: number };
  /**
   * Subscription messages: the template ids of every wx.requestSubscribeMessage, in order, and what the
   * member answers for each template ('accept' unless set).
   */
  subscribe: { asked: string[][]; answer: 'accept' | 'reject' };
  /** The app object registered with App(). */
  app: { onLaunch?: () => void; [key: string]: unknown } | null;
}

type Callbacks<T> = {
  success?: (res: T) => void;
  fail?: (err: { errMsg: string }) => void;
  complete?: () => void;
};

/**
 * Whether jsdom's window is gone (the test file ended while a request was on its way, e.g. a page's
 * background refresh): its answer is then dropped, as for a closed mini-program, instead of rendering into
 * a document that no longer exists.
 */
function windowClosed(): boolean {
  return typeof (globalThis as { document?: unknown }).document === 'undefined';
}

function settle<T>(options: Callbacks<T> | undefined, work: Promise<T>): Promise<T> {
  return work.then(
    (res) => {
      if (windowClosed()) return new Promise<T>(() => undefined);
      options?.success?.(res);
      options?.complete?.();
      return res;
    },
    (error: unknown) => {
      if (windowClosed()) return new Promise<T>(() => undefined);
      const err = { errMsg: String(error instanceof Error ? error.message : error) };
      options?.fail?.(err);
      options?.complete?.();
      if (options?.fail) return undefined as T;
      throw err;
    },
  );
}

type PrivacyResolve = (answer: { event: string; buttonId?: string }) => void;

export function installWx(cloudUrl: string, openid: string): WxShim {
  const shim: WxShim = {
    openid,
    cloudUrl,
    storage: new Map(),
    navigations: [],
    toasts: [],
    calls: [],
    modalAnswers: [],
    privacy: { needAuthorization: false, contractOpened: 0 },
    subscribe: { asked: [], answer: 'accept' },
    app: null,
  };
  let privacyListener: ((resolve: PrivacyResolve) => void) | null = null;

  const navigate =
    (kind: Navigation['kind']) => (options: { url?: string } & Callbacks<{ errMsg: string }>) => {
      shim.navigations.push(options.url === undefined ? { kind } : { kind, url: options.url });
      return settle(options, Promise.resolve({ errMsg: `${kind}:ok` }));
    };

  const wx = {
    cloud: {
      init: () => undefined,
      callFunction: (options: { name: string; data?: Record<string, unknown> } & Callbacks<unknown>) => {
        const event = options.data ?? {};
        const call: FunctionCall = { name: options.name, event };
        shim.calls.push(call);
        const work = postJson(`${shim.cloudUrl}/functions/${options.name}`, event, {
          'X-WX-OPENID': shim.openid,
        })
          .finally(() => (call.answered = true))
          .then(({ statusCode, data }) => {
            if (statusCode !== 200) throw new Error(`cloud.callFunction:fail HTTP ${statusCode}`);
            return { errMsg: 'cloud.callFunction:ok', result: data, requestID: 'local' };
          });
        return settle(options, work);
      },
    },
    request: (
      options: { url: string; data?: unknown; header?: Record<string, string> } & Callbacks<{
        statusCode: number;
        data: unknown;
      }>,
    ) => {
      const name = /\/functions\/([^/?]+)/.exec(options.url)?.[1];
      const call: FunctionCall | null = name
        ? { name, event: (options.data ?? {}) as Record<string, unknown> }
        : null;
      if (call) shim.calls.push(call);
      const work = postJson(options.url, options.data, options.header ?? {}).finally(() => {
        if (call) call.answered = true;
      });
      void settle(options, work);
      return { abort: () => undefined };
    },
    getStorageSync: (key: string) => (shim.storage.has(key) ? shim.storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void shim.storage.set(key, value),
    removeStorageSync: (key: string) => void shim.storage.delete(key),
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    switchTab: navigate('switchTab'),
    reLaunch: navigate('reLaunch'),
    navigateBack: navigate('navigateBack'),
    showToast: (options: { title: string } & Callbacks<{ errMsg: string }>) => {
      shim.toasts.push(options.title);
      return settle(options, Promise.resolve({ errMsg: 'showToast:ok' }));
    },
    showModal: (options: Callbacks<{ confirm: boolean; cancel: boolean; content?: string }>) => {
      const answer = shim.modalAnswers.shift() ?? { confirm: true };
      return settle(options, Promise.resolve({ ...answer, cancel: !answer.confirm }));
    },
    stopPullDownRefresh: () => undefined,
    onNeedPrivacyAuthorization: (listener: (resolve: PrivacyResolve) => void) => {
      privacyListener = listener;
    },
    getPrivacySetting: (options: Callbacks<{ needAuthorization: boolean; privacyContractName: string }>) =>
      settle(
        options,
        Promise.resolve({
          needAuthorization: shim.privacy.needAuthorization,
          privacyContractName: '《书屋小程序隐私保护指引》',
        }),
      ),
    requirePrivacyAuthorize: (options: Callbacks<{ errMsg: string }>) => {
      const work = new Promise<{ errMsg: string }>((resolve, reject) => {
        if (!shim.privacy.needAuthorization) return resolve({ errMsg: 'requirePrivacyAuthorize:ok' });
        if (!privacyListener) return reject(new Error('requirePrivacyAuthorize:fail no listener'));
        privacyListener((answer) => {
          if (answer.event === 'agree') {
            shim.privacy.needAuthorization = false;
            resolve({ errMsg: 'requirePrivacyAuthorize:ok' });
          } else if (answer.event === 'disagree') {
            reject(new Error('requirePrivacyAuthorize:fail privacy permission is not authorized'));
          }
        });
      });
      return settle(options, work);
    },
    requestSubscribeMessage: (options: { tmplIds: string[] } & Callbacks<Record<string, string>>) => {
      shim.subscribe.asked.push(options.tmplIds);
      const answers: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
      for (const id of options.tmplIds) answers[id] = shim.subscribe.answer;
      return settle(options, Promise.resolve(answers));
    },
    openPrivacyContract: (options: Callbacks<{ errMsg: string }>) => {
      shim.privacy.contractOpened += 1;
      return settle(options, Promise.resolve({ errMsg: 'openPrivacyContract:ok' }));
    },
  };

  const g = globalThis as unknown as Record<string, unknown>;
  g.wx = Object.assign((g.wx as object | undefined) ?? {}, wx);
  g.App = (options: WxShim['app']) => {
    shim.app = options;
  };
  g.getApp = () => shim.app;
  g.getCurrentPages = () => [];
  return shim;
}
