import { and, asc, desc, eq, gt, gte, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { decodeTypedCursor, encodeCursor } from '../../platform/http/pagination.js';
import { z } from 'zod';
import { keyDates } from './key-dates.js';
import { ticketColumns, ticketCounters, ticketMessages, tickets, type TicketMessageRow, type TicketRow } from './tickets.tables.js';
import type { ListTicketsQuery, Ticket } from './tickets.contract.js';
import { assertCanCare } from './care.policy.js';
import { priorityLevels } from './care-config.tables.js';
import { counterDepartmentKey } from './ticket-counters.js';
import { attachmentsOfMessages } from './ticket-attachments.js';
import type { AttachmentSummary } from '../../platform/attachments/index.js';

export function toTicket(row: TicketRow, now: Date): Ticket {
  const dates = keyDates(row, now);
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    typeId: row.typeId,
    statusId: row.statusId,
    state: row.state,
    categoryId: row.categoryId,
    impactId: row.impactId,
    urgencyId: row.urgencyId,
    priorityId: row.priorityId,
    departmentId: row.departmentId,
    assigneeId: row.assigneeId,
    contact: { contactId: row.contactId, name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
    channel: row.channel,
    openedBy: row.openedBy,
    openedByUserId: row.openedByUserId,
    createdFrom: row.createdFromType && row.createdFromId ? { type: row.createdFromType, id: row.createdFromId } : null,
    solutionCategoryId: row.solutionCategoryId,
    acceptance: row.acceptance,
    cancellationReasonId: row.cancellationReasonId,
    keyDates: {
      startedAt: dates.startedAt.toISOString(),
      expectedCompletionAt: dates.expectedCompletionAt?.toISOString() ?? null,
      completedAt: dates.completedAt?.toISOString() ?? null,
      timeToCompletionMs: dates.timeToCompletionMs,
      overdue: dates.overdue,
      overdueMs: dates.overdueMs,
    },
    lastActionBy: row.lastActionBy,
    lastActionAt: row.lastActionAt.toISOString(),
    waitingOnStaff: isWaitingOnStaff(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The customer spoke last on a ticket that is still open: 3dCart highlights these rows. */
export function isWaitingOnStaff(row: Pick<TicketRow, 'lastActionBy' | 'state'>): boolean {
  return row.lastActionBy === 'customer' && row.state !== 'completed' && row.state !== 'cancelled';
}

export async function findTicketRow(db: Queryable, number: number, forUpdate = false): Promise<TicketRow> {
  const query = db.select(ticketColumns).from(tickets).where(eq(tickets.number, number));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw AppError.notFound(`Ticket #${number}`);
  return row;
}

/**
 * Search input as a tsquery where every word may be a prefix ("prin" finds "printer"), so partial
 * input matches; anything that is not a letter or digit is dropped, which makes it safe to pass.
 */
export function searchTerms(input: string): string | undefined {
  const words = input.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8);
  return words.length ? words.map((word) => `${word}:*`).join(' & ') : undefined;
}

const rareMatchLimit = 1000;
// A term in at least 3 of the 250 newest tickets (about 1%) is common enough to walk them for a
// page. The sample is small because every search pays for it; a term it misses is counted.
const recentSample = 250;
const commonInSample = 3;
// A keyset timestamp as the driver returned it: ISO or PostgreSQL text, or 'infinity' for no due date.
const timestampCursor = z.string().regex(/^(infinity|\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?)$/);

/**
 * PostgreSQL cannot tell a rare prefix search from a common one, and picks one plan for both.
 * One probe tells them apart: a term found often among the newest tickets filters tickets walked
 * newest-first, stopping at one page; otherwise a capped count through the GIN index (evaluated
 * only then, and cheap for a rare term) decides, and a rare term's few ids are collected first and
 * looked up by key. Counting a common term through the GIN index would read its whole posting list.
 */
async function searchCondition(db: Queryable, prefixQuery: string): Promise<SQL> {
  const query = sql`to_tsquery('simple', ${prefixQuery})`;
  const matches = sql`${tickets.searchVector} @@ ${query}`;
  const [probe] = await queryRows<{ recent: number; total: number | null }>(
    db,
    sql`SELECT recent.n AS recent,
               CASE WHEN recent.n < ${commonInSample} THEN (SELECT count(*)::int FROM (SELECT 1 FROM ${tickets} WHERE ${matches} LIMIT ${rareMatchLimit}) AS probe) END AS total
        FROM (SELECT count(*)::int AS n
              FROM (SELECT ${tickets.searchVector} AS document FROM ${tickets} ORDER BY ${tickets.lastActionAt} DESC, ${tickets.id} DESC LIMIT ${recentSample}) AS newest
              WHERE newest.document @@ ${query}) AS recent`,
  );
  if (Number(probe?.recent) < commonInSample && Number(probe?.total) < rareMatchLimit) return sql`${tickets.id} = ANY(ARRAY(SELECT id FROM ${tickets} WHERE ${matches}))`;
  // Written so the GIN index cannot serve it: the planner then walks the sort index and filters,
  // stopping after one page, instead of fetching and sorting every matching ticket.
  return sql`coalesce(${tickets.searchVector}, ''::tsvector) @@ ${query}`;
}

/** The staff queue: filters, four sort orders and keyset pagination. */
export async function listTickets(ctx: ServiceContext, query: ListTicketsQuery) {
  assertCanCare(ctx.actor, 'ticket.read');
  const now = ctx.clock.now();
  const conditions: (SQL | undefined)[] = [];
  if (query.statusId) conditions.push(eq(tickets.statusId, query.statusId));
  if (query.state) conditions.push(eq(tickets.state, query.state));
  if (query.departmentId) conditions.push(eq(tickets.departmentId, query.departmentId));
  if (query.assignee === 'me') conditions.push(eq(tickets.assigneeId, ctx.actor.kind === 'user' ? ctx.actor.id : '00000000-0000-0000-0000-000000000000'));
  else if (query.assignee === 'unassigned') conditions.push(isNull(tickets.assigneeId));
  else if (query.assignee) conditions.push(eq(tickets.assigneeId, query.assignee));
  if (query.typeId) conditions.push(eq(tickets.typeId, query.typeId));
  if (query.priorityId) conditions.push(eq(tickets.priorityId, query.priorityId));
  if (query.categoryId) conditions.push(eq(tickets.categoryId, query.categoryId));
  if (query.contactId) conditions.push(eq(tickets.contactId, query.contactId));
  if (query.createdFrom) conditions.push(gte(tickets.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) conditions.push(lte(tickets.createdAt, new Date(query.createdTo)));
  if (query.overdue) {
    const overdue = sql`(${tickets.expectedCompletionAt} < coalesce(${tickets.completedAt}, ${now.toISOString()}::timestamptz))`;
    conditions.push(query.overdue === 'true' ? overdue : sql`NOT coalesce(${overdue}, false)`);
  }
  if (query.q) {
    const prefixQuery = searchTerms(query.q);
    conditions.push(
      or(
        prefixQuery ? await searchCondition(ctx.db, prefixQuery) : undefined,
        /^#?\d+$/.test(query.q) ? eq(tickets.number, Number(query.q.replace('#', ''))) : undefined,
      ) ?? sql`false`,
    );
  }

  // Each sort is a (value, id) keyset; NULL due dates sort last as "infinitely far".
  const sortValue = {
    last_action: sql<string>`${tickets.lastActionAt}`,
    created: sql<string>`${tickets.createdAt}`,
    priority: sql<number>`coalesce((SELECT rank FROM ${priorityLevels} p WHERE p.id = ${tickets.priorityId}), 2147483647)`,
    due: sql<string>`coalesce(${tickets.expectedCompletionAt}, 'infinity'::timestamptz)`,
  }[query.sort];
  const descending = query.sort === 'last_action' || query.sort === 'created';
  const after = decodeTypedCursor(query.cursor, query.sort === 'priority' ? z.number().int() : timestampCursor, z.uuid());
  if (after) {
    const value = query.sort === 'priority' ? sql`${Number(after.sort)}` : sql`${String(after.sort)}::timestamptz`;
    conditions.push(
      descending
        ? sql`(${sortValue}, ${tickets.id}) < (${value}, ${String(after.id)}::uuid)`
        : sql`(${sortValue}, ${tickets.id}) > (${value}, ${String(after.id)}::uuid)`,
    );
  }
  const rows = await ctx.db
    .select({ ticket: ticketColumns, sortValue })
    .from(tickets)
    .where(and(...conditions))
    .orderBy(descending ? desc(sortValue) : asc(sortValue), descending ? desc(tickets.id) : asc(tickets.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const cursorValue = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'number' ? value : String(value));
  return {
    items: items.map((row) => toTicket(row.ticket, now)),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: cursorValue(last.sortValue), id: last.ticket.id }) : null,
  };
}

/** Per-status counts for the queue tabs, from the counters kept with every write. */
export async function countTicketsByStatus(ctx: ServiceContext, query: { departmentId?: string }) {
  assertCanCare(ctx.actor, 'ticket.read');
  const rows = await ctx.db
    .select({
      statusId: ticketCounters.statusId,
      count: sql<number>`sum(${ticketCounters.count})::int`,
      waitingOnStaff: sql<number>`sum(${ticketCounters.waitingOnStaff})::int`,
    })
    .from(ticketCounters)
    .where(query.departmentId ? eq(ticketCounters.departmentKey, counterDepartmentKey(query.departmentId)) : undefined)
    .groupBy(ticketCounters.statusId);
  return { items: rows.map((row) => ({ statusId: row.statusId, count: Number(row.count), waitingOnStaff: Number(row.waitingOnStaff) })) };
}

export function toMessage(row: TicketMessageRow, attachments: AttachmentSummary[] = []) {
  return {
    id: row.id,
    visibility: row.visibility,
    authorType: row.authorType,
    authorUserId: row.authorUserId,
    authorName: row.authorName,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    attachments,
  };
}

export async function listTicketMessages(ctx: ServiceContext, number: number, query: { order: 'asc' | 'desc'; cursor?: string; limit: number }) {
  assertCanCare(ctx.actor, 'ticket.read');
  const ticket = await findTicketRow(ctx.db, number);
  const after = decodeTypedCursor(query.cursor, z.number().int(), z.uuid());
  const conditions: (SQL | undefined)[] = [eq(ticketMessages.ticketId, ticket.id)];
  // Messages of one ticket are ordered by their sequence number: the order they were written.
  if (after) conditions.push(query.order === 'asc' ? gt(ticketMessages.seq, Number(after.sort)) : lt(ticketMessages.seq, Number(after.sort)));
  const rows = await ctx.db
    .select()
    .from(ticketMessages)
    .where(and(...conditions))
    .orderBy(query.order === 'asc' ? asc(ticketMessages.seq) : desc(ticketMessages.seq))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items[items.length - 1];
  const attachments = await attachmentsOfMessages(ctx.db, items.map((row) => row.id));
  return { items: items.map((row) => toMessage(row, attachments.get(row.id))), nextCursor: rows.length > query.limit && last ? encodeCursor({ sort: last.seq, id: last.id }) : null };
}
