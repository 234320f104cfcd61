import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { queryRows } from '../db/client.js';
import { retryDelayMs } from './backoff.js';
import { jobs, type JobRow } from './jobs.tables.js';

export interface EnqueueInput {
  name: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  maxAttempts?: number;
  /** A second enqueue with the same key is ignored, so producers can be retried safely. */
  dedupeKey?: string;
}

/** Adds a job. Pass the transaction of the change that caused it, so both commit together. */
export async function enqueueJob(db: Queryable, input: EnqueueInput): Promise<void> {
  await db
    .insert(jobs)
    .values({
      name: input.name,
      payload: input.payload ?? {},
      runAt: input.runAt ?? new Date(),
      maxAttempts: input.maxAttempts ?? 8,
      dedupeKey: input.dedupeKey ?? null,
    })
    .onConflictDoNothing();
}

/**
 * Claims up to `limit` due jobs for one worker. SKIP LOCKED lets several nodes claim at once
 * without waiting for or taking each other's rows; a running job whose lease ran out (its
 * worker died) becomes claimable again, which is what makes delivery at-least-once.
 */
export async function claimJobs(
  db: Queryable,
  options: { workerId: string; now: Date; limit: number; leaseMs: number; names?: string[] },
): Promise<JobRow[]> {
  const leaseUntil = new Date(options.now.getTime() + options.leaseMs);
  const nameFilter = options.names?.length
    ? sql`AND name IN (${sql.join(options.names.map((n) => sql`${n}`), sql`, `)})`
    : sql``;
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${options.workerId},
          locked_until = ${leaseUntil.toISOString()}::timestamptz
        WHERE id IN (
          SELECT id FROM jobs
          WHERE ((status = 'pending' AND run_at <= ${options.now.toISOString()}::timestamptz)
             OR (status = 'running' AND locked_until < ${options.now.toISOString()}::timestamptz))
            ${nameFilter}
          ORDER BY run_at, id
          LIMIT ${options.limit}
          FOR UPDATE SKIP LOCKED)
        RETURNING id, name, payload, status, attempts, max_attempts, run_at, locked_by, locked_until,
                  last_error, dedupe_key, created_at, finished_at`,
  );
  return rows.map(toJobRow);
}

function toJobRow(row: Record<string, unknown>): JobRow {
  const date = (value: unknown) => (value == null ? null : new Date(value as string));
  return {
    id: Number(row.id),
    name: row.name as string,
    payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
    status: row.status as JobRow['status'],
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    runAt: date(row.run_at)!,
    lockedBy: (row.locked_by as string) ?? null,
    lockedUntil: date(row.locked_until),
    lastError: (row.last_error as string) ?? null,
    dedupeKey: (row.dedupe_key as string) ?? null,
    createdAt: date(row.created_at)!,
    finishedAt: date(row.finished_at),
  };
}

/** Marks a claimed job done, only if this worker still holds it. */
export async function completeJob(db: Queryable, job: JobRow, workerId: string, now: Date): Promise<void> {
  await db
    .update(jobs)
    .set({ status: 'done', finishedAt: now, lockedBy: null, lockedUntil: null, lastError: null })
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId), eq(jobs.status, 'running')));
}

/** Schedules a retry with backoff, or moves the job to the dead letter once its attempts are used up. */
export async function failJob(db: Queryable, job: JobRow, workerId: string, now: Date, error: unknown): Promise<'retry' | 'dead'> {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const dead = job.attempts >= job.maxAttempts;
  await db
    .update(jobs)
    .set(
      dead
        ? { status: 'dead', finishedAt: now, lockedBy: null, lockedUntil: null, lastError: message.slice(0, 4000) }
        : {
            status: 'pending',
            runAt: new Date(now.getTime() + retryDelayMs(job.attempts)),
            lockedBy: null,
            lockedUntil: null,
            lastError: message.slice(0, 4000),
          },
    )
    .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, workerId)));
  return dead ? 'dead' : 'retry';
}

/** Puts a dead job back in the queue (admin action from the dead-letter view). */
export async function retryDeadJob(db: Queryable, jobId: number, now: Date): Promise<boolean> {
  const updated = await db
    .update(jobs)
    .set({ status: 'pending', runAt: now, attempts: 0, finishedAt: null, lastError: null })
    .where(and(eq(jobs.id, jobId), eq(jobs.status, 'dead')))
    .returning({ id: jobs.id });
  return updated.length > 0;
}
