/**
 * A private local cloud for one test file (temp data dir, random port, the fixture functions) and the
 * real wx-server-sdk pointed at it in-process, the way a cloud function would use it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as cloudSdk from 'wx-server-sdk';
import {
  sdkEnv,
  startLocalCloud,
  type Caller,
  type LocalCloud,
  type LocalCloudOptions,
} from '../../scripts/local-cloud';

export const FIXTURE_FUNCTIONS = path.join(__dirname, '..', 'fixtures', 'functions');

/**
 * The SDK's database typings answer `Promise<...> | void` unions for every call; these tests exercise wire
 * shapes, so they use the database loosely.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Loose = any;

export interface Harness {
  cloud: LocalCloud;
  dataDir: string;
  sdk: typeof cloudSdk;
  db: Loose;
  /** `db.command` */
  _: Loose;
  close(): Promise<void>;
}

let initialised = false;

/** Starts a local cloud and points this process's wx-server-sdk at it (as `caller`, if given). */
export async function startHarness(
  options: Partial<LocalCloudOptions> = {},
  caller: Caller = { openId: 'test-openid' },
): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'local-cloud-test-'));
  const cloud = await startLocalCloud({
    dataDir,
    port: 0,
    functionsDir: FIXTURE_FUNCTIONS,
    log: () => undefined,
    ...options,
  });
  Object.assign(process.env, sdkEnv(cloud.url, caller));
  if (!initialised) {
    // DYNAMIC_CURRENT_ENV is a symbol the SDK accepts as `env`; its typings only list strings.
    cloudSdk.init({ env: cloudSdk.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  const db = cloudSdk.database() as Loose;
  return {
    cloud,
    dataDir,
    sdk: cloudSdk,
    db,
    _: db.command,
    async close() {
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The error a rejected promise carries (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Loose> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** POSTs a raw CloudBase API request (what the SDK would send) and answers the parsed JSON. */
export async function rawApi(url: string, params: Record<string, unknown>): Promise<Loose> {
  const res = await fetch(`${url}/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return res.json();
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}
