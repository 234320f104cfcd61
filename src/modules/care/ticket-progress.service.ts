import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { users } from '../access/access.tables.js';
import { cancellationReasons } from './care-config.tables.js';
import { assertCanCare } from './care.policy.js';
import { expectedCompletion } from './key-dates.js';
import { acceptanceAfter, actionForStates, allowedNextStatuses, checkAction, transitionAllowed, type TicketAction } from './lifecycle.js';
import { assertCategoryAllowed, defaultCategoryFor, defaultStatusFor, loadTicketTypeRules, type TicketTypeRules } from './ticket-type-rules.js';
import type { TransitionTicketInput } from './tickets.contract.js';
import { customerTicketRow } from './customer-tickets.service.js';
import { findTicketRow } from './tickets.queries.js';
import { assertDepartmentExists, assertEditable, getTicket, insertMessage, openLinkedRecordCount, saveTicket } from './tickets.service.js';
import type { TicketRow } from './tickets.tables.js';

const solutionKind: Partial<Record<TicketAction, 'response' | 'temporary_resolution' | 'final_resolution'>> = {
  respond: 'response',
  resolve_temporarily: 'temporary_resolution',
  resolve_finally: 'final_resolution',
};

function staffActor(ctx: ServiceContext) {
  if (ctx.actor.kind !== 'user') throw new AppError('forbidden', 'Only staff users work on tickets');
  return ctx.actor;
}

function notAllowed(message: string, allowedNextStatusIds: string[]): AppError {
  return new AppError('transition_not_allowed', message, { allowedNextStatusIds });
}

function completionTarget(rules: TicketTypeRules) {
  const { completeWithinAmount: amount, completeWithinUnit: unit } = rules.type;
  return amount && unit ? { amount, unit } : null;
}

/**
 * Moves a ticket to another status: the one engine step behind "Add response", resolve,
 * complete and cancel. Optionally adds a message in the same transaction.
 */
