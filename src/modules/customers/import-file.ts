/**
 * The uploaded file of an import: where it is kept, how its text is encoded and separated, and
 * its rows read one by one (the file is streamed, never loaded whole).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { sniffDelimiter } from './import-text.js';

export type FileEncoding = 'utf-8' | 'windows-1252';
export type FileFormat = 'csv' | 'xlsx';

export interface FileLayout {
  format: FileFormat;
  encoding: FileEncoding;
  delimiter: string;
}

/** Uploaded import files live on local disk, under DATA_DIR (on a shared disk for several nodes). */
export function importStoreDir(dataDir: string): string {
  return path.resolve(dataDir, 'imports');
}

export interface StoredUpload {
  storageKey: string;
  size: number;
  layout: FileLayout;
}

/** How many bytes of the start of a file the delimiter sniffing and header reading look at. */
const sampleBytes = 64 * 1024;

/**
 * Streams an upload to the store, deciding on the way whether it is an XLSX workbook (a ZIP),
 * valid UTF-8 or, failing that, Windows-1252, and which separator a CSV uses.
 */
export async function storeUpload(storeDir: string, content: AsyncIterable<Uint8Array>, fileName: string, maxBytes: number): Promise<StoredUpload> {
  await fs.promises.mkdir(storeDir, { recursive: true });
  const storageKey = `${randomUUID()}.upload`;
  const target = path.join(storeDir, storageKey);
  const file = await fs.promises.open(target, 'wx', 0o640);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = true;
  let size = 0;
  const sample: Buffer[] = [];
  let sampled = 0;
  try {
    for await (const chunk of content) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new UploadTooLargeError(maxBytes);
      if (sampled < sampleBytes) {
        sample.push(Buffer.from(chunk));
        sampled += chunk.byteLength;
      }
      if (validUtf8) {
        try {
          utf8.decode(chunk, { stream: true });
        } catch {
          validUtf8 = false;
        }
      }
      await file.write(chunk);
    }
    if (validUtf8) {
      try {
        utf8.decode();
      } catch {
        validUtf8 = false;
      }
    }
    await file.sync();
  } catch (error) {
    await file.close();
    await fs.promises.rm(target, { force: true });
    throw error;
  }
  await file.close();
  const head = Buffer.concat(sample).subarray(0, sampleBytes);
  const isZip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  if (isZip || /\.xlsx$/i.test(fileName)) return { storageKey, size, layout: { format: 'xlsx', encoding: 'utf-8', delimiter: ',' } };
  const encoding: FileEncoding = validUtf8 ? 'utf-8' : 'windows-1252';
  return { storageKey, size, layout: { format: 'csv', encoding, delimiter: sniffDelimiter(new TextDecoder(encoding).decode(head)) } };
}

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
  }
}

export function removeStoredUpload(storeDir: string, storageKey: string): Promise<void> {
  return fs.promises.rm(path.join(storeDir, path.basename(storageKey)), { force: true });
}

/** One record of the file; the header is row 1 and empty lines are not counted. */
export interface FileRow {
  rowNumber: number;
  values: string[];
}

/** Bytes to text, in the file's encoding; a UTF-8 byte order mark is dropped. */
function decoder(encoding: FileEncoding): Transform {
  const text = new TextDecoder(encoding);
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      done(null, text.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, text.decode());
    },
  });
}

async function* csvRows(filePath: string, layout: FileLayout): AsyncGenerator<FileRow> {
  const parser = fs
    .createReadStream(filePath, { highWaterMark: 256 * 1024 })
    .pipe(decoder(layout.encoding))
    .pipe(
      parse({
        delimiter: layout.delimiter,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        skip_records_with_empty_values: true,
      }),
    );
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    rowNumber += 1;
    yield { rowNumber, values: record };
  }
}

