// The contact import benchmark: writes a CSV of N contacts, uploads it through createImport and
// runs the import job's body (counting pass plus batched commit), measuring rows per second and
// the peak RSS of the process, which hosts the whole server side of the import.
// `npm run bench -- --suite customers-import --rows 1000000 [--only postgres]`
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { parseConfig } from '../src/config.js';
import { systemActor } from '../src/platform/actor.js';
import { startModules } from '../src/platform/bootstrap.js';
import { contextFor } from '../src/platform/context.js';
import { queryRows, runMigrations } from '../src/platform/db/client.js';
import { createRuntime } from '../src/platform/runtime.js';
import { commitImport, createImport, runImport } from '../src/modules/customers/import.service.js';
import type { DriverTarget } from './foundation.js';
import { peakRss, round } from './measure.js';

export interface ImportBenchRow {
  driver: 'pglite' | 'postgres';
  rows: number;
  fileMb: number;
  uploadSeconds: number;
  importSeconds: number;
  rowsPerSecond: number;
  created: number;
  errors: number;
  peakRssMb: number;
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('Email,First name,Last name,Phone,Company,City,Postal code,Country\n');
  for (let index = 0; index < rows; index += 1) {
    const line = `bench${index}@import.test,First${index},"Last, ${index}",+44 20 7946 ${String(index % 10000).padStart(4, '0')},Company ${index % 5000},London,SW1A ${index % 10}AA,GB\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export interface ImportBenchOptions {
  /** Rows per batch and batches in flight; the import's defaults when left out. */
  batchSize?: number;
  writers?: number;
}

export async function benchCustomersImport(target: DriverTarget, rows: number, log: (line: string) => void, options: ImportBenchOptions = {}): Promise<ImportBenchRow> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-import-bench-'));
  const file = path.join(dataDir, 'contacts.csv');
  await writeCsv(file, rows);
  const fileMb = round(fs.statSync(file).size / 1024 ** 2);
  log(`${target.driver}: ${rows} rows, ${fileMb} MB CSV`);
  const handle = await target.open();
  try {
    await runMigrations(handle);
    const config = parseConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATA_DIR: dataDir });
    const runtime = createRuntime(config, handle, { logger: pino({ level: 'silent' }) });
    await startModules(runtime);
    const ctx = contextFor(runtime, systemActor('bench'));
    const { result, peakRssMb } = await peakRss(async () => {
      const uploadStarted = performance.now();
      const created = await createImport(ctx, { kind: 'contact', fileName: 'contacts.csv', key: 'email' }, fs.createReadStream(file));
      await commitImport(ctx, created.id);
      const importStarted = performance.now();
      let lastLog = 0;
      const finished = await runImport(runtime, created.id, {
        batchSize: options.batchSize,
        writers: options.writers,
        onProgress: (progress) => {
          if (performance.now() - lastLog < 5000) return;
          lastLog = performance.now();
          log(`  ${progress.committedRows}/${progress.totalRows} rows, rss ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MB`);
        },
      });
      return { finished, uploadSeconds: (importStarted - uploadStarted) / 1000, importSeconds: (performance.now() - importStarted) / 1000 };
    });
    const [count] = await queryRows<{ count: number }>(handle.db, sql`SELECT count(*)::int AS count FROM contacts WHERE source = 'import'`);
    if (Number(count!.count) !== result.finished.createdCount) throw new Error(`expected ${result.finished.createdCount} contacts, found ${count!.count}`);
    return {
      driver: target.driver,
      rows,
      fileMb,
      uploadSeconds: round(result.uploadSeconds),
      importSeconds: round(result.importSeconds),
      rowsPerSecond: Math.round(rows / result.importSeconds),
      created: result.finished.createdCount,
      errors: result.finished.errorCount,
      peakRssMb: Math.round(peakRssMb),
    };
  } finally {
    await handle.close();
    await target.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
