import type { JobRow } from './jobs.tables.js';
import type { Runtime } from '../context.js';

/**
 * A job handler. Delivery is at-least-once, so a handler must be idempotent: running it twice
 * for the same job must have the effect of running it once.
 */
export type JobHandler = (job: JobRow, runtime: Runtime) => Promise<void>;

const handlers = new Map<string, JobHandler>();

export function registerJobHandler(name: string, handler: JobHandler): void {
  handlers.set(name, handler);
}

export function jobHandler(name: string): JobHandler | undefined {
  return handlers.get(name);
}

export function registeredJobNames(): string[] {
  return [...handlers.keys()];
}
