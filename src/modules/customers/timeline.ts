import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { assertCanCustomers } from './customers.policy.js';
import { findContactRow } from './contacts.service.js';
import { timestampText } from './list-query.js';
import { timelineKinds, type TimelineQuery } from './timeline.contract.js';

/**
 * The customer timeline: one feed of the events about a contact, newest first. Each module
 * contributes streams (events of some record type and actions, for records tied to the contact),
 * so this module knows tickets, orders or activities only through what they register.
 */

export type TimelineKind = (typeof timelineKinds)[number];

export interface TimelineStream {
  kind: TimelineKind;
  recordType: string;
  /** A subquery of the record ids (as text, like events.record_id) that belong to the contact. */
  recordIds: SQL;
  actions: string[];
}

export interface TimelineEvent {
  id: number;
  occurredAt: Date;
  actorLabel: string | null;
  recordType: string;
  recordId: string;
  action: string;
  changes: Record<string, unknown>;
}

export interface TimelineDescription {
  title: string;
  summary: string | null;
  /** Where the record opens in the staff app. */
  path: string | null;
}

export interface TimelineSource {
  canRead(actor: Actor): boolean;
  streams(contactId: string): TimelineStream[];
  /** Titles for this source's events (it may load its records once for the page). */
  describe(db: Queryable, events: TimelineEvent[]): Promise<Map<number, TimelineDescription>>;
}

const sources: TimelineSource[] = [];

export function registerTimelineSource(source: TimelineSource): void {
  sources.push(source);
}

export async function getCustomerTimeline(ctx: ServiceContext, contactId: string, query: TimelineQuery) {
  assertCanCustomers(ctx.actor, 'customer.read');
  await findContactRow(ctx.db, contactId);
  const after = decodeTypedCursor(query.cursor, timestampText, z.number().int());
  const readable = sources.filter((source) => source.canRead(ctx.actor));
  const streams = readable.flatMap((source) => source.streams(contactId).map((stream) => ({ source, stream }))).filter(({ stream }) => !query.kind.length || query.kind.includes(stream.kind));
  if (!streams.length) return { items: [], nextCursor: null };

  const limit = query.limit + 1;
  const keyset = after ? sql`AND (occurred_at, id) < (${after.sort}::timestamptz, ${after.id}::bigint)` : sql``;
  // Each stream is read newest-first through events_record_time_idx and cut at one page.
  const arms = streams.map(
    ({ stream }, index) =>
      sql`(SELECT id, occurred_at, occurred_at::text AS occurred_text, actor_label, record_type, record_id, action, changes, ${index}::int AS stream
           FROM events
           WHERE record_type = ${stream.recordType} AND record_id IN (${stream.recordIds})
             AND action IN (${sql.join(stream.actions.map((action) => sql`${action}`), sql`, `)}) ${keyset}
           ORDER BY occurred_at DESC, id DESC LIMIT ${limit})`,
  );
  const rows = await queryRows<{ id: number | string; occurred_at: string | Date; occurred_text: string; actor_label: string | null; record_type: string; record_id: string; action: string; changes: Record<string, unknown>; stream: number }>(
    ctx.db,
    sql`SELECT * FROM (${sql.join(arms, sql` UNION ALL `)}) AS feed ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`,
  );
  const page = toPage(rows, query.limit, (row) => ({ sort: row.occurred_text, id: Number(row.id) }));
  const events = page.items.map((row) => ({
    event: { id: Number(row.id), occurredAt: new Date(row.occurred_at), actorLabel: row.actor_label, recordType: row.record_type, recordId: row.record_id, action: row.action, changes: row.changes ?? {} },
    ...streams[row.stream]!,
  }));
  const descriptions = new Map<number, TimelineDescription>();
  for (const source of new Set(events.map((entry) => entry.source))) {
    for (const [id, description] of await source.describe(ctx.db, events.filter((entry) => entry.source === source).map((entry) => entry.event))) descriptions.set(id, description);
  }
  return {
    items: events.map(({ event, stream }) => {
      const description = descriptions.get(event.id) ?? { title: event.action, summary: null, path: null };
      return { id: event.id, kind: stream.kind, action: event.action, occurredAt: event.occurredAt.toISOString(), actor: event.actorLabel, recordType: event.recordType, recordId: event.recordId, ...description };
    }),
    nextCursor: page.nextCursor,
  };
}
