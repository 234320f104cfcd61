import { actorLabel, type Actor } from '../actor.js';
import type { Queryable } from '../db/client.js';
import { SQL, sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { jobs } from '../jobs/jobs.tables.js';
import { events } from './events.tables.js';
import { subscribersFor } from './subscriptions.js';

export interface EventInput {
  recordType: string;
  recordId: string;
  /** Past-tense verb, namespaced by record type: `user.created`, `group.rights_changed`. */
  action: string;
  changes?: Record<string, unknown>;
}

export interface EventContext {
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
  // One statement writes the event and its subscribers' jobs: every command pays for this, so
  // it is worth the round trips it saves.
  const [row] = await queryRows<{ id: number }>(tx, sql`WITH ${eventSteps(context, input)} SELECT id::bigint AS id FROM event`);
  return Number(row!.id);
}

/**
 * The event and its subscribers' jobs as two steps of a WITH clause, `event` and `queued`, for a
 * command that writes its change and its event in one statement (one statement is one
 * transaction). The record id and the changes may be SQL that reads an earlier step.
 */
export function eventSteps(context: EventContext, input: Omit<EventInput, 'recordId' | 'changes'> & { recordId: string | SQL; changes?: Record<string, unknown> | SQL }): SQL {
  const { actor } = context;
  const now = context.clock.now();
  const jobNames = subscribersFor(input.action);
  const changes = input.changes instanceof SQL ? input.changes : sql`${JSON.stringify(input.changes ?? {})}::jsonb`;
  return sql`event AS (
          INSERT INTO ${events} (occurred_at, actor_type, actor_id, actor_label, record_type, record_id, action, changes, request_id)
          VALUES (${now.toISOString()}::timestamptz, ${actor.kind}, ${actor.kind === 'user' ? actor.id : null}::uuid, ${actorLabel(actor)},
                  ${input.recordType}, ${input.recordId}, ${input.action}, ${changes}, ${context.requestId ?? null})
          RETURNING id),
        queued AS (
          INSERT INTO ${jobs} (name, payload, run_at)
          SELECT job_name, jsonb_build_object('eventId', event.id, 'action', ${input.action}::text), ${now.toISOString()}::timestamptz
          FROM event, unnest(${`{${jobNames.map((name) => `"${name}"`).join(',')}}`}::text[]) AS job_name)`;
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
