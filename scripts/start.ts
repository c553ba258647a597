/**
 * `npm start`: builds what the local cloud needs (function bundles, miniprogram_npm), seeds the demo
 * reading room once per data directory, and runs the local cloud on PORT (default 3000) until Ctrl-C.
 */
import { mkdirSync } from 'node:fs';
import { declaredIndexes } from '../cloudfunctions/_shared/collections';
import { buildFunctions, FUNCTIONS_DIR } from './build/functions';
import { packNpm } from './build/npm';
import { closeOnSignals, startLocalCloud } from './local-cloud';
import { openStore } from './local-cloud/store';
import { dataDir } from './paths';
import { DEMO_MEMBERS, seedDemo } from './seed/demo';

async function main(): Promise<void> {
  const dir = dataDir();
  mkdirSync(dir, { recursive: true });
  await packNpm();
  const functions = await buildFunctions();

  const store = await openStore(dir);
  try {
    const added = await seedDemo(store);
    if (added.length) console.log(`seeded the demo reading room (${added.join(', ')})`);
  } finally {
    await store.close();
  }

  const port = Number(process.env.PORT ?? 3000);
  const adminOpenids = process.env.ADMIN_OPENIDS ?? '';
  const cloud = await startLocalCloud({
    dataDir: dir,
    port,
    functionsDir: FUNCTIONS_DIR,
    env: { ADMIN_OPENIDS: adminOpenids },
    indexes: declaredIndexes(),
  });

  console.log(`
书屋 local cloud running at ${cloud.url}
  data:       ${dir}
  functions:  ${functions.join(', ')}  (POST ${cloud.url}/functions/<name>, header X-WX-OPENID)
  health:     ${cloud.url}/health

WeChat DevTools (local mode):
  1. open this folder as a project (project.config.json), 详情 → 本地设置 → 不校验合法域名;
  2. in miniprogram/config.ts set transport to 'local' and localUrl to ${cloud.url};
  3. demo identities for the local openid: ${DEMO_MEMBERS.map((m) => m.openid).join(', ')}.

Ctrl-C stops it; the data stays in ${dir}.`);

  closeOnSignals(cloud, (line) => console.log(`\n${line}`));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
