/**
 * `npm run import -- FILE [--create-categories] [--location 书屋] [--cloud]`: imports a catalogue from
 * `.csv` or `.xlsx`, one row per copy (scripts/import/importer.ts), into DATA_DIR through the store — safe
 * whether or not the local cloud is running — or, with `--cloud`, into the WeChat cloud environment
 * (WX_ENV_ID, TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY; scripts/import/cloud-writer.ts).
 *
 * Shows a progress bar, writes rejected rows to `<name>.rejected.csv` next to the file, and ends with a
 * summary, the elapsed time and the peak memory (RSS, sampled).
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openStore } from '../local-cloud/store';
import { dataDir } from '../paths';
import { openCloudWriter } from './cloud-writer';
import { importCatalogue, ImportFileError } from './importer';
import { RejectedReport, reportPathFor } from './report';
import { StoreWriter, type CatalogueWriter } from './writer';

const USAGE = '用法：npm run import -- 文件.csv|文件.xlsx [--create-categories] [--location 书屋] [--cloud]';

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      'create-categories': { type: 'boolean', default: false },
      location: { type: 'string' },
      cloud: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
    },
    allowPositionals: true,
  });
  const [input] = positionals;
  if (!input || positionals.length > 1) throw new ImportFileError(USAGE);
  const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), input);
  const size = statSync(file).size;

  const started = Date.now();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  let writer: CatalogueWriter;
  if (values.cloud) {
    writer = await openCloudWriter();
  } else {
    const dir = dataDir();
    mkdirSync(dir, { recursive: true });
    const storeWriter = new StoreWriter(await openStore(dir), dir);
    await storeWriter.prepare();
    writer = storeWriter;
  }

  const report = new RejectedReport(reportPathFor(file));
  const bar = new cliProgress.SingleBar(
    {
      format: '导入 [{bar}] {percentage}% | {rows} 行 | 拒绝 {rejected} 行 | {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  console.log(`导入 ${file} → ${writer.target}`);
  bar.start(size, 0, { rows: 0, rejected: 0 });
  try {
    const result = await importCatalogue(file, writer, {
      createCategories: values['create-categories'],
      ...(values.location ? { defaultLocation: values.location } : {}),
      ...(values['batch-size'] ? { batchSize: Number(values['batch-size']) } : {}),
      onHeadings: (headings) => report.setHeadings(headings),
      onRejected: (row) => report.add(row),
      onProgress: ({ bytes, rows }) => bar.update(bytes, { rows, rejected: report.count }),
    });
    bar.update(size, { rows: result.rows, rejected: result.rejected });
    bar.stop();
    await report.close();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);

    console.log(
      `\n共 ${result.rows} 行：新增图书 ${result.booksAdded} 种、复本 ${result.copiesAdded} 册；` +
        `已在馆未变 ${result.unchanged} 行；拒绝 ${result.rejected} 行。`,
    );
    if (result.categoriesAdded.length) console.log(`新建分类：${result.categoriesAdded.join('、')}`);
    if (result.ignoredColumns.length) console.log(`未识别、已忽略的列：${result.ignoredColumns.join('、')}`);
    if (result.rejected) {
      console.log('拒绝原因：');
      for (const [reason, count] of result.reasons.slice(0, 10)) console.log(`  ${count} 行  ${reason}`);
      console.log(`被拒绝的行及原因见 ${report.file}（修改后可再次导入，已导入的行不会重复）`);
    }
    console.log(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒，内存峰值 ${mib(peakRss)}（RSS）`);
  } finally {
    bar.stop();
    clearInterval(sampler);
    await writer.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ImportFileError ? error.message : error);
  process.exit(1);
});
