/**
 * Imports of contacts, companies and accounts: upload, mapping with suggestions, a dry run,
 * and the commit, which runs as a durable job in batches that resume where a crash left them.
 */
import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import { contextFor, type Runtime, type ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { enqueueJob } from '../../platform/jobs/queue.js';
import { jobs } from '../../platform/jobs/jobs.tables.js';
import { activeFieldDefinitions } from './custom-fields.service.js';
import { assertCanCustomers } from './customers.policy.js';
import type { IdentifierKind } from './customers.tables.js';
import { writeBatch, type BatchRow } from './import-batches.js';
import { findExistingByKey, mayGiveKeysAway } from './import-keys.js';
import { countStoredRows, importStoreDir, readHeaders, readStoredRows, removeStoredUpload, storeUpload, UploadTooLargeError, type FileLayout } from './import-file.js';
import { ImportKeyRegistry } from './import-key-registry.js';
import { importTargets, mappingErrors, suggestMapping } from './import-mapping.js';
import { keysByKind, prepareRow, type ImportSettings } from './import-rows.js';
import { customerImportErrors, customerImports, type CustomerImportRow, type ImportKey, type ImportKind } from './import.tables.js';

export const importJob = 'customers.import';
const maxUploadBytes = 2 * 1024 ** 3;
export const defaultBatchSize = 1000;
const defaultWriters = 2;
const previewRows = 1000;

function layoutOf(row: CustomerImportRow): FileLayout {
  return { format: row.format, encoding: row.encoding, delimiter: row.delimiter };
}

function settingsOf(row: CustomerImportRow): ImportSettings {
  return { kind: row.kind, key: row.key, identifierKind: row.identifierKind as IdentifierKind | null, mapping: row.mapping };
}

function assertCanImport(ctx: ServiceContext, kind: ImportKind) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  if (kind === 'account') assertCanCustomers(ctx.actor, 'account.manage');
}

export function toImport(row: CustomerImportRow) {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    format: row.format,
    size: row.size,
    encoding: row.encoding,
    delimiter: row.delimiter,
    headers: row.headers,
    mapping: row.mapping,
    key: row.key,
    identifierKind: row.identifierKind,
    status: row.status,
    totalRows: row.totalRows,
    committedRows: row.committedRows,
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    errorCount: row.errorCount,
    failure: row.failure,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

async function findImport(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db.select().from(customerImports).where(eq(customerImports.id, id));
  if (!row) throw AppError.notFound('Import');
  return row;
}

/** Stores an uploaded file and answers the import with its columns and suggested mapping. */
export async function createImport(ctx: ServiceContext, input: { kind: ImportKind; fileName: string; key?: ImportKey; identifierKind?: IdentifierKind }, content: AsyncIterable<Uint8Array>) {
  assertCanImport(ctx, input.kind);
  const key = input.key ?? keysByKind[input.kind][0]!;
  if (!keysByKind[input.kind].includes(key)) throw AppError.invalid('key', `a ${input.kind} import matches on ${keysByKind[input.kind].join(', ')}`);
  if (key === 'identifier' && !input.identifierKind) throw AppError.invalid('identifierKind', 'is required with key=identifier');
  const storeDir = importStoreDir(ctx.config.DATA_DIR);
  let stored;
  try {
    stored = await storeUpload(storeDir, content, input.fileName, maxUploadBytes);
  } catch (error) {
    if (error instanceof UploadTooLargeError) throw new AppError('unprocessable', error.message);
    throw error;
  }
  let headers: string[];
  try {
    headers = await readHeaders(storeDir, stored.storageKey, stored.layout);
  } catch (error) {
    await removeStoredUpload(storeDir, stored.storageKey);
    throw AppError.invalid('file', `cannot be read as ${stored.layout.format.toUpperCase()}: ${(error as Error).message}`);
  }
  if (!headers.length) {
    await removeStoredUpload(storeDir, stored.storageKey);
    throw AppError.invalid('file', 'has no header row');
  }
  const definitions = await activeFieldDefinitions(ctx.db, input.kind);
  const [row] = await ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(customerImports)
      .values({
        kind: input.kind,
        fileName: input.fileName,
        format: stored.layout.format,
        storageKey: stored.storageKey,
        size: stored.size,
        encoding: stored.layout.encoding,
        delimiter: stored.layout.delimiter,
        headers,
        mapping: suggestMapping(input.kind, headers, definitions),
        key,
        identifierKind: input.identifierKind ?? null,
        createdById: ctx.actor.kind === 'user' ? ctx.actor.id : null,
        createdAt: ctx.clock.now(),
      })
      .returning();
    await recordEvent(tx, ctx, { recordType: 'customer_import', recordId: inserted[0]!.id, action: 'customer_import.created', changes: { kind: input.kind, fileName: input.fileName } });
    return inserted;
  });
  return { ...toImport(row!), targets: importTargets(input.kind, definitions) };
}

