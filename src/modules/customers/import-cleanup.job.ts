/**
 * The hourly cleanup of import files. An upload waits for its mapping and commit; one never
 * committed would keep its file (up to 2 GB) for ever. After a week it expires: the import is
 * marked failed, with an event, and its file removed. Files no live import names (left by a
 * crash between storing the file and writing its row, or by an import that gave up) go after a day.
 */
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import type { Runtime } from '../../platform/context.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { enqueueJob } from '../../platform/jobs/queue.js';
import { importStoreDir, removeStoredUpload } from './import-file.js';
import { customerImports } from './import.tables.js';

export const importCleanupJob = 'customers.import-cleanup';
const everyMs = 60 * 60 * 1000;
/** How long an uploaded file waits for its commit. */
export const uncommittedImportLifetimeMs = 7 * 24 * 60 * 60 * 1000;
/** Files younger than this are never stray: their import row may be being written right now. */
const strayFileAgeMs = 24 * 60 * 60 * 1000;
const batchSize = 200;
const cleaner = systemActor('imports');

/** Marks imports left uncommitted too long as failed and removes their files; answers how many. */
async function expireUncommittedImports(runtime: Runtime): Promise<number> {
  const storeDir = importStoreDir(runtime.config.DATA_DIR);
  const now = runtime.clock.now();
  const before = new Date(now.getTime() - uncommittedImportLifetimeMs);
  let expired = 0;
  for (;;) {
    const rows = await runtime.db.transaction(async (tx) => {
      // An import being committed right now holds its row: skip it rather than wait.
      const due = tx
        .select({ id: customerImports.id })
        .from(customerImports)
        .where(and(eq(customerImports.status, 'mapping'), lt(customerImports.createdAt, before)))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const updated = await tx
        .update(customerImports)
        .set({ status: 'failed', failure: 'The import was not committed within 7 days; its file was removed', finishedAt: now })
        .where(and(inArray(customerImports.id, due), eq(customerImports.status, 'mapping')))
        .returning({ id: customerImports.id, storageKey: customerImports.storageKey, fileName: customerImports.fileName });
      for (const row of updated) {
        await recordEvent(tx, { actor: cleaner, clock: runtime.clock }, { recordType: 'customer_import', recordId: row.id, action: 'customer_import.expired', changes: { fileName: row.fileName } });
      }
      return updated;
    });
    // Removed after the commit: a rolled back expiry must not have lost the file.
    for (const row of rows) await removeStoredUpload(storeDir, row.storageKey);
    expired += rows.length;
    if (rows.length < batchSize) return expired;
  }
}

/** Removes files older than a day that no import waiting, queued or running names. */
async function removeStrayFiles(runtime: Runtime): Promise<number> {
  const storeDir = importStoreDir(runtime.config.DATA_DIR);
  const before = runtime.clock.now().getTime() - strayFileAgeMs;
  let names: string[];
  try {
    names = await fs.promises.readdir(storeDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const old: string[] = [];
  for (const name of names) {
    const stat = await fs.promises.stat(path.join(storeDir, name)).catch(() => undefined);
    if (stat?.isFile() && stat.mtimeMs < before) old.push(name);
  }
  let removed = 0;
  for (let start = 0; start < old.length; start += batchSize) {
    const batch = old.slice(start, start + batchSize);
    const live = await runtime.db
      .select({ storageKey: customerImports.storageKey })
      .from(customerImports)
      .where(and(inArray(customerImports.storageKey, batch), sql`${customerImports.status} IN ('mapping', 'queued', 'running')`));
    const kept = new Set(live.map((row) => row.storageKey));
    for (const name of batch) {
      if (kept.has(name)) continue;
      await removeStoredUpload(storeDir, name);
      removed += 1;
    }
  }
  return removed;
}

export async function cleanUpImportFiles(runtime: Runtime): Promise<{ expiredImports: number; removedFiles: number }> {
  const expiredImports = await expireUncommittedImports(runtime);
  const removedFiles = await removeStrayFiles(runtime);
  return { expiredImports, removedFiles };
}

/** Queues the next hourly cleanup; the dedupe key makes nodes starting together queue it once. */
export async function scheduleImportCleanup(runtime: Runtime): Promise<void> {
  const next = new Date(Math.ceil((runtime.clock.now().getTime() + 1) / everyMs) * everyMs);
  await enqueueJob(runtime.db, { name: importCleanupJob, runAt: next, dedupeKey: `${importCleanupJob}:${next.toISOString()}` });
}

registerJobHandler(importCleanupJob, async (_job, runtime) => {
  await cleanUpImportFiles(runtime);
  await scheduleImportCleanup(runtime);
});
