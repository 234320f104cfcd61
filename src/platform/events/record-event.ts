import { actorLabel, type Actor } from '../actor.js';
import type { Queryable } from '../db/client.js';
import { enqueueJob } from '../jobs/queue.js';
import { events } from './events.tables.js';
import { subscribersFor } from './subscriptions.js';

export interface EventInput {
  recordType: string;
  recordId: string;
  /** Past-tense verb, namespaced by record type: `user.created`, `group.rights_changed`. */
  action: string;
  changes?: Record<string, unknown>;
}

interface EventContext {
  actor: Actor;
  requestId?: string;
  clock: { now(): Date };
}

/**
 * Writes the event row for a change. Call it with the transaction that made the change, so
 * the change and its event commit or roll back together. Every subscriber gets a job in the
 * same transaction, which makes delivery durable.
 */
export async function recordEvent(tx: Queryable, context: EventContext, input: EventInput): Promise<number> {
  const { actor } = context;
  const [row] = await tx
    .insert(events)
    .values({
      occurredAt: context.clock.now(),
      actorType: actor.kind,
      actorId: actor.kind === 'user' ? actor.id : null,
      actorLabel: actorLabel(actor),
      recordType: input.recordType,
      recordId: input.recordId,
      action: input.action,
      changes: input.changes ?? {},
      requestId: context.requestId ?? null,
    })
    .returning({ id: events.id });
  const eventId = row!.id;
  for (const jobName of subscribersFor(input.action)) {
    await enqueueJob(tx, { name: jobName, payload: { eventId, action: input.action }, runAt: context.clock.now() });
  }
  return eventId;
}

/** Field-by-field difference between two versions of a record, for an event's `changes`. */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  hidden: readonly string[] = [],
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (hidden.includes(key)) continue;
    const from = before[key];
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