export async function getImport(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  const row = await findImport(ctx, id);
  return { ...toImport(row), targets: importTargets(row.kind, await activeFieldDefinitions(ctx.db, row.kind)) };
}

export async function listImports(ctx: ServiceContext, query: { limit: number; before?: string }) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  const rows = await ctx.db
    .select()
    .from(customerImports)
    .where(query.before ? lt(customerImports.createdAt, new Date(query.before)) : undefined)
    .orderBy(desc(customerImports.createdAt), desc(customerImports.id))
    .limit(query.limit);
  return { items: rows.map(toImport) };
}

/** Changes the mapping or key of an import not yet committed. */
export async function updateImportMapping(ctx: ServiceContext, id: string, input: { mapping?: (string | null)[]; key?: ImportKey; identifierKind?: IdentifierKind | null }) {
  const row = await findImport(ctx, id);
  assertCanImport(ctx, row.kind);
  if (row.status !== 'mapping') throw AppError.conflict('The import is already committed');
  const key = input.key ?? row.key;
  if (!keysByKind[row.kind].includes(key)) throw AppError.invalid('key', `a ${row.kind} import matches on ${keysByKind[row.kind].join(', ')}`);
  const identifierKind = input.identifierKind === undefined ? row.identifierKind : input.identifierKind;
  if (key === 'identifier' && !identifierKind) throw AppError.invalid('identifierKind', 'is required with key=identifier');
  const mapping = input.mapping ?? row.mapping;
  if (mapping.length !== row.headers.length) throw AppError.invalid('mapping', `give one entry per column (${row.headers.length})`);
  const problems = mappingErrors(row.kind, mapping, await activeFieldDefinitions(ctx.db, row.kind));
  if (problems.length) throw AppError.invalid('mapping', problems.join('; '));
  await ctx.db.update(customerImports).set({ mapping, key, identifierKind }).where(eq(customerImports.id, id));
  return getImport(ctx, id);
}

/**
 * The file's rows prepared for writing, with in-file duplicates refused: the first row with a
 * key wins, a later one is an error naming it. Rows up to `skipRows` are read only for their keys.
 */
async function* preparedRows(ctx: ServiceContext, row: CustomerImportRow): AsyncGenerator<BatchRow> {
  const settings = settingsOf(row);
  const firstRowOfKey = new ImportKeyRegistry();
  const rows = readStoredRows(importStoreDir(ctx.config.DATA_DIR), row.storageKey, layoutOf(row));
  for await (const { rowNumber, values } of rows) {
    if (rowNumber === 1) continue;
    const prepared = prepareRow(settings, values);
    if ('error' in prepared) {
      yield { rowNumber, values, error: prepared.error };
      continue;
    }
    const first = firstRowOfKey.firstRowOrAdd(prepared.row.keyValue, rowNumber);
    if (first !== undefined) {
      yield { rowNumber, values, error: `${settings.key}: repeats row ${first} of this file` };
      continue;
    }
    yield { rowNumber, values, row: prepared.row };
  }
}

/** A dry run over the first rows: which would be created, updated or refused, and why. */
export async function previewImport(ctx: ServiceContext, id: string) {
  const row = await findImport(ctx, id);
  assertCanImport(ctx, row.kind);
  const settings = settingsOf(row);
  const sample: BatchRow[] = [];
  let more = false;
  for await (const entry of preparedRows(ctx, row)) {
    if (sample.length >= previewRows) {
      more = true;
      break;
    }
    sample.push(entry);
  }
  const existing = await findExistingByKey(ctx.db, settings, sample.flatMap((entry) => (entry.row ? [entry.row.keyValue] : [])));
  const outcome = sample.map((entry) => {
    const cells = row.headers.map((_header, index) => entry.values[index] ?? '');
    if (!entry.row) return { rowNumber: entry.rowNumber, action: 'error' as const, message: entry.error!, values: cells };
    const match = existing.get(entry.row.keyValue);
    if (match?.problem) return { rowNumber: entry.rowNumber, action: 'error' as const, message: match.problem, values: cells };
    if (!match && settings.key === 'id') return { rowNumber: entry.rowNumber, action: 'error' as const, message: `id: no ${row.kind} has this id`, values: cells };
    return { rowNumber: entry.rowNumber, action: match ? ('update' as const) : ('create' as const), message: null, values: cells };
  });
  const count = (action: string) => outcome.filter((entry) => entry.action === action).length;
  return { rowsRead: sample.length, complete: !more, toCreate: count('create'), toUpdate: count('update'), inError: count('error'), rows: outcome.slice(0, 200) };
}

