/** Runs the local cloud CLI as a child process (as `npm start` users and CI see it) and waits until ready. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface CloudProcess {
  url: string;
  child: ChildProcess;
  /** Everything the CLI printed on stdout so far. */
  stdout(): string;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends the process (SIGTERM, or SIGKILL to simulate a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface CloudProcessOptions {
  /** Extra environment for the server and its functions (e.g. ADMIN_OPENIDS). */
  env?: Record<string, string>;
  /** Default: the project's cloudfunctions/. */
  functionsDir?: string;
  /** false: timer triggers fire only when asked (`--no-timers`), never by the clock. Default true. */
  timers?: boolean;
}

export function startCloudProcess(dataDir: string, options: CloudProcessOptions = {}): Promise<CloudProcess> {
  const child = spawn(
    process.execPath,
    [
      // tsx as a loader in this very process (not the tsx CLI, which forks a child): a kill reaches the server.
      '--import',
      'tsx',
      path.join(ROOT, 'scripts', 'local-cloud', 'main.ts'),
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--functions-dir',
      options.functionsDir ?? path.join(ROOT, 'cloudfunctions'),
      ...(options.timers === false ? ['--no-timers'] : []),
    ],
    { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local cloud did not start in 30 s\n${out}\n${err}`));
    }, 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^LOCAL_CLOUD_URL=(\S+)$/m.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child, stdout: () => out, exited, stop });
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code}\n${out}\n${err}`));
    });
  });
}
