import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { openDatabase, queryRows } from '../db/client.js';
import { registerJobHandler } from './handlers.js';
import { jobs } from './jobs.tables.js';
import { claimJobs, enqueueJob } from './queue.js';
import { drainJobs, runDueJobs } from './worker.js';
import { retryDelayMs } from './backoff.js';

let test: TestApp;
let flakyCalls = 0;
beforeAll(async () => {
  test = await createTestApp();
  registerJobHandler('test.flaky', async () => {
    flakyCalls += 1;
    if (flakyCalls < 3) throw new Error(`flaky failure ${flakyCalls}`);
  });
  registerJobHandler('test.broken', async () => {
    throw new Error('always broken');
  });
});
afterAll(async () => {
  await test?.close();
});

async function job(id: number) {
  const [row] = await test.runtime.db.select().from(jobs).where(eq(jobs.id, id));
  return row!;
}

describe('retry delay', () => {
  it('grows exponentially from 5 s and is capped at an hour', () => {
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(2)).toBe(10_000);
    expect(retryDelayMs(4)).toBe(40_000);
    expect(retryDelayMs(30)).toBe(3_600_000);
  });
});

describe('the job queue', () => {
  it('retries a job after its handler fails, with backoff, until it succeeds', async () => {
    await enqueueJob(test.runtime.db, { name: 'test.flaky', runAt: test.clock.now(), dedupeKey: 'flaky-1' });
    const [{ id }] = await queryRows<{ id: number }>(test.runtime.db, sql`SELECT id FROM jobs WHERE dedupe_key = 'flaky-1'`);
    expect(await runDueJobs(test.runtime)).toBe(1);
    let row = await job(Number(id));
    expect(row.status).toBe('pending');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toContain('flaky failure 1');
    expect(row.runAt.getTime()).toBe(test.clock.now().getTime() + 5_000);
    // Not due yet: nothing runs until the backoff has passed.
    expect(await runDueJobs(test.runtime)).toBe(0);
    test.clock.advance(5_000);
    await runDueJobs(test.runtime);
    row = await job(Number(id));
    expect(row.attempts).toBe(2);
    expect(row.runAt.getTime()).toBe(test.clock.now().getTime() + 10_000);
    test.clock.advance(10_000);
    await runDueJobs(test.runtime);
    row = await job(Number(id));
    expect(row.status).toBe('done');
    expect(flakyCalls).toBe(3);
  });

  it('moves a job that keeps failing to the dead letter after its attempts', async () => {
    await enqueueJob(test.runtime.db, { name: 'test.broken', runAt: test.clock.now(), maxAttempts: 3, dedupeKey: 'broken-1' });
    for (let i = 0; i < 3; i += 1) {
      await runDueJobs(test.runtime);
      test.clock.advance(3_600_000);
    }
    const [row] = await test.runtime.db.select().from(jobs).where(eq(jobs.dedupeKey, 'broken-1'));
    expect(row!.status).toBe('dead');
    expect(row!.attempts).toBe(3);
    expect(row!.lastError).toContain('always broken');
  });

  it('ignores a second enqueue with the same dedupe key', async () => {
    await enqueueJob(test.runtime.db, { name: 'test.flaky', dedupeKey: 'same' });
    await enqueueJob(test.runtime.db, { name: 'test.flaky', dedupeKey: 'same' });
    const rows = await test.runtime.db.select().from(jobs).where(eq(jobs.dedupeKey, 'same'));
    expect(rows).toHaveLength(1);
  });

  it('re-delivers a job whose worker died mid-run once its lease has expired', async () => {
    registerJobHandler('test.lease', async () => undefined);
    await enqueueJob(test.runtime.db, { name: 'test.lease', runAt: test.clock.now(), dedupeKey: 'lease-1' });
    const claimed = await claimJobs(test.runtime.db, { workerId: 'crashed', now: test.clock.now(), limit: 10, leaseMs: 60_000, names: ['test.lease'] });
    expect(claimed).toHaveLength(1);
    // The crashed worker never completes it; before the lease ends nobody else may take it.
    expect(await claimJobs(test.runtime.db, { workerId: 'other', now: test.clock.now(), limit: 10, leaseMs: 60_000, names: ['test.lease'] })).toHaveLength(0);
    test.clock.advance(61_000);
    await drainJobs(test.runtime);
    const [row] = await test.runtime.db.select().from(jobs).where(eq(jobs.dedupeKey, 'lease-1'));
    expect(row!.status).toBe('done');
    expect(row!.attempts).toBe(2);
  });
});

describe('several nodes on one PostgreSQL', () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)('two workers claiming at the same time never run the same job twice', async () => {
    const total = 300;
    await test.runtime.db.execute(sql`CREATE TABLE IF NOT EXISTS test_job_runs (job_id bigint NOT NULL, worker text NOT NULL)`);
    await test.runtime.db.execute(sql`INSERT INTO jobs (name, payload, run_at) SELECT 'test.count', '{}'::jsonb, now() - interval '1 minute' FROM generate_series(1, ${total})`);
    const second = await openDatabase({ databaseUrl: test.handle.databaseUrl!, poolSize: 4 });
    try {
      const runWorker = async (workerId: string, db: typeof test.runtime.db) => {
        for (;;) {
          const claimed = await claimJobs(db, { workerId, now: new Date(), limit: 5, leaseMs: 600_000, names: ['test.count'] });
          if (claimed.length === 0) return;
          for (const row of claimed) {
            await db.execute(sql`INSERT INTO test_job_runs (job_id, worker) VALUES (${row.id}, ${workerId})`);
            await db.execute(sql`UPDATE jobs SET status = 'done' WHERE id = ${row.id}`);
          }
        }
      };
      await Promise.all([runWorker('node-a', test.runtime.db), runWorker('node-b', second.db), runWorker('node-a2', test.runtime.db), runWorker('node-b2', second.db)]);
      const [counts] = await queryRows<{ runs: number; distinct_jobs: number; workers: number }>(
        test.runtime.db,
        sql`SELECT count(*)::int AS runs, count(DISTINCT job_id)::int AS distinct_jobs, count(DISTINCT worker)::int AS workers FROM test_job_runs`,
      );
      expect(counts!.runs).toBe(total);
      expect(counts!.distinct_jobs).toBe(total);
      // Both nodes took part, so the run really was concurrent.
      expect(counts!.workers).toBeGreaterThan(1);
    } finally {
      await second.close();
    }
  });
});
