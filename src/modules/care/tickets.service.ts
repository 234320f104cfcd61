import { and, count, eq, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { businessUnits, users } from '../access/access.tables.js';
import { contacts } from '../customers/customers.tables.js';
import { insertChannelContact } from '../customers/index.js';
import { assertCanCare } from './care.policy.js';
import { expectedCompletion } from './key-dates.js';
import { allowedNextStatuses, isTerminal } from './lifecycle.js';
import { attachToMessage, releaseTicketAttachments } from './ticket-attachments.js';
import { suggestAssignment } from './assignment-hooks.js';
import { feedbackForTicket, type TicketFeedback } from './ticket-feedback.service.js';
import { moveTicketCounters } from './ticket-counters.js';
import { mailNewTicketToCustomer } from './new-ticket-mail.js';
import { insertTicket, type NewTicketValues, type TicketContact } from './ticket-insert.js';
import { assertCategoryAllowed, defaultCategoryFor, defaultStatusFor, defaultTicketTypeId, loadTicketTypeRules, resolvePriority, type TicketTypeRules } from './ticket-type-rules.js';
import type { CreateTicketInput, UpdateTicketInput } from './tickets.contract.js';
import { findTicketRow, isWaitingOnStaff, toTicket } from './tickets.queries.js';
import { ticketColumns, ticketLinkedRecords, ticketLinks, ticketMessages, tickets, type TicketRow } from './tickets.tables.js';

function actorName(ctx: ServiceContext): string {
  return ctx.actor.kind === 'user' || ctx.actor.kind === 'system' || ctx.actor.kind === 'customer' ? ctx.actor.name : 'anonymous';
}

export function counterPosition(row: Pick<TicketRow, 'statusId' | 'departmentId' | 'lastActionBy' | 'state'>) {
  return { statusId: row.statusId, departmentId: row.departmentId, waitingOnStaff: isWaitingOnStaff(row) };
}

async function assertUserAssignable(db: Queryable, userId: string, field: string) {
  const [user] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, userId));
  if (!user || user.disabled) throw AppError.invalid(field, 'unknown or disabled user');
}

export async function assertDepartmentExists(db: Queryable, departmentId: string, field = 'departmentId') {
  const [unit] = await db.select({ id: businessUnits.id }).from(businessUnits).where(eq(businessUnits.id, departmentId));
  if (!unit) throw AppError.invalid(field, 'unknown department');
}

/** Minimal details of a contact that a new ticket creates, when nobody matches. */
type NewContact = Parameters<typeof insertChannelContact>[1];

/**
 * Who a new ticket is for before it is written: the given contact (read here, so an unknown id
 * is refused by name), else the owner of the email (any of a contact's addresses; the insert looks
 * it up itself, saving a round trip on every request), and the minimal contact to create, in the
 * ticket's transaction, when nobody owns the address or there is none.
 */
async function ticketContact(db: Queryable, input: CreateTicketInput['contact'], source: string): Promise<{ lookup: TicketContact | null; create: NewContact | null }> {
  if (input.contactId) {
    const [row] = await db.select().from(contacts).where(eq(contacts.id, input.contactId));
    if (!row) throw AppError.invalid('contact.contactId', 'unknown contact');
    return { lookup: { kind: 'known', contactId: row.id, name: input.name || `${row.firstName} ${row.lastName}`.trim(), email: input.email ?? row.email, phone: input.phone ?? row.phone }, create: null };
  }
  if (!input.name && !input.email) throw AppError.invalid('contact', 'give a contactId, or at least a name or an email');
  const [firstName, ...rest] = (input.name ?? input.email!.split('@')[0]!).split(/\s+/);
  const create = { firstName: firstName ?? '', lastName: rest.join(' '), email: input.email ?? null, phone: input.phone ?? null, source };
  return { lookup: input.email ? { kind: 'byEmail', email: input.email, name: input.name ?? null, phone: input.phone ?? null } : null, create };
}

export async function createTicket(ctx: ServiceContext, input: CreateTicketInput) {
  assertCanCare(ctx.actor, 'ticket.create');
  const { row, rules } = await openTicket(ctx, input);
  // A new ticket has no links, linked records or feedback yet, so the row just written is the whole answer.
  return ticketDetail(ctx, row, rules, [], 0, null);
}

