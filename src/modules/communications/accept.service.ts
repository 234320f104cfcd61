import { and, desc, eq, sql } from 'drizzle-orm';
import type { CustomerActor } from '../../platform/actor.js';
import { contextFor, type ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { events } from '../../platform/events/events.tables.js';
import { businessUnits } from '../access/access.tables.js';
import { ticketStatuses } from '../care/care-config.tables.js';
import { recordCustomerAcceptance } from '../care/index.js';
import { ticketMessages, tickets } from '../care/tickets.tables.js';
import { verifyAcceptToken } from './accept-link.js';
import { mailLinkSecret } from './ticket-mail.js';

/** The latest event that asked the customer to accept a solution on this ticket. */
export async function awaitingAcceptanceEventId(db: Queryable, ticketId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.recordType, 'ticket'), eq(events.recordId, ticketId), eq(events.action, 'ticket.status_changed'), sql`${events.changes}->>'acceptance' = 'awaiting'`))
    .orderBy(desc(events.id))
    .limit(1);
  return row?.id;
}

export type AcceptLinkView =
  | { state: 'ready'; ticket: { number: number; subject: string; status: string; department: string | null }; solution: string | null }
  | { state: 'accepted' | 'not_waiting' | 'superseded' | 'expired' | 'invalid'; ticketNumber?: number };

/**
 * What an accept link points at, for the confirmation page. Reads only: opening a link (or a
 * mail scanner prefetching it) never accepts anything.
 */
export async function describeAcceptLink(ctx: ServiceContext, token: string): Promise<AcceptLinkView> {
  const check = verifyAcceptToken(token, await mailLinkSecret(ctx.db, ctx.config), ctx.clock.now());
  if (!check.ok) return { state: check.reason === 'expired' ? 'expired' : 'invalid' };
  const { ticketNumber, eventId } = check.claims;
  const [ticket] = await ctx.db
    .select({ id: tickets.id, number: tickets.number, subject: tickets.subject, acceptance: tickets.acceptance, statusName: ticketStatuses.name, department: businessUnits.name })
    .from(tickets)
    .innerJoin(ticketStatuses, eq(ticketStatuses.id, tickets.statusId))
    .leftJoin(businessUnits, eq(businessUnits.id, tickets.departmentId))
    .where(eq(tickets.number, ticketNumber));
  if (!ticket) return { state: 'invalid' };
  if ((await awaitingAcceptanceEventId(ctx.db, ticket.id)) !== eventId) return { state: 'superseded', ticketNumber };
  if (ticket.acceptance === 'accepted') return { state: 'accepted', ticketNumber };
  if (ticket.acceptance !== 'awaiting') return { state: 'not_waiting', ticketNumber };
  const [solution] = await ctx.db
    .select({ body: ticketMessages.body })
    .from(ticketMessages)
    .where(and(eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.visibility, 'public'), eq(ticketMessages.authorType, 'staff')))
    .orderBy(desc(ticketMessages.seq))
    .limit(1);
  return { state: 'ready', ticket: { number: ticket.number, subject: ticket.subject, status: ticket.statusName, department: ticket.department }, solution: solution?.body ?? null };
}

/**
 * The confirmation from the page: records the acceptance as the ticket's customer, through the
 * same care path as the portal's Accept button, so the history and the conversation say the
 * customer accepted. The signed token is what proves it is them; no portal account is needed.
 */
export async function acceptThroughLink(ctx: ServiceContext, token: string, comment: string | undefined): Promise<AcceptLinkView> {
  const view = await describeAcceptLink(ctx, token);
  if (view.state !== 'ready') return view;
  const [row] = await ctx.db
    .select({ version: tickets.version, contactId: tickets.contactId, contactName: tickets.contactName, contactEmail: tickets.contactEmail })
    .from(tickets)
    .where(eq(tickets.number, view.ticket.number));
  // The link went to the ticket's customer; a ticket without one has nobody to accept for.
  if (!row?.contactId) return { state: 'not_waiting', ticketNumber: view.ticket.number };
  const email = row.contactEmail ?? '';
  const customer: CustomerActor = { kind: 'customer', accountId: null, contactId: row.contactId, email, name: row.contactName || email };
  try {
    await recordCustomerAcceptance(contextFor(ctx, customer, ctx.requestId), view.ticket.number, row.version, { accepted: true, comment: comment?.trim() || undefined });
  } catch (error) {
    // A double click or a staff change in between: show what the ticket is now.
    if (error instanceof AppError && (error.code === 'precondition_failed' || error.code === 'transition_not_allowed')) return describeAcceptLink(ctx, token).then((now) => (now.state === 'ready' ? { state: 'not_waiting', ticketNumber: view.ticket.number } : now));
    throw error;
  }
  return { state: 'accepted', ticketNumber: view.ticket.number };
}