export async function transitionTicket(ctx: ServiceContext, number: number, expectedVersion: number, input: TransitionTicketInput) {
  assertCanCare(ctx.actor, 'ticket.work');
  const actor = staffActor(ctx);
  const row = await findTicketRow(ctx.db, number);
  const rules = await loadTicketTypeRules(ctx.db, row.typeId);
  const facts = { state: row.state, assigneeId: row.assigneeId, acceptance: row.acceptance, openLinkedRecords: await openLinkedRecordCount(ctx.db, row.id) };
  const from = rules.statuses.find((status) => status.id === row.statusId) ?? { id: row.statusId, state: row.state };
  const allowed = () => allowedNextStatuses(rules.transitions, from, rules.statuses, facts, { userId: actor.id, unitIds: actor.unitIds });
  const to = rules.statuses.find((status) => status.id === input.statusId);
  if (!to) throw notAllowed(`That status is not used by ${rules.type.name} tickets`, allowed());
  if (!transitionAllowed(rules.transitions, row.statusId, to.id, { userId: actor.id, unitIds: actor.unitIds })) {
    throw AppError.forbidden(`The ${rules.type.name} rules do not let you move a ticket from this status to ${to.name}`);
  }
  const action = actionForStates(row.state, to.state);
  if (!action) throw notAllowed(`A ${row.state.replace(/_/g, ' ')} ticket cannot go to ${to.name}`, allowed());
  if (action === 'cancel') {
    if (!input.cancellationReasonId) throw AppError.invalid('cancellationReasonId', 'cancelling needs a cancellation reason');
    if (rules.cancellationReasonIds && !rules.cancellationReasonIds.includes(input.cancellationReasonId)) throw AppError.invalid('cancellationReasonId', `not allowed for ${rules.type.name} tickets`);
    const [reason] = await ctx.db.select({ id: cancellationReasons.id }).from(cancellationReasons).where(eq(cancellationReasons.id, input.cancellationReasonId));
    if (!reason) throw AppError.invalid('cancellationReasonId', 'unknown cancellation reason');
  }
  const verdict = checkAction(facts, { action, cancellationReasonId: input.cancellationReasonId });
  if (!verdict.ok) throw notAllowed(verdict.violation.message, allowed());

  const kind = solutionKind[action];
  const solution = kind ? (input.solutionCategoryId ? await assertCategoryAllowed(ctx.db, rules, input.solutionCategoryId, kind, 'solutionCategoryId') : defaultCategoryFor(rules, kind)) : undefined;
  if (!kind && input.solutionCategoryId) throw AppError.invalid('solutionCategoryId', 'only a response or resolution takes a category');
  const now = ctx.clock.now();
  const changes: Partial<TicketRow> = {
    statusId: to.id,
    state: verdict.to,
    acceptance: acceptanceAfter(action, solution?.requiresAcceptance ?? false, row.acceptance),
    lastActionBy: 'staff',
    lastActionAt: now,
    updatedAt: now,
  };
  if (kind) changes.solutionCategoryId = solution?.id ?? null;
  if (action === 'cancel') changes.cancellationReasonId = input.cancellationReasonId!;
  if (verdict.to === 'completed') changes.completedAt = now;
  // "Recalculate key dates on responding": the SLA clock restarts at the first response.
  if (action === 'respond' && row.state === 'pending' && rules.type.recalculateOnRespond) changes.expectedCompletionAt = expectedCompletion(now, completionTarget(rules));

  await ctx.db.transaction(async (tx) => {
    const updated = await saveTicket(tx, row, expectedVersion, changes);
    if (input.message) await insertMessage(tx, ctx, updated, { ...input.message, authorType: 'staff', authorName: actor.name }, now);
    await recordEvent(tx, ctx, {
      recordType: 'ticket',
      recordId: row.id,
      action: 'ticket.status_changed',
      changes: {
        step: action,
        statusId: { from: row.statusId, to: to.id },
        state: { from: row.state, to: verdict.to },
        ...(kind ? { solutionCategoryId: solution?.id ?? null, acceptance: changes.acceptance } : {}),
        ...(action === 'cancel' ? { cancellationReasonId: input.cancellationReasonId } : {}),
      },
    });
  });
  return getTicket(ctx, number);
}

/** Assigns to a department (whose members then accept it) and/or to a user. */
export async function assignTicket(ctx: ServiceContext, number: number, expectedVersion: number, input: { departmentId?: string | null; assigneeId?: string | null }) {
  assertCanCare(ctx.actor, 'ticket.work');
  const row = await findTicketRow(ctx.db, number);
  assertEditable(row);
  if (input.departmentId) await assertDepartmentExists(ctx.db, input.departmentId);
  if (input.assigneeId) {
    const [user] = await ctx.db.select({ disabled: users.disabled }).from(users).where(eq(users.id, input.assigneeId));
    if (!user || user.disabled) throw AppError.invalid('assigneeId', 'unknown or disabled user');
  }
  const changes: Partial<TicketRow> = { updatedAt: ctx.clock.now() };
  if (input.departmentId !== undefined) changes.departmentId = input.departmentId;
  if (input.assigneeId !== undefined) changes.assigneeId = input.assigneeId;
  // Handing a ticket to a department alone leaves it for one of its members to accept.
  if (input.departmentId && input.departmentId !== row.departmentId && input.assigneeId === undefined) changes.assigneeId = null;
  await ctx.db.transaction(async (tx) => {
    const updated = await saveTicket(tx, row, expectedVersion, changes);
    await recordEvent(tx, ctx, {
      recordType: 'ticket',
      recordId: row.id,
      action: 'ticket.assigned',
      changes: { departmentId: { from: row.departmentId, to: updated.departmentId }, assigneeId: { from: row.assigneeId, to: updated.assigneeId } },
    });
  });
  return getTicket(ctx, number);
}

