import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One row per state change, written in the same transaction as the change itself. */
export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorType: text('actor_type').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label'),
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    requestId: text('request_id'),
  },
  (table) => [
    index('events_record_idx').on(table.recordType, table.recordId, table.id),
    // A customer's timeline reads each record's events newest first by when they happened.
    index('events_record_time_idx').on(table.recordType, table.recordId, table.occurredAt, table.id),
    index('events_actor_idx').on(table.actorId, table.id),
    index('events_action_idx').on(table.action, table.id),
    index('events_occurred_idx').on(table.occurredAt),
  ],
);

export type EventRow = typeof events.$inferSelect;