/** Queues the import to run; the answer is at once, the progress in getImport. */
export async function commitImport(ctx: ServiceContext, id: string) {
  const row = await findImport(ctx, id);
  assertCanImport(ctx, row.kind);
  if (row.status !== 'mapping') throw AppError.conflict('The import is already committed');
  const problems = mappingErrors(row.kind, row.mapping, await activeFieldDefinitions(ctx.db, row.kind));
  if (problems.length) throw AppError.invalid('mapping', problems.join('; '));
  await ctx.db.transaction(async (tx) => {
    await tx.update(customerImports).set({ status: 'queued' }).where(eq(customerImports.id, id));
    await enqueueJob(tx, { name: importJob, payload: { importId: id }, runAt: ctx.clock.now(), dedupeKey: `customer-import:${id}`, maxAttempts: 20 });
    await recordEvent(tx, ctx, { recordType: 'customer_import', recordId: id, action: 'customer_import.committed', changes: { key: row.key, mapping: row.mapping } });
  });
  return getImport(ctx, id);
}

/** The refused rows as CSV: the original columns, then the row number and the reason. */
export async function* importErrorReport(ctx: ServiceContext, id: string): AsyncGenerator<string[]> {
  const row = await findImport(ctx, id);
  assertCanImport(ctx, row.kind);
  yield [...row.headers, 'Row', 'Error'];
  let after = 0;
  for (;;) {
    const page = await ctx.db
      .select()
      .from(customerImportErrors)
      .where(and(eq(customerImportErrors.importId, id), sql`${customerImportErrors.rowNumber} > ${after}`))
      .orderBy(customerImportErrors.rowNumber)
      .limit(1000);
    for (const error of page) yield [...row.headers.map((_header, index) => error.values[index] ?? ''), String(error.rowNumber), error.message];
    if (page.length < 1000) return;
    after = page[page.length - 1]!.rowNumber;
  }
}

/** Test hook: fail inside the transaction of the given batch (1-based), as a crash before commit would. */
export const importFaults = { failInBatch: 0 };

export interface RunImportOptions {
  batchSize?: number;
  /** Batches written at once, each on its own connection (PostgreSQL; PGlite has one connection). */
  writers?: number;
  jobId?: number;
  /** Called after each committed batch (the CLI prints progress). */
  onProgress?: (row: { committedRows: number; totalRows: number | null; createdCount: number; updatedCount: number; errorCount: number }) => void;
}

/**
 * Runs an import from its last committed row. Each batch and the new resume point commit in one
 * transaction, so a crash anywhere loses at most the batches in flight, which the next run redoes.
 *
 * On PostgreSQL two batches are written at once, on two connections (the database's work per row
 * is most of an import's cost, and one connection uses one core). The resume point stays a single
 * row number: a batch commits only after the one before it, and fails when that one failed (see
 * BatchOrder in import-batches.ts for what each writes before and after that point).
 */
