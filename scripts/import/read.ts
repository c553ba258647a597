/**
 * Reading an import file as a stream of rows, never the whole file at once: `.csv` through csv-parse
 * (UTF-8 with or without BOM, or GB18030/GBK as Excel on Chinese Windows saves it), `.xlsx` through
 * exceljs's streaming WorkbookReader (the first worksheet). Both report how many bytes of the file they
 * have consumed, for the progress bar.
 */
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { TextDecoder } from 'node:util';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export interface RawRow {
  /** The row's number as a spreadsheet shows it (the header is row 1). */
  line: number;
  cells: string[];
}

export type ImportFormat = 'csv' | 'xlsx';

export function formatOf(file: string): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') return 'csv';
  if (ext === '.xlsx') return 'xlsx';
  throw new Error(
    `不支持的文件类型 ${ext || '（无扩展名）'}：请使用 .csv 或 .xlsx（.xls 请先在 Excel 中另存为 .xlsx）`,
  );
}

/** UTF-8 unless the first 64 KiB are not valid UTF-8, then GB18030 (a superset of GBK and GB2312). */
function detectEncoding(file: string): 'utf-8' | 'gb18030' {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    // Cut at most 3 bytes of a character split by the buffer's end.
    const sample = buffer.subarray(0, n);
    for (let cut = 0; cut <= Math.min(3, n); cut++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, n - cut));
        return 'utf-8';
      } catch {
        // try a shorter sample
      }
    }
    return 'gb18030';
  } finally {
    closeSync(fd);
  }
}

/** Decodes a byte stream in a legacy encoding to UTF-8 text, chunk by chunk. */
class Decode extends Transform {
  private readonly decoder: TextDecoder;
  constructor(encoding: string) {
    super();
    this.decoder = new TextDecoder(encoding);
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    done(null, this.decoder.decode(chunk, { stream: true }));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.decoder.decode());
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return String(value.getFullYear());
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return cellText(v.text);
    if (v.error !== undefined) return '';
  }
  return String(value);
}

async function* csvRows(file: string, onBytes: (bytes: number) => void): AsyncGenerator<RawRow> {
  const encoding = detectEncoding(file);
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes(bytes);
  });
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  const text = encoding === 'utf-8' ? input.pipe(parser) : input.pipe(new Decode(encoding)).pipe(parser);
  for await (const item of text as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: item.info.lines, cells: item.record };
  }
}

async function* xlsxRows(file: string, onBytes: (bytes: number) => void): AsyncGenerator<RawRow> {
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  input.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes(bytes);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache', // dates come back as dates (a year column formatted as a date)
    entries: 'ignore',
  });
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      const values = row.values as unknown[]; // 1-based and sparse
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (cells.every((c) => c.trim() === '')) continue;
      yield { line: row.number, cells };
    }
    break; // the first worksheet only
  }
}

/** The rows of the file (header first), with the bytes read so far reported as they grow. */
export function readRows(file: string, onBytes: (bytes: number) => void = () => {}): AsyncGenerator<RawRow> {
  return formatOf(file) === 'csv' ? csvRows(file, onBytes) : xlsxRows(file, onBytes);
}
