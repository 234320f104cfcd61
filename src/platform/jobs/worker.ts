import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Runtime } from '../context.js';
import { claimJobs, completeJob, failJob } from './queue.js';
import { jobHandler } from './handlers.js';

export interface WorkerOptions {
  pollMs: number;
  concurrency: number;
  leaseMs?: number;
  workerId?: string;
}

/** Runs one batch of due jobs. Returns how many it ran; tests call this instead of waiting for the poller. */
export async function runDueJobs(runtime: Runtime, options: { workerId?: string; limit?: number; leaseMs?: number } = {}): Promise<number> {
  const workerId = options.workerId ?? `inline-${process.pid}`;
  const claimed = await claimJobs(runtime.db, {
    workerId,
    now: runtime.clock.now(),
    limit: options.limit ?? 10,
    leaseMs: options.leaseMs ?? 5 * 60_000,
  });
  for (const job of claimed) {
    const handler = jobHandler(job.name);
    try {
      if (!handler) throw new Error(`No handler is registered for job "${job.name}"`);
      await handler(job, runtime);
      await completeJob(runtime.db, job, workerId, runtime.clock.now());
    } catch (error) {
      const outcome = await failJob(runtime.db, job, workerId, runtime.clock.now(), error);
      runtime.logger.warn({ jobId: job.id, job: job.name, attempt: job.attempts, outcome, err: error }, 'job failed');
    }
  }
  return claimed.length;
}

/** Runs every due job until none is left (tests and the CLI). */
export async function drainJobs(runtime: Runtime, maxRounds = 100): Promise<number> {
  let total = 0;
  for (let round = 0; round < maxRounds; round += 1) {
    const ran = await runDueJobs(runtime);
    total += ran;
    if (ran === 0) break;
  }
  return total;
}

/** The background poller for `serve --role worker|all`. */
export class JobWorker {
  readonly workerId: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly runtime: Runtime,
    private readonly options: WorkerOptions,
  ) {
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, delay);
  }

  private async tick(): Promise<void> {
    let ran = 0;
    try {
      ran = await runDueJobs(this.runtime, {
        workerId: this.workerId,
        limit: this.options.concurrency,
        leaseMs: this.options.leaseMs,
      });
    } catch (error) {
      this.runtime.logger.error({ err: error }, 'job worker poll failed');
    }
    // A full batch means more may be waiting: poll again at once.
    this.schedule(ran >= this.options.concurrency ? 0 : this.options.pollMs);
  }
}
