import { and, asc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { systemActor } from '../actor.js';
import type { Runtime } from '../context.js';
import { recordEvent } from '../events/record-event.js';
import { registerJobHandler } from '../jobs/handlers.js';
import { enqueueJob } from '../jobs/queue.js';
import { attachmentStore, lockContent, unattachedLifetimeMs } from './attachments.service.js';
import { attachments } from './attachments.tables.js';
import { LocalBlobStore } from './blob-store.js';

export const attachmentCleanupJob = 'attachments.cleanup';
const everyMs = 60 * 60 * 1000;
const batchSize = 500;
const cleaner = systemActor('attachments');

/** Removes stored content when no attachment row has its hash any more, under the hash's lock. */
async function removeContentIfUnused(runtime: Runtime, sha256: string): Promise<boolean> {
  return runtime.db.transaction(async (tx) => {
    await lockContent(tx, sha256);
    const [used] = await tx.select({ id: attachments.id }).from(attachments).where(eq(attachments.sha256, sha256)).limit(1);
    if (used) return false;
    await attachmentStore(runtime.config).remove(sha256);
    return true;
  });
}

/**
 * Deletes uploads whose wait to be attached ran out (never attached, or released when their
 * record was deleted), with an `attachment.expired` event each, then their content where no
 * other attachment has the same bytes.
 */
export async function deleteExpiredAttachments(runtime: Runtime): Promise<{ attachments: number; contents: number }> {
  const now = runtime.clock.now();
  let deletedRows = 0;
  let removedContents = 0;
  for (;;) {
    const deleted = await runtime.db.transaction(async (tx) => {
      // Uploads being attached right now are locked by their claim: skip them rather than wait.
      const due = tx
        .select({ id: attachments.id })
        .from(attachments)
        .where(and(isNotNull(attachments.expiresAt), lt(attachments.expiresAt, now)))
        .orderBy(asc(attachments.expiresAt))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const rows = await tx
        .delete(attachments)
        .where(and(inArray(attachments.id, due), lt(attachments.expiresAt, now)))
        .returning({ id: attachments.id, sha256: attachments.sha256, filename: attachments.filename, size: attachments.size });
      for (const row of rows) {
        await recordEvent(tx, { actor: cleaner, clock: runtime.clock }, { recordType: 'attachment', recordId: row.id, action: 'attachment.expired', changes: { filename: row.filename, size: row.size, sha256: row.sha256 } });
      }
      return rows;
    });
    deletedRows += deleted.length;
    for (const sha256 of new Set(deleted.map((row) => row.sha256))) if (await removeContentIfUnused(runtime, sha256)) removedContents += 1;
    if (deleted.length < batchSize) break;
  }
  return { attachments: deletedRows, contents: removedContents };
}

/**
 * Content files that no row names: left by a crash between storing the bytes and committing the
 * row, or by restoring an older backup over this directory. Only files older than a day are
 * touched, so an upload in flight is never one of them. One prefix folder per call keeps each
 * run short; the hourly job walks all 256 in about ten days.
 */
export async function sweepUnusedContent(runtime: Runtime, prefixes: readonly string[]): Promise<number> {
  const store = attachmentStore(runtime.config);
  const before = new Date(runtime.clock.now().getTime() - unattachedLifetimeMs);
  let removed = 0;
  for (const prefix of prefixes) {
    const old = (await store.list(prefix)).filter((file) => file.modifiedAt < before).map((file) => file.sha256);
    for (let start = 0; start < old.length; start += batchSize) {
      const batch = old.slice(start, start + batchSize);
      const used = new Set((await runtime.db.selectDistinct({ sha256: attachments.sha256 }).from(attachments).where(inArray(attachments.sha256, batch))).map((row) => row.sha256));
      for (const sha256 of batch) if (!used.has(sha256) && (await removeContentIfUnused(runtime, sha256))) removed += 1;
    }
  }
  await store.removeStaleTemporaryFiles(before);
  return removed;
}

function prefixForHour(now: Date): string {
  return LocalBlobStore.prefixes()[Math.floor(now.getTime() / everyMs) % 256]!;
}

/** Queues the next hourly cleanup; the dedupe key makes nodes starting together queue it once. */
export async function scheduleAttachmentCleanup(runtime: Runtime): Promise<void> {
  const next = new Date(Math.ceil((runtime.clock.now().getTime() + 1) / everyMs) * everyMs);
  await enqueueJob(runtime.db, { name: attachmentCleanupJob, runAt: next, dedupeKey: `${attachmentCleanupJob}:${next.toISOString()}` });
}

registerJobHandler(attachmentCleanupJob, async (_job, runtime) => {
  await deleteExpiredAttachments(runtime);
  await sweepUnusedContent(runtime, [prefixForHour(runtime.clock.now())]);
  await scheduleAttachmentCleanup(runtime);
});
