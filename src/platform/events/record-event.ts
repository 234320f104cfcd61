import { actorLabel, type Actor } from '../actor.js';
import type { Queryable } from '../db/client.js';
import { SQL, sql } from 'drizzle-orm';
import { queryRows } from '../db/client.js';
import { jobs } from '../jobs/jobs.tables.js';
import { events } from './events.tables.js';
import { subscribersFor } from './subscriptions.js';
import { insertRecordset } from '../db/recordset-insert.js';

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
  const changes = input.changes instanceof SQL ? input.changes : sql`${JSON.stringify(input.changes ?? {})}::jsonb`;
  return eventStepsSql(eventStepValues(context, input.action), { ...input, changes });
}

/** What an event row says about who and when, apart from the record and the change. */
interface EventSlots {
  event_occurred_at: unknown;
  event_actor_type: unknown;
  event_actor_id: unknown;
  event_actor_label: unknown;
  event_request_id: unknown;
  event_job_names: unknown;
}

/** The values of eventSteps' slots for a change made now by the context's actor. */
export function eventStepValues(context: EventContext, action: string): EventSlots {
  const { actor } = context;
  return {
    event_occurred_at: context.clock.now().toISOString(),
    event_actor_type: actor.kind,
    event_actor_id: actor.kind === 'user' ? actor.id : null,
    event_actor_label: actorLabel(actor),
    event_request_id: context.requestId ?? null,
    event_job_names: `{${subscribersFor(action).map((name) => `"${name}"`).join(',')}}`,
  };
}

/**
 * eventSteps for a PreparedStatement: who and when are placeholders, filled at run time with
 * eventStepValues(context, action). `onlyIf` writes the event (and its jobs) only when that SQL
 * condition holds, for a statement whose change may find nothing to do.
 */
export function preparedEventSteps(input: { recordType: string; action: string; recordId: SQL; changes: SQL; onlyIf?: SQL }): SQL {
  const slots = Object.fromEntries(
    (['event_occurred_at', 'event_actor_type', 'event_actor_id', 'event_actor_label', 'event_request_id', 'event_job_names'] as const).map((name) => [name, sql.placeholder(name)]),
  ) as unknown as EventSlots;
  return eventStepsSql(slots, input);
}

function eventStepsSql(slots: EventSlots, input: { recordType: string; action: string; recordId: string | SQL; changes: SQL; onlyIf?: SQL }): SQL {
  const values = sql`${slots.event_occurred_at}::timestamptz, ${slots.event_actor_type}::text, ${slots.event_actor_id}::uuid, ${slots.event_actor_label}::text,
                     ${input.recordType}::text, ${input.recordId}::text, ${input.action}::text, ${input.changes}, ${slots.event_request_id}::text`;
  return sql`event AS (
          INSERT INTO ${events} (occurred_at, actor_type, actor_id, actor_label, record_type, record_id, action, changes, request_id)
          ${input.onlyIf ? sql`SELECT ${values} WHERE ${input.onlyIf}` : sql`VALUES (${values})`}
          RETURNING id),
        queued AS (
          INSERT INTO ${jobs} (name, payload, run_at)
          SELECT job_name, jsonb_build_object('eventId', event.id, 'action', ${input.action}::text), ${slots.event_occurred_at}::timestamptz
          FROM event, unnest(${slots.event_job_names}::text[]) AS job_name)`;
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

/**
 * Writes the events of many changes made in one transaction (a batch of an import), with their
 * subscribers' jobs, in two statements instead of one per change.
 */
export async function recordEvents(tx: Queryable, context: EventContext, inputs: EventInput[]): Promise<void> {
  if (!inputs.length) return;
  const { actor } = context;
  const now = context.clock.now();
  const rows = inputs.map((input) => ({
    occurred_at: now.toISOString(),
    actor_type: actor.kind,
    actor_id: actor.kind === 'user' ? actor.id : null,
    actor_label: actorLabel(actor),
    record_type: input.recordType,
    record_id: input.recordId,
    action: input.action,
    changes: input.changes ?? {},
    request_id: context.requestId ?? null,
  }));
  const columns = { occurred_at: 'timestamptz', actor_type: 'text', actor_id: 'uuid', actor_label: 'text', record_type: 'text', record_id: 'text', action: 'text', changes: 'jsonb', request_id: 'text' };
  // Ids are needed only for the jobs of subscribers.
  const subscribed = inputs.some((input) => subscribersFor(input.action).length > 0);
  const written = (await insertRecordset<{ id: number; action: string }>(tx, 'events', columns, rows, subscribed ? ['id', 'action'] : undefined)).map((row) => ({ id: Number(row.id), action: row.action }));
  const queued = written.flatMap((event) => subscribersFor(event.action).map((name) => ({ name, payload: { eventId: event.id, action: event.action }, runAt: now })));
  if (queued.length) await tx.insert(jobs).values(queued);
}