/** A member of the ticket's department takes it. */
export async function acceptTicket(ctx: ServiceContext, number: number) {
  assertCanCare(ctx.actor, 'ticket.work');
  const actor = staffActor(ctx);
  const row = await findTicketRow(ctx.db, number);
  assertEditable(row);
  if (!row.departmentId) throw new AppError('unprocessable', 'This ticket is not assigned to a department; assign it to a user instead');
  if (!actor.unitIds.includes(row.departmentId)) throw AppError.forbidden('Only members of the assigned department can accept this ticket');
  if (row.assigneeId) throw AppError.conflict('This ticket already has a user assigned');
  await ctx.db.transaction(async (tx) => {
    await saveTicket(tx, row, row.version, { assigneeId: actor.id, updatedAt: ctx.clock.now() });
    await recordEvent(tx, ctx, { recordType: 'ticket', recordId: row.id, action: 'ticket.accepted', changes: { assigneeId: actor.id, departmentId: row.departmentId } });
  });
  return getTicket(ctx, number);
}

/**
 * Staff record the customer's answer to a response or resolution that needed acceptance. A
 * rejection sends the ticket back to responded, asking for another solution.
 */
export async function recordTicketAcceptance(ctx: ServiceContext, number: number, expectedVersion: number, input: { accepted: boolean; comment?: string }) {
  assertCanCare(ctx.actor, 'ticket.work');
  await applyTicketAcceptance(ctx, await findTicketRow(ctx.db, number), expectedVersion, input, 'staff');
  return getTicket(ctx, number);
}

/**
 * The customer answers for themselves (in the portal), on their own tickets only: the event
 * says `recordedBy: 'customer'` and their comment joins the public conversation.
 */
export async function recordCustomerAcceptance(ctx: ServiceContext, number: number, expectedVersion: number, input: { accepted: boolean; comment?: string }): Promise<void> {
  await applyTicketAcceptance(ctx, await customerTicketRow(ctx, number), expectedVersion, input, 'customer');
}

async function applyTicketAcceptance(ctx: ServiceContext, row: TicketRow, expectedVersion: number, input: { accepted: boolean; comment?: string }, recordedBy: 'staff' | 'customer') {
  assertEditable(row);
  if (row.acceptance !== 'awaiting') throw new AppError('transition_not_allowed', 'Nothing on this ticket is waiting for the customer to accept', { allowedNextStatusIds: [] });
  const rules = await loadTicketTypeRules(ctx.db, row.typeId);
  const now = ctx.clock.now();
  const changes: Partial<TicketRow> = { acceptance: input.accepted ? 'accepted' : 'rejected', lastActionAt: now, updatedAt: now, ...(recordedBy === 'customer' ? { lastActionBy: 'customer' as const } : {}) };
  if (!input.accepted && row.state !== 'responded') {
    const responded = defaultStatusFor(rules, 'responded');
    if (!responded) throw new AppError('unprocessable', `Type ${rules.type.name} has no responded status to return to`);
    Object.assign(changes, { statusId: responded.id, state: 'responded' });
  }
  await ctx.db.transaction(async (tx) => {
    const updated = await saveTicket(tx, row, expectedVersion, changes);
    if (input.comment && recordedBy === 'customer') {
      await insertMessage(tx, ctx, updated, { body: input.comment, visibility: 'public', authorType: 'customer', authorName: updated.contactName || (ctx.actor.kind === 'customer' ? ctx.actor.name : 'Customer') }, now);
    } else if (input.comment) {
      await insertMessage(tx, ctx, updated, { body: input.comment, visibility: 'internal', authorType: 'staff', authorName: `${ctx.actor.kind === 'user' ? ctx.actor.name : 'Staff'} (recording the customer's answer)` }, now);
    }
    await recordEvent(tx, ctx, {
      recordType: 'ticket',
      recordId: row.id,
      action: input.accepted ? 'ticket.solution_accepted' : 'ticket.solution_rejected',
      changes: { solutionCategoryId: row.solutionCategoryId, state: { from: row.state, to: updated.state }, recordedBy },
    });
  });
}