/** Writes a new ticket and answers its row; callers have checked who may open it (staff or the portal). */
export async function openTicket(ctx: ServiceContext, input: CreateTicketInput): Promise<{ row: TicketRow; rules: TicketTypeRules }> {
  const rules = await loadTicketTypeRules(ctx.db, input.typeId ?? (await defaultTicketTypeId(ctx.db)));
  if (rules.creatorUnitIds.length && ctx.actor.kind === 'user' && !ctx.actor.unitIds.some((unit) => rules.creatorUnitIds.includes(unit))) {
    throw AppError.forbidden(`Only members of the allowed business units may create ${rules.type.name} tickets`);
  }
  const status = input.statusId ? rules.statuses.find((s) => s.id === input.statusId) : defaultStatusFor(rules, 'pending');
  if (!status) throw AppError.invalid('statusId', `not a status of type ${rules.type.name}`);
  if (status.state !== 'pending') throw AppError.invalid('statusId', 'a new ticket starts in a pending status');
  const category = input.categoryId ? await assertCategoryAllowed(ctx.db, rules, input.categoryId, 'request', 'categoryId') : defaultCategoryFor(rules, 'request');
  const priority = await resolvePriority(ctx.db, input.impactId, input.urgencyId);
  if (input.departmentId) await assertDepartmentExists(ctx.db, input.departmentId);
  if (input.assigneeId) await assertUserAssignable(ctx.db, input.assigneeId, 'assigneeId');

  const assignment = await suggestAssignment(
    ctx.db,
    { typeId: rules.type.id, categoryId: category?.id ?? null, channel: input.channel, departmentId: input.departmentId ?? null, subject: input.subject },
    { departmentId: input.departmentId, assigneeId: input.assigneeId },
  );
  const contact = await ticketContact(ctx.db, input.contact, input.channel);
  const now = ctx.clock.now();
  const lastActionBy = input.openedBy === 'customer' ? 'customer' : 'staff';
  const values: NewTicketValues = {
    typeId: rules.type.id,
    statusId: status.id,
    state: status.state,
    categoryId: category?.id ?? null,
    ...priority,
    departmentId: assignment.departmentId,
    assigneeId: assignment.assigneeId,
    subject: input.subject,
    channel: input.channel,
    openedBy: input.openedBy,
    openedByUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null,
    createdFromType: input.createdFrom?.type ?? null,
    createdFromId: input.createdFrom?.id ?? null,
    startedAt: now,
    expectedCompletionAt: expectedCompletion(now, rules.type.completeWithinAmount && rules.type.completeWithinUnit ? { amount: rules.type.completeWithinAmount, unit: rules.type.completeWithinUnit } : null),
    lastActionBy,
    lastActionAt: now,
    createdAt: now,
    updatedAt: now,
  };
  const position = counterPosition({ statusId: status.id, departmentId: assignment.departmentId, lastActionBy, state: status.state });
  const firstMessage = input.message?.body;
  // Writes with the lookup (or the given contact) unless it already found nobody; then creates the contact.
  const write = async (db: Queryable, lookup: TicketContact | null) => {
    let ticket = lookup ? await insertTicket(db, values, lookup, firstMessage, position, ctx) : undefined;
    if (!ticket) {
      const create = contact.create!;
      const contactId = (await insertChannelContact(db, create, ctx)).id;
      const known = { kind: 'known' as const, contactId, name: input.contact.name ?? input.contact.email!, email: create.email, phone: create.phone };
      ticket = (await insertTicket(db, values, known, firstMessage, position, ctx))!;
    }
    if (input.message) {
      const author = { authorType: input.openedBy === 'customer' ? ('customer' as const) : ('staff' as const), authorName: input.openedBy === 'customer' ? ticket.contactName : actorName(ctx) };
      await insertMessage(db, ctx, ticket, { ...input.message, ...author }, now, { alreadySearchable: true });
    }
    if (input.emailCustomer && ticket.contactEmail) {
      await mailNewTicketToCustomer(db, ctx, { ...ticket, contactEmail: ticket.contactEmail }, input.message?.visibility === 'public' ? input.message.body : undefined, now);
    }
    return ticket;
  };
  // Without a first message or a mail, the ticket, its counter and its event are one statement,
  // a transaction of its own. Only a new contact then needs a transaction, which does not
  // repeat the lookup that found nobody.
  const oneStatement = !input.message && !input.emailCustomer && contact.lookup !== null;
  const created =
    (oneStatement ? await insertTicket(ctx.db, values, contact.lookup!, undefined, position, ctx) : undefined) ??
    (await ctx.db.transaction((tx) => write(tx, oneStatement ? null : contact.lookup)));
  return { row: created, rules };
}

/**
 * Adds a message row, its attachments and its event, and moves "last action" to its author.
 * `options.attachmentField` names the ids in a 400: `message.attachmentIds` unless the body is the message;
 * `options.alreadySearchable` when the caller already put the body into the ticket's search document.
 */