export async function runImport(runtime: Runtime, id: string, options: RunImportOptions = {}) {
  const ctx = contextFor(runtime, systemActor('import'));
  let row = await findImport(ctx, id);
  if (row.status === 'completed' || row.status === 'failed' || row.status === 'mapping') return row;
  const batchSize = options.batchSize ?? defaultBatchSize;
  const writers = ctx.driver === 'postgres' && row.kind === 'contact' ? Math.max(1, options.writers ?? defaultWriters) : 1;
  const settings = settingsOf(row);
  const definitions = await activeFieldDefinitions(ctx.db, row.kind);
  if (row.totalRows === null) {
    const count = await countStoredRows(importStoreDir(ctx.config.DATA_DIR), row.storageKey, layoutOf(row));
    [row] = await ctx.db.update(customerImports).set({ totalRows: count, status: 'running', startedAt: ctx.clock.now() }).where(eq(customerImports.id, id)).returning();
  } else if (row.status !== 'running') {
    [row] = await ctx.db.update(customerImports).set({ status: 'running' }).where(eq(customerImports.id, id)).returning();
  }
  let batchNumber = 0;
  let batch: BatchRow[] = [];
  /** The resume point the last batch started will leave, and that batch's commit. */
  let resumePoint = row!.committedRows;
  let lastCommit: Promise<void> = Promise.resolve();
  let previousGivesKeysAway = false;
  const inFlight: Promise<void>[] = [];
  const start = (lastRowNumber: number) => {
    batchNumber += 1;
    const number = batchNumber;
    const current = batch;
    batch = [];
    const from = resumePoint;
    const to = lastRowNumber - 1;
    resumePoint = to;
    const order = { before: lastCommit, recheckKeys: writers > 1 && previousGivesKeysAway };
    previousGivesKeysAway = mayGiveKeysAway(settings, current);
    const commit = ctx.db
      .transaction(async (tx) => {
        // A batch's commit need not wait for the disk: a crash losing it loses its resume point
        // with it (same transaction), and the next run writes it again. The completion commits as usual.
        if (ctx.driver === 'postgres') await tx.execute(sql`SET LOCAL synchronous_commit = off`);
        const outcome = await writeBatch(tx, ctx, settings, current, definitions, order);
        if (outcome.errors.length) {
          await tx
            .insert(customerImportErrors)
            .values(outcome.errors.map((error) => ({ importId: id, rowNumber: error.rowNumber, values: error.values, message: error.message.slice(0, 2000) })))
            .onConflictDoNothing();
        }
        const [progress] = await tx
          .update(customerImports)
          .set({
            committedRows: to,
            createdCount: sql`${customerImports.createdCount} + ${outcome.created}`,
            updatedCount: sql`${customerImports.updatedCount} + ${outcome.updated}`,
            errorCount: sql`${customerImports.errorCount} + ${outcome.errors.length}`,
          })
          .where(and(eq(customerImports.id, id), eq(customerImports.committedRows, from)))
          .returning();
        // Another worker moved the resume point: this run's batch is theirs, so roll it back.
        if (!progress) throw new Error(`import ${id} moved on elsewhere`);
        // A long import keeps its job leased while it makes progress.
        if (options.jobId) await tx.update(jobs).set({ lockedUntil: new Date(ctx.clock.now().getTime() + 5 * 60_000) }).where(eq(jobs.id, options.jobId));
        if (importFaults.failInBatch === number) throw new Error(`injected failure in batch ${number}`);
        return progress;
      })
      .then((progress) => options.onProgress?.(progress));
    // Awaited in order below; this only keeps a failure from counting as unhandled meanwhile.
    commit.catch(() => undefined);
    lastCommit = commit;
    inFlight.push(commit);
  };
  try {
    for await (const entry of preparedRows(ctx, row!)) {
      if (entry.rowNumber - 1 <= resumePoint) continue;
      batch.push(entry);
      if (batch.length < batchSize) continue;
      start(entry.rowNumber);
      // Reading and preparing the next batch goes on while the database writes this one.
      if (inFlight.length >= writers) await inFlight.shift();
    }
    if (batch.length) start(batch[batch.length - 1]!.rowNumber);
    while (inFlight.length) await inFlight.shift();
  } finally {
    // A failed batch fails those after it: let them all settle before the caller retries.
    await Promise.allSettled(inFlight);
  }
  const committed = resumePoint;
  const [finished] = await ctx.db.transaction(async (tx) => {
    const done = await tx.update(customerImports).set({ status: 'completed', totalRows: committed, finishedAt: ctx.clock.now() }).where(eq(customerImports.id, id)).returning();
    await recordEvent(tx, ctx, {
      recordType: 'customer_import',
      recordId: id,
      action: 'customer_import.completed',
      changes: { created: done[0]!.createdCount, updated: done[0]!.updatedCount, errors: done[0]!.errorCount },
    });
    return done;
  });
  await removeStoredUpload(importStoreDir(ctx.config.DATA_DIR), row!.storageKey);
  return finished!;
}

registerJobHandler(importJob, async (job, runtime) => {
  const importId = String(job.payload.importId);
  try {
    await runImport(runtime, importId, { jobId: job.id });
  } catch (error) {
    // The last attempt gives up: say so on the import, so the screen stops waiting.
    if (job.attempts >= job.maxAttempts) {
      await runtime.db
        .update(customerImports)
        .set({ status: 'failed', failure: (error as Error).message.slice(0, 2000), finishedAt: runtime.clock.now() })
        .where(or(eq(customerImports.id, importId)));
    }
    throw error;
  }
});
