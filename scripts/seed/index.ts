/**
 * `npm run seed`: seeds the demo reading room into DATA_DIR (once per part). Safe whether or not the
 * local cloud is running: it writes through the store, which the server re-reads when another process
 * changes the data.
 */
import { mkdirSync } from 'node:fs';
import { openStore } from '../local-cloud/store';
import { dataDir } from '../paths';
import { seedDemo } from './demo';

const dir = dataDir();
mkdirSync(dir, { recursive: true });
async function main(): Promise<void> {
  const store = await openStore(dir);
  try {
    const added = await seedDemo(store);
    console.log(
      added.length ? `seeded ${added.join(', ')} into ${dir}` : `${dir} already holds the demo data`,
    );
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
