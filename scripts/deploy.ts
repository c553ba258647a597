/**
 * `npm run deploy`: uploads to the real WeChat cloud with miniprogram-ci (needs network, an upload key and
 * the machine's IP on the console's whitelist). Environment: WX_APPID, WX_PRIVATE_KEY_PATH, WX_ENV_ID.
 *   npm run deploy -- functions            build and upload every cloud function (+ timer triggers)
 *   npm run deploy -- miniprogram [VERSION] [DESCRIPTION]   packNpm and upload the mini-program
 *   npm run deploy -- collections          print the collections and indexes to create in the console
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_COLLECTIONS } from '../cloudfunctions/_shared/collections';
import { buildFunctions, FUNCTIONS_DIR } from './build/functions';
import { packNpm } from './build/npm';
import { ROOT } from './paths';

interface CiProject {
  appid: string;
}
interface TimerTrigger {
  name: string;
  type: string;
  config: string;
}
// The subset of miniprogram-ci used here (its bundled types do not resolve under node16 resolution).
interface MiniprogramCi {
  Project: new (options: {
    appid: string;
    type: 'miniProgram';
    projectPath: string;
    privateKeyPath: string;
    ignores?: string[];
  }) => CiProject;
  upload(options: {
    project: CiProject;
    version: string;
    desc: string;
    setting?: Record<string, boolean>;
    robot?: number;
  }): Promise<unknown>;
  cloud: {
    uploadFunction(options: {
      project: CiProject;
      env: string;
      name: string;
      path: string;
      remoteNpmInstall: boolean;
    }): Promise<{ filesCount: number; packSize: number }>;
    createTimeTrigger(options: {
      project: CiProject;
      envId: string;
      functionName: string;
      triggersConfig: TimerTrigger[];
    }): Promise<string>;
  };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see README.md, "Deploying")`);
  return value;
}

async function ci(): Promise<{ ci: MiniprogramCi; project: CiProject }> {
  const mod = (await import('miniprogram-ci')) as unknown as MiniprogramCi;
  const project = new mod.Project({
    appid: required('WX_APPID'),
    type: 'miniProgram',
    projectPath: ROOT,
    privateKeyPath: path.resolve(required('WX_PRIVATE_KEY_PATH')),
    ignores: ['node_modules/**/*', '.data/**/*', 'gallery/**/*', 'test/**/*', 'scripts/**/*'],
  });
  return { ci: mod, project };
}

async function deployFunctions(): Promise<void> {
  const env = required('WX_ENV_ID');
  const names = await buildFunctions();
  const { ci: mod, project } = await ci();
  for (const name of names) {
    const dir = path.join(FUNCTIONS_DIR, name);
    const res = await mod.cloud.uploadFunction({ project, env, name, path: dir, remoteNpmInstall: true });
    console.log(`✓ ${name}: ${res.filesCount} files, ${res.packSize} bytes`);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as {
      triggers?: TimerTrigger[];
    };
    if (config.triggers?.length) {
      const answer = await mod.cloud.createTimeTrigger({
        project,
        envId: env,
        functionName: name,
        triggersConfig: config.triggers,
      });
      console.log(`  triggers: ${answer}`);
    }
  }
}

async function deployMiniprogram(version: string, desc: string): Promise<void> {
  await packNpm();
  const { ci: mod, project } = await ci();
  await mod.upload({ project, version, desc, setting: { es6: true, minify: true }, robot: 1 });
  console.log(`✓ uploaded mini-program ${version}`);
}

function printCollections(): void {
  console.log('Create these collections in the cloud console (数据库), each with these indexes:');
  for (const spec of ALL_COLLECTIONS) {
    const indexes = spec.indexes.map(
      (i) => `${i.name} ${JSON.stringify(i.keys)}${i.unique ? ' unique' : ''}`,
    );
    console.log(`- ${spec.name}${indexes.length ? `: ${indexes.join('; ')}` : ''}`);
  }
}

async function main(): Promise<void> {
  const [what, version = '0.1.0', desc = '书屋'] = process.argv.slice(2);
  if (what === 'functions') await deployFunctions();
  else if (what === 'miniprogram') await deployMiniprogram(version, desc);
  else if (what === 'collections') printCollections();
  else
    throw new Error('usage: npm run deploy -- functions | miniprogram [VERSION] [DESCRIPTION] | collections');
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
