/**
 * `npm run seed`: seeds the demo reading room into DATA_DIR (once per part).
 * `npm run seed -- --books N [--seed S]`: also adds synthetic titles 1..N (about two copies each) for
 * scale; running it again with the same N adds nothing.
 *
 * Safe whether or not the local cloud is running: it writes through the store, which the server re-reads
 * when another process changes the data.
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openStore } from '../local-cloud/store';
import { dataDir } from '../paths';
import { seedDemo } from './demo';
import { seedSyntheticBooks } from './scale';
import { MAX_SYNTHETIC_BOOKS } from './synthetic';

function positiveInteger(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new Error(`--${name} expects a whole number from 0 to ${max}, got "${value}"`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { books: { type: 'string' }, seed: { type: 'string' } },
    allowPositionals: false,
  });
  const books = positiveInteger('books', values.books, MAX_SYNTHETIC_BOOKS);
  const seed = positiveInteger('seed', values.seed, 2 ** 31) ?? 1;

  const dir = dataDir();
  mkdirSync(dir, { recursive: true });
  const store = await openStore(dir);
  try {
    const added = await seedDemo(store);
    console.log(
      added.length ? `seeded ${added.join(', ')} into ${dir}` : `${dir} already holds the demo data`,
    );
    if (books !== undefined) {
      const started = Date.now();
      const result = await seedSyntheticBooks(store, books, {
        seed,
        onProgress: (done, total) => {
          if (process.stdout.isTTY) process.stdout.write(`\r  synthetic titles ${done}/${total}`);
        },
      });
      if (process.stdout.isTTY) process.stdout.write('\n');
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `synthetic titles 1..${books} (seed ${seed}): added ${result.books} books and ${result.copies} copies in ${seconds} s`,
      );
    }
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
