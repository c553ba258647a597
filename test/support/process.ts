/** Runs the local cloud CLI as a child process (as `npm start` users and CI see it) and waits until ready. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface CloudProcess {
  url: string;
  child: ChildProcess;
  /** Ends the process (SIGTERM, or SIGKILL to simulate a crash) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startCloudProcess(dataDir: string, env: Record<string, string> = {}): Promise<CloudProcess> {
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
      path.join(ROOT, 'cloudfunctions'),
    ],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local cloud did not start in 30 s\n${out}\n${err}`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LOCAL_CLOUD_URL=(\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ url: match[1], child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited with ${code}\n${out}\n${err}`));
    });
  });
}