export async function insertMessage(
  tx: Queryable,
  ctx: ServiceContext,
  ticket: TicketRow,
  message: { body: string; visibility: 'public' | 'internal'; authorType: 'customer' | 'staff' | 'system'; authorName: string; attachmentIds?: string[] },
  now: Date,
  options: { attachmentField?: string; alreadySearchable?: boolean } = {},
) {
  const [row] = await tx
    .insert(ticketMessages)
    .values({ ticketId: ticket.id, visibility: message.visibility, authorType: message.authorType, authorUserId: ctx.actor.kind === 'user' ? ctx.actor.id : null, authorName: message.authorName, body: message.body, createdAt: now })
    .returning();
  const attachments = await attachToMessage(tx, ctx, row!.id, message.attachmentIds ?? [], options.attachmentField ?? 'message.attachmentIds');
  // Messages join the ticket's search document as they arrive, notes included (staff search them too).
  if (!options.alreadySearchable) await tx.execute(sql`UPDATE tickets SET search_vector = search_vector || to_tsvector('simple', ${message.body}) WHERE id = ${ticket.id}`);
  await recordEvent(tx, ctx, {
    recordType: 'ticket',
    recordId: ticket.id,
    action: message.visibility === 'internal' ? 'ticket.note_added' : 'ticket.message_added',
    changes: { messageId: row!.id, authorType: message.authorType, visibility: message.visibility, ...(attachments.length > 0 ? { attachmentIds: attachments.map((a) => a.id) } : {}) },
  });
  return { ...row!, attachments };
}

export async function getTicket(ctx: ServiceContext, number: number) {
  assertCanCare(ctx.actor, 'ticket.read');
  // One round trip: the row, the numbers of its related tickets and how many linked records are open.
  // (The subqueries name the outer table: drizzle leaves a single table's columns unqualified.)
  const [found] = await ctx.db
    .select({
      ticket: ticketColumns,
      relatedNumbers: sql<number[] | null>`(SELECT json_agg(related.number) FROM ${ticketLinks} link JOIN ${tickets} related ON related.id = link.related_ticket_id WHERE link.ticket_id = ${tickets}.id)`,
      openItems: sql<number>`(SELECT count(*)::int FROM ${ticketLinkedRecords} record WHERE record.ticket_id = ${tickets}.id AND record.open)`,
    })
    .from(tickets)
    .where(eq(tickets.number, number));
  if (!found) throw AppError.notFound(`Ticket #${number}`);
  const rules = await loadTicketTypeRules(ctx.db, found.ticket.typeId);
  const feedback = found.ticket.state === 'completed' ? await feedbackForTicket(ctx.db, found.ticket.id) : null;
  return ticketDetail(ctx, found.ticket, rules, (found.relatedNumbers ?? []).map(Number), Number(found.openItems), feedback);
}

/** A ticket as its page shows it: the row, its related tickets and the statuses this actor may move it to. */
function ticketDetail(ctx: ServiceContext, row: TicketRow, rules: TicketTypeRules, relatedNumbers: number[], openItems: number, feedback: TicketFeedback | null) {
  const current = rules.statuses.find((status) => status.id === row.statusId) ?? { id: row.statusId, state: row.state };
  const allowedNextStatusIds =
    ctx.actor.kind === 'user'
      ? allowedNextStatuses(rules.transitions, current, rules.statuses, { state: row.state, assigneeId: row.assigneeId, acceptance: row.acceptance, openLinkedRecords: openItems }, { userId: ctx.actor.id, unitIds: ctx.actor.unitIds })
      : [];
  return { ...toTicket(row, ctx.clock.now()), relatedTicketNumbers: [...relatedNumbers].sort((a, b) => a - b), allowedNextStatusIds, feedback };
}

export async function openLinkedRecordCount(db: Queryable, ticketId: string): Promise<number> {
  const [row] = await db.select({ open: count() }).from(ticketLinkedRecords).where(and(eq(ticketLinkedRecords.ticketId, ticketId), eq(ticketLinkedRecords.open, true)));
  return Number(row?.open ?? 0);
}

export function assertEditable(row: TicketRow) {
  if (isTerminal(row.state)) throw new AppError('transition_not_allowed', `Ticket #${row.number} is ${row.state} and cannot be changed`, { allowedNextStatusIds: [] });
}

/** Writes a new version of a ticket if nobody changed it meanwhile. */
export async function saveTicket(tx: Queryable, row: TicketRow, expectedVersion: number, changes: Partial<TicketRow>): Promise<TicketRow> {
  const [updated] = await tx
    .update(tickets)
    .set({ ...changes, version: sql`${tickets.version} + 1` })
    .where(and(eq(tickets.id, row.id), eq(tickets.version, expectedVersion)))
    .returning(ticketColumns);
  if (!updated) throw staleVersionError(`Ticket #${row.number}`);
  await moveTicketCounters(tx, counterPosition(row), counterPosition(updated));
  return updated;
}

