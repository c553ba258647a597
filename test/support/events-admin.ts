/**
 * For the organiser pages' tests and gallery scenes: events made through the `events` function of a given
 * local cloud (times relative to now, China time), members signing up (one of them through another's
 * invite), and the `wx` APIs those pages use beyond test/support/wx.ts — the screen kept awake, files
 * downloaded from the REAL local cloud's storage (`wx.cloud.downloadFile` stands in for the cloud by
 * reading `<cloud>/storage/<path>`; `wx.downloadFile` for local mode), documents opened and files shared.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventQuestion, SaveEventRequest } from '../../typings';
import { callAt } from './circulation-admin';
import { DEMO_ORGANISER, hoursFrom, publishedEvent } from './events';
import { downloadCloudFile, getBytes } from './http';

/**
 * A published event (unless `status` says otherwise) made by `organiser` (the demo organiser by default),
 * starting `startInHours` from now or from `from` (two hours long, sign-up open until the start, 50 seats);
 * answers its id.
 */
export function makeEvent(
  baseUrl: string,
  fields: Partial<SaveEventRequest> & { title: string; startInHours?: number; from?: number },
  organiser = DEMO_ORGANISER,
): Promise<string> {
  const { startInHours = 7 * 24, from = Date.now(), ...rest } = fields;
  const startAt = hoursFrom(startInHours, new Date(from));
  return publishedEvent(
    { url: baseUrl },
    { openid: organiser },
    {
      description: '',
      place: '党校书屋二楼',
      capacity: 50,
      startAt,
      endAt: hoursFrom(startInHours + 2, new Date(from)),
      signupDeadline: startAt,
      ...rest,
    },
  );
}

/** Signs `openid` up for the event, having opened it through `inviter`'s card when given. */
export async function signUp(
  baseUrl: string,
  eventId: string,
  openid: string,
  options: { inviter?: string; answers?: Record<string, string> } = {},
): Promise<void> {
  if (options.inviter)
    await callAt(baseUrl, 'events', 'detail', { eventId, inviter: options.inviter }, openid);
  await callAt(
    baseUrl,
    'events',
    'signup',
    options.answers ? { eventId, answers: options.answers } : { eventId },
    openid,
  );
}

/** A choice question and a text one, as an organiser would ask them. */
export const SAMPLE_QUESTIONS: EventQuestion[] = [
  { id: 'unit', label: '所在单位', kind: 'text', options: [], required: true },
  { id: 'books', label: '分享书目', kind: 'choice', options: ['自带书目', '由书屋提供'], required: false },
];

export interface FilesWx {
  /** Every wx.setKeepScreenOn value, in order. */
  keepScreenOn: boolean[];
  /** Files opened with wx.openDocument (their local paths) and their fileType. */
  opened: { filePath: string; fileType?: string }[];
  /** Files sent with wx.shareFileMessage. */
  shared: { filePath: string; fileName: string }[];
  /** The URLs downloaded from, in order. */
  downloads: string[];
}

interface Callbacks<T> {
  success?: (res: T) => void;
  fail?: (err: { errMsg: string }) => void;
}

/** Adds the screen, download, document and file-sharing APIs to the installed shim (after installWx). */
export function installFilesWx(cloudUrl: () => string): FilesWx {
  const state: FilesWx = { keepScreenOn: [], opened: [], shared: [], downloads: [] };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'events-admin-'));
  const g = globalThis as unknown as { wx: Record<string, unknown> & { cloud: Record<string, unknown> } };
  const saveTo = (
    download: Promise<{ url: string; statusCode: number; body: Buffer }>,
    options: Callbacks<{ tempFilePath: string; statusCode: number }>,
  ) => {
    download.then(
      ({ url, statusCode, body }) => {
        state.downloads.push(url);
        const tempFilePath = path.join(dir, `${state.downloads.length}-${path.basename(url)}`);
        writeFileSync(tempFilePath, body);
        options.success?.({ tempFilePath, statusCode });
      },
      (error: unknown) => options.fail?.({ errMsg: `downloadFile:fail ${String(error)}` }),
    );
  };
  Object.assign(g.wx, {
    setKeepScreenOn: (options: { keepScreenOn: boolean }) => {
      state.keepScreenOn.push(options.keepScreenOn);
    },
    downloadFile: (options: { url: string } & Callbacks<{ tempFilePath: string; statusCode: number }>) =>
      saveTo(
        getBytes(options.url).then((res) => ({ url: options.url, ...res })),
        options,
      ),
    openDocument: (options: { filePath: string; fileType?: string } & Callbacks<{ errMsg: string }>) => {
      state.opened.push({ filePath: options.filePath, fileType: options.fileType });
      setTimeout(() => options.success?.({ errMsg: 'openDocument:ok' }), 0);
    },
    shareFileMessage: (options: { filePath: string; fileName: string } & Callbacks<{ errMsg: string }>) => {
      state.shared.push({ filePath: options.filePath, fileName: options.fileName });
      setTimeout(() => options.success?.({ errMsg: 'shareFileMessage:ok' }), 0);
    },
  });
  Object.assign(g.wx.cloud, {
    downloadFile: (options: { fileID: string } & Callbacks<{ tempFilePath: string; statusCode: number }>) =>
      saveTo(downloadCloudFile(cloudUrl(), options.fileID), options),
  });
  return state;
}
