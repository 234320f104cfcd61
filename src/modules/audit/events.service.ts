import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { events, type EventRow } from '../../platform/events/events.tables.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import type { eventSchema, listEventsQuery } from './audit.contract.js';
import { canReadAuditLog, canReadHistory } from './audit.policy.js';

type Event = z.infer<typeof eventSchema>;

function toEvent(row: EventRow): Event {
  return { ...row, occurredAt: row.occurredAt.toISOString() };
}

function requireSignedIn(ctx: ServiceContext) {
  if (ctx.actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
}

async function pageOfEvents(ctx: ServiceContext, conditions: (SQL | undefined)[], cursor: string | undefined, limit: number) {
  const after = decodeTypedCursor(cursor, z.number().int(), z.number().int());
  if (after) conditions.push(lt(events.id, after.id));
  // Newest first by id: ids grow with commit order closely enough and are indexed per record.
  const rows = await ctx.db.select().from(events).where(and(...conditions)).orderBy(desc(events.id)).limit(limit + 1);
  const page = toPage(rows, limit, (row) => ({ sort: row.id, id: row.id }));
  return { items: page.items.map(toEvent), nextCursor: page.nextCursor };
}

/** The admin-wide audit log. */
export async function listEvents(ctx: ServiceContext, query: z.infer<typeof listEventsQuery>) {
  requireSignedIn(ctx);
  if (!canReadAuditLog(ctx.actor)) throw AppError.forbidden('Reading the audit log needs the audit.events.read right');
  if (query.from && query.to && new Date(query.from) > new Date(query.to)) throw AppError.invalid('query.from', 'must not be after query.to');
  const conditions: (SQL | undefined)[] = [];
  if (query.recordType) conditions.push(eq(events.recordType, query.recordType));
  if (query.recordId) conditions.push(eq(events.recordId, query.recordId));
  if (query.actorId) conditions.push(eq(events.actorId, query.actorId));
  if (query.action?.endsWith('.*')) {
    // Actions contain underscores (business_unit.created), which LIKE would read as wildcards.
    conditions.push(like(events.action, `${query.action.slice(0, -1).replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  } else if (query.action) conditions.push(eq(events.action, query.action));
  if (query.from) conditions.push(gte(events.occurredAt, new Date(query.from)));
  if (query.to) conditions.push(lte(events.occurredAt, new Date(query.to)));
  return pageOfEvents(ctx, conditions, query.cursor, query.limit);
}

/** One record's history ("View History"). */
export async function getRecordHistory(ctx: ServiceContext, recordType: string, recordId: string, query: { cursor?: string; limit: number }) {
  requireSignedIn(ctx);
  if (!canReadHistory(ctx.actor, recordType)) throw AppError.forbidden(`You may not read the history of ${recordType} records`);
  return pageOfEvents(ctx, [eq(events.recordType, recordType), eq(events.recordId, recordId)], query.cursor, query.limit);
}
