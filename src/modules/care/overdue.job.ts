import { and, isNull, lt, notInArray } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import type { Runtime } from '../../platform/context.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { enqueueJob } from '../../platform/jobs/queue.js';
import { tickets } from './tickets.tables.js';

export const flagOverdueJob = 'care.flag-overdue';
const everyMs = 60_000;

/**
 * Flags open tickets that went past their expected completion, once each, with a
 * `ticket.overdue` event that notifications and automation can react to.
 */
export async function flagOverdueTickets(runtime: Runtime): Promise<number> {
  const now = runtime.clock.now();
  return runtime.db.transaction(async (tx) => {
    const crossed = await tx
      .update(tickets)
      .set({ overdueFlaggedAt: now })
      .where(and(lt(tickets.expectedCompletionAt, now), isNull(tickets.overdueFlaggedAt), notInArray(tickets.state, ['completed', 'cancelled'])))
      .returning({ id: tickets.id, number: tickets.number, expectedCompletionAt: tickets.expectedCompletionAt });
    for (const ticket of crossed) {
      await recordEvent(tx, { actor: systemActor('sla'), clock: runtime.clock }, {
        recordType: 'ticket',
        recordId: ticket.id,
        action: 'ticket.overdue',
        changes: { number: ticket.number, expectedCompletionAt: ticket.expectedCompletionAt?.toISOString() ?? null },
      });
    }
    return crossed.length;
  });
}

/** Queues the next sweep; the dedupe key makes nodes starting together queue it once per minute. */
export async function scheduleOverdueSweep(runtime: Runtime): Promise<void> {
  const next = new Date(Math.ceil((runtime.clock.now().getTime() + 1) / everyMs) * everyMs);
  await enqueueJob(runtime.db, { name: flagOverdueJob, runAt: next, dedupeKey: `${flagOverdueJob}:${next.toISOString()}` });
}

registerJobHandler(flagOverdueJob, async (_job, runtime) => {
  await flagOverdueTickets(runtime);
  await scheduleOverdueSweep(runtime);
});