/** A cell as the text a user sees: dates as YYYY-MM-DD, formulas as their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

async function* xlsxRows(filePath: string): AsyncGenerator<FileRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  let rowNumber = 0;
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const cells = Array.isArray(row.values) ? row.values.slice(1) : [];
      const values = Array.from(cells, (cell) => cellText(cell ?? null).trim());
      if (values.every((value) => value === '')) continue;
      rowNumber += 1;
      yield { rowNumber, values };
    }
    // Only the first worksheet is imported.
    break;
  }
}

/** Every non-empty record of the stored file, header first. */
export function readStoredRows(storeDir: string, storageKey: string, layout: FileLayout): AsyncGenerator<FileRow> {
  const filePath = path.join(storeDir, path.basename(storageKey));
  return layout.format === 'xlsx' ? xlsxRows(filePath) : csvRows(filePath, layout);
}

/** The header row of a stored file. */
export async function readHeaders(storeDir: string, storageKey: string, layout: FileLayout): Promise<string[]> {
  const rows = readStoredRows(storeDir, storageKey, layout);
  try {
    const first = await rows.next();
    return first.done ? [] : first.value.values.map((header) => header.trim());
  } finally {
    await rows.return(undefined);
  }
}

/**
 * How many data rows (records after the header) a stored file has, for the progress bar. A CSV is
 * scanned byte by byte rather than parsed, which costs a small part of a parse: quotes, the
 * separator and line ends are ASCII in UTF-8 and Windows-1252 alike. It counts the records
 * csv-parse yields: a quoted newline stays inside its record, and a line of empty values is not
 * a record. (The count is final only when the import completes; this one is for the bar.)
 */
export async function countStoredRows(storeDir: string, storageKey: string, layout: FileLayout): Promise<number> {
  const filePath = path.join(storeDir, path.basename(storageKey));
  if (layout.format === 'xlsx') {
    let count = 0;
    for await (const entry of xlsxRows(filePath)) if (entry.rowNumber > 1) count += 1;
    return count;
  }
  const counter = new CsvRecordCounter(layout.delimiter.charCodeAt(0));
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: 1024 * 1024 })) counter.add(chunk as Buffer);
  return Math.max(0, counter.finish() - 1);
}

const quote = 0x22;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** Counts the non-empty records of CSV bytes fed in chunks (see countStoredRows). */
export class CsvRecordCounter {
  private records = 0;
  private inQuotes = false;
  /** Inside quotes, a quote was the chunk's last byte: a doubled quote or the closing one. */
  private quotePending = false;
  private fieldStart = true;
  private hasValue = false;
  private afterCarriageReturn = false;

  constructor(private readonly delimiter: number) {}

  add(bytes: Uint8Array): void {
    for (let index = 0; index < bytes.length; index += 1) {
      const byte = bytes[index]!;
      if (this.quotePending) {
        this.quotePending = false;
        if (byte === quote) {
          this.hasValue = true;
          continue;
        }
        this.inQuotes = false;
      }
      if (this.inQuotes) {
        if (byte === quote) this.quotePending = true;
        else this.hasValue = true;
        continue;
      }
      const endsLine = byte === lineFeed || byte === carriageReturn;
      if (endsLine) {
        // \r\n is one line end.
        if (!(byte === lineFeed && this.afterCarriageReturn)) this.endRecord();
        this.afterCarriageReturn = byte === carriageReturn;
        continue;
      }
      this.afterCarriageReturn = false;
      if (byte === this.delimiter) {
        this.fieldStart = true;
        continue;
      }
      if (byte === quote && this.fieldStart) this.inQuotes = true;
      // A UTF-8 byte order mark opens the file without being a value.
      else if (!(this.records === 0 && !this.hasValue && (byte === 0xef || byte === 0xbb || byte === 0xbf))) this.hasValue = true;
      this.fieldStart = false;
    }
  }

  /** The number of records, the header included. */
  finish(): number {
    this.quotePending = false;
    this.inQuotes = false;
    this.endRecord();
    return this.records;
  }

  private endRecord(): void {
    if (this.hasValue) this.records += 1;
    this.hasValue = false;
    this.fieldStart = true;
  }
}