export async function updateTicket(ctx: ServiceContext, number: number, expectedVersion: number, input: UpdateTicketInput) {
  assertCanCare(ctx.actor, 'ticket.work');
  const row = await findTicketRow(ctx.db, number);
  assertEditable(row);
  const rules = await loadTicketTypeRules(ctx.db, row.typeId);
  const changes: Partial<TicketRow> = {};
  if (input.subject !== undefined) changes.subject = input.subject;
  if (input.contactName !== undefined) changes.contactName = input.contactName;
  if (input.contactPhone !== undefined) changes.contactPhone = input.contactPhone;
  if (input.categoryId !== undefined) changes.categoryId = input.categoryId === null ? null : (await assertCategoryAllowed(ctx.db, rules, input.categoryId, 'request', 'categoryId')).id;
  if (input.impactId !== undefined || input.urgencyId !== undefined) {
    Object.assign(changes, await resolvePriority(ctx.db, input.impactId ?? row.impactId ?? undefined, input.urgencyId ?? row.urgencyId ?? undefined));
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const updated = await saveTicket(tx, row, expectedVersion, { ...changes, updatedAt: now, lastActionBy: 'staff', lastActionAt: now });
    if (changes.subject !== undefined) {
      await tx.execute(sql`UPDATE tickets SET search_vector = to_tsvector('simple', subject)
        || coalesce((SELECT to_tsvector('simple', string_agg(body, ' ')) FROM ticket_messages WHERE ticket_id = ${row.id}), ''::tsvector) WHERE id = ${row.id}`);
    }
    await recordEvent(tx, ctx, { recordType: 'ticket', recordId: row.id, action: 'ticket.updated', changes: diffFields(row, updated, ['version', 'updatedAt', 'lastActionAt', 'lastActionBy']) });
  });
  return getTicket(ctx, number);
}

export async function addTicketMessage(ctx: ServiceContext, number: number, input: { body: string; visibility: 'public' | 'internal'; attachmentIds?: string[] }) {
  assertCanCare(ctx.actor, 'ticket.work');
  const row = await findTicketRow(ctx.db, number);
  assertEditable(row);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const locked = await findTicketRow(tx, number, true);
    const message = await insertMessage(tx, ctx, locked, { ...input, authorType: 'staff', authorName: actorName(ctx) }, now, { attachmentField: 'attachmentIds' });
    await saveTicket(tx, locked, locked.version, { lastActionBy: 'staff', lastActionAt: now, updatedAt: now });
    return message;
  });
}

/** Links two tickets of the same customer, both ways. */
export async function linkTickets(ctx: ServiceContext, number: number, relatedNumber: number) {
  assertCanCare(ctx.actor, 'ticket.work');
  if (number === relatedNumber) throw AppError.invalid('relatedNumber', 'a ticket cannot be related to itself');
  const row = await findTicketRow(ctx.db, number);
  const related = await findTicketRow(ctx.db, relatedNumber).catch(() => {
    throw AppError.invalid('relatedNumber', `there is no ticket #${relatedNumber}`);
  });
  if (!row.contactId || row.contactId !== related.contactId) throw new AppError('unprocessable', 'Only tickets of the same customer can be related', { errors: [{ field: 'relatedNumber', message: 'belongs to another customer' }] });
  await ctx.db.transaction(async (tx) => {
    await tx.insert(ticketLinks).values([{ ticketId: row.id, relatedTicketId: related.id }, { ticketId: related.id, relatedTicketId: row.id }]).onConflictDoNothing();
    await recordEvent(tx, ctx, { recordType: 'ticket', recordId: row.id, action: 'ticket.linked', changes: { relatedNumber } });
    await recordEvent(tx, ctx, { recordType: 'ticket', recordId: related.id, action: 'ticket.linked', changes: { relatedNumber: number } });
  });
  return getTicket(ctx, number);
}

/** Deletes a ticket only when nothing else refers to it; otherwise the answer says to cancel it. */
export async function deleteTicket(ctx: ServiceContext, number: number) {
  assertCanCare(ctx.actor, 'ticket.delete');
  const row = await findTicketRow(ctx.db, number);
  const [links] = await ctx.db.select({ n: count() }).from(ticketLinks).where(or(eq(ticketLinks.ticketId, row.id), eq(ticketLinks.relatedTicketId, row.id)));
  const [records] = await ctx.db.select({ n: count() }).from(ticketLinkedRecords).where(eq(ticketLinkedRecords.ticketId, row.id));
  if (Number(links?.n) > 0 || Number(records?.n) > 0) {
    throw AppError.conflict(`Ticket #${number} is referred to by other records; cancel it instead of deleting it`);
  }
  await ctx.db.transaction(async (tx) => {
    await releaseTicketAttachments(tx, ctx, row.id);
    await tx.delete(tickets).where(eq(tickets.id, row.id));
    await moveTicketCounters(tx, counterPosition(row), null);
    await recordEvent(tx, ctx, { recordType: 'ticket', recordId: row.id, action: 'ticket.deleted', changes: { number, subject: row.subject } });
  });
}
