/**
 * The report of rejected rows: a CSV next to the input (`<name>.rejected.csv`, UTF-8 with BOM so Excel
 * opens the Chinese correctly) with the row number, the reasons and the row as it was, written as rows are
 * rejected (nothing held in memory). Fix the rows in it and import it again: it has the same columns.
 */
import { createWriteStream, rmSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { RejectedRow } from './importer';

export function reportPathFor(file: string): string {
  const ext = path.extname(file);
  return path.join(path.dirname(file), `${path.basename(file, ext)}.rejected.csv`);
}

/** One CSV field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export class RejectedReport {
  private out: WriteStream | undefined;
  private headings: string[] = [];
  count = 0;

  constructor(readonly file: string) {
    rmSync(file, { force: true }); // a report of an earlier import would mislead
  }

  setHeadings(headings: string[]): void {
    this.headings = headings;
  }

  add(row: RejectedRow): void {
    if (!this.out) {
      this.out = createWriteStream(this.file);
      this.out.write('\uFEFF' + ['行号', '原因', ...this.headings].map(csvField).join(',') + '\r\n');
    }
    this.count += 1;
    this.out.write([String(row.line), row.reasons.join('；'), ...row.cells].map(csvField).join(',') + '\r\n');
  }

  close(): Promise<void> {
    const out = this.out;
    if (!out) return Promise.resolve();
    return new Promise((resolve, reject) => {
      out.on('error', reject);
      out.end(resolve);
    });
  }
}
