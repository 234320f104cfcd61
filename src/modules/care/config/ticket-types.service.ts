import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/context.js';
import { queryRows, type Queryable } from '../../../platform/db/client.js';
import { AppError, isForeignKeyViolation, isUniqueViolation } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/record-event.js';
import { staleVersionError } from '../../../platform/http/versioning.js';
import type { CreateTicketTypeInput, UpdateTicketTypeInput } from '../care-config.contract.js';
import {
  cancellationReasons,
  ticketCategories,
  ticketStatuses,
  ticketTypeCancellationReasons,
  ticketTypeCategories,
  ticketTypeCreatorUnits,
  ticketTypes,
  ticketTypeStatuses,
  ticketTypeTransitions,
  type TicketTypeRow,
} from '../care-config.tables.js';
import { businessUnits, users } from '../../access/access.tables.js';
import { assertCanCare } from '../care.policy.js';
import { ticketStates } from '../lifecycle.js';
import { forgetTicketTypeRules, loadTicketTypeRules } from '../ticket-type-rules.js';

/** What the ticket engine reads about types (cached a few seconds; configuration changes here clear it). */
import { tickets } from '../tickets.tables.js';

type TypeRules = Omit<CreateTicketTypeInput, 'name' | 'code' | 'isDefault' | 'description' | 'completeWithin' | 'recalculateOnRespond'>;

export async function getTicketType(ctx: ServiceContext, id: string) {
  assertCanCare(ctx.actor, 'config.read');
  const [row] = await ctx.db.select({ id: ticketTypes.id }).from(ticketTypes).where(eq(ticketTypes.id, id));
  if (!row) throw AppError.notFound('Ticket type');
  return describeType(ctx.db, id);
}

async function describeType(db: Queryable, id: string) {
  const rules = await loadTicketTypeRules(db, id, { fresh: true });
  const [reasons] = await Promise.all([db.select().from(ticketTypeCancellationReasons).where(eq(ticketTypeCancellationReasons.typeId, id))]);
  return {
    id: rules.type.id,
    name: rules.type.name,
    code: rules.type.code,
    isDefault: rules.type.isDefault,
    description: rules.type.description,
    completeWithin: rules.type.completeWithinAmount && rules.type.completeWithinUnit ? { amount: rules.type.completeWithinAmount, unit: rules.type.completeWithinUnit } : null,
    recalculateOnRespond: rules.type.recalculateOnRespond,
    statuses: rules.statuses.map((status) => ({ statusId: status.id, isDefault: status.isDefault })),
    transitions: rules.transitions.map((t) => ({ fromStatusId: t.fromStatusId, toStatusId: t.toStatusId, userIds: [...t.userIds], unitIds: [...t.unitIds] })),
    categories: rules.categories.map((category) => ({ categoryId: category.id, isDefault: category.isDefault })),
    cancellationReasons: reasons.map((reason) => ({ reasonId: reason.reasonId, isDefault: reason.isDefault })),
    creatorUnitIds: rules.creatorUnitIds,
    version: rules.type.version,
  };
}

export async function listTicketTypes(ctx: ServiceContext) {
  assertCanCare(ctx.actor, 'config.read');
  const rows = await ctx.db.select({ id: ticketTypes.id }).from(ticketTypes).orderBy(asc(ticketTypes.name));
  return { items: await Promise.all(rows.map((row) => describeType(ctx.db, row.id))) };
}

/**
 * Checks a type's statuses (one per state except temporarily_resolved; one default per state,
 * automatic when a state has a single status), transitions and categories.
 */
async function normaliseRules(db: Queryable, rules: TypeRules): Promise<TypeRules> {
  const categories = rules.categories.map((entry) => ({ ...entry }));
  const statusRows = await db.select().from(ticketStatuses).where(inArray(ticketStatuses.id, rules.statuses.map((s) => s.statusId)));
  if (statusRows.length !== new Set(rules.statuses.map((s) => s.statusId)).size) throw AppError.invalid('statuses', 'contains an unknown status');
  if (statusRows.length !== rules.statuses.length) throw AppError.invalid('statuses', 'lists a status twice');
  const statuses = rules.statuses.map((entry) => ({ ...entry, state: statusRows.find((row) => row.id === entry.statusId)!.state }));
  for (const state of ticketStates) {
    const inState = statuses.filter((s) => s.state === state);
    if (inState.length === 0 && state !== 'temporarily_resolved') throw AppError.invalid('statuses', `needs at least one ${state.replace(/_/g, ' ')} status`);
    if (inState.length === 1) inState[0]!.isDefault = true;
    if (inState.length > 1 && inState.filter((s) => s.isDefault).length !== 1) throw AppError.invalid('statuses', `mark exactly one default among the ${state.replace(/_/g, ' ')} statuses`);
  }
  const allowed = new Set(statuses.map((s) => s.statusId));
  for (const transition of rules.transitions) {
    if (!allowed.has(transition.fromStatusId) || !allowed.has(transition.toStatusId)) throw AppError.invalid('transitions', 'uses a status the type does not allow');
  }
  await assertExist(db, businessUnits, rules.creatorUnitIds, 'creatorUnitIds', 'business unit');
  await assertExist(db, businessUnits, rules.transitions.flatMap((t) => t.unitIds), 'transitions', 'business unit');
  await assertExist(db, users, rules.transitions.flatMap((t) => t.userIds), 'transitions', 'user');
  if (rules.categories.length) {
    const rows = await db.select().from(ticketCategories).where(inArray(ticketCategories.id, rules.categories.map((c) => c.categoryId)));
    if (rows.length !== new Set(rules.categories.map((c) => c.categoryId)).size) throw AppError.invalid('categories', 'contains an unknown category');
    if (rows.length !== rules.categories.length) throw AppError.invalid('categories', 'lists a category twice');
    for (const kind of new Set(rows.map((row) => row.kind))) {
      const ofKind = categories.filter((c) => rows.find((row) => row.id === c.categoryId)?.kind === kind);
      if (ofKind.length === 1) ofKind[0]!.isDefault = true;
      if (ofKind.filter((c) => c.isDefault).length > 1) throw AppError.invalid('categories', `mark only one default ${kind.replace(/_/g, ' ')} category`);
    }
  }
  if (rules.cancellationReasons.length) {
    const rows = await db.select({ id: cancellationReasons.id }).from(cancellationReasons).where(inArray(cancellationReasons.id, rules.cancellationReasons.map((r) => r.reasonId)));
    if (rows.length !== new Set(rules.cancellationReasons.map((r) => r.reasonId)).size) throw AppError.invalid('cancellationReasons', 'contains an unknown reason');
    if (rows.length !== rules.cancellationReasons.length) throw AppError.invalid('cancellationReasons', 'lists a reason twice');
    if (rules.cancellationReasons.filter((r) => r.isDefault).length > 1) throw AppError.invalid('cancellationReasons', 'mark only one default reason');
  }
  return { ...rules, categories, statuses: statuses.map(({ statusId, isDefault }) => ({ statusId, isDefault })) };
}

async function assertExist(db: Queryable, table: typeof users | typeof businessUnits, ids: string[], field: string, what: string) {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  const found = await db.select({ id: table.id }).from(table).where(inArray(table.id, wanted));
  const missing = wanted.filter((id) => !found.some((row) => row.id === id));
  if (missing.length) throw AppError.invalid(field, `unknown ${what} ${missing.join(', ')}`);
}

async function writeRules(tx: Queryable, typeId: string, rules: Partial<TypeRules>) {
  if (rules.statuses) {
    await tx.delete(ticketTypeStatuses).where(eq(ticketTypeStatuses.typeId, typeId));
    await tx.insert(ticketTypeStatuses).values(rules.statuses.map((s) => ({ typeId, ...s })));
  }
  if (rules.transitions) {
    await tx.delete(ticketTypeTransitions).where(eq(ticketTypeTransitions.typeId, typeId));
    if (rules.transitions.length) await tx.insert(ticketTypeTransitions).values(rules.transitions.map((t) => ({ typeId, ...t })));
  }
  if (rules.categories) {
    await tx.delete(ticketTypeCategories).where(eq(ticketTypeCategories.typeId, typeId));
    if (rules.categories.length) await tx.insert(ticketTypeCategories).values(rules.categories.map((c) => ({ typeId, ...c })));
  }
  if (rules.cancellationReasons) {
    await tx.delete(ticketTypeCancellationReasons).where(eq(ticketTypeCancellationReasons.typeId, typeId));
    if (rules.cancellationReasons.length) await tx.insert(ticketTypeCancellationReasons).values(rules.cancellationReasons.map((r) => ({ typeId, ...r })));
  }
  if (rules.creatorUnitIds) {
    await tx.delete(ticketTypeCreatorUnits).where(eq(ticketTypeCreatorUnits.typeId, typeId));
    if (rules.creatorUnitIds.length) await tx.insert(ticketTypeCreatorUnits).values([...new Set(rules.creatorUnitIds)].map((unitId) => ({ typeId, unitId })));
  }
}

/** A code from the name when none is given: "Warranty return" -> WARRANTY-RETURN, -2 if taken. */
async function uniqueCode(db: Queryable, name: string): Promise<string> {
  const base = name.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32) || 'TYPE';
  for (let suffix = 1; ; suffix += 1) {
    const code = suffix === 1 ? base : `${base}-${suffix}`;
    const [taken] = await db.select({ n: count() }).from(ticketTypes).where(sql`lower(${ticketTypes.code}) = ${code.toLowerCase()}`);
    if (Number(taken?.n) === 0) return code;
  }
}

const taken = (error: unknown) => {
  if (!isUniqueViolation(error)) return error;
  return AppError.conflict('A ticket type with this name or code already exists', String((error as { constraint?: string; cause?: { constraint?: string } }).cause?.constraint ?? '').includes('code') ? 'code' : 'name');
};

export async function createTicketType(ctx: ServiceContext, input: CreateTicketTypeInput) {
  assertCanCare(ctx.actor, 'config.manage');
  const rules = await normaliseRules(ctx.db, input);
  const code = input.code || (await uniqueCode(ctx.db, input.name));
  try {
    const id = await ctx.db.transaction(async (tx) => {
      if (input.isDefault) await tx.update(ticketTypes).set({ isDefault: false }).where(eq(ticketTypes.isDefault, true));
      const [row] = await tx
        .insert(ticketTypes)
        .values({ name: input.name, code, isDefault: input.isDefault, description: input.description, completeWithinAmount: input.completeWithin?.amount ?? null, completeWithinUnit: input.completeWithin?.unit ?? null, recalculateOnRespond: input.recalculateOnRespond })
        .returning();
      await writeRules(tx, row!.id, rules);
      await recordEvent(tx, ctx, { recordType: 'ticket_type', recordId: row!.id, action: 'ticket_type.created', changes: { ...input, code } });
      return row!.id;
    });
    forgetTicketTypeRules();
    return describeType(ctx.db, id);
  } catch (error) {
    throw taken(error);
  }
}

export async function updateTicketType(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateTicketTypeInput) {
  assertCanCare(ctx.actor, 'config.manage');
  const before = await getTicketType(ctx, id);
  const merged = await normaliseRules(ctx.db, {
    statuses: input.statuses ?? before.statuses,
    transitions: input.transitions ?? before.transitions,
    categories: input.categories ?? before.categories,
    cancellationReasons: input.cancellationReasons ?? before.cancellationReasons,
    creatorUnitIds: input.creatorUnitIds ?? before.creatorUnitIds,
  });
  const fields: Partial<TicketTypeRow> = {};
  if (input.name !== undefined) fields.name = input.name;
  if (input.code !== undefined) fields.code = input.code;
  if (input.isDefault !== undefined) fields.isDefault = input.isDefault;
  if (input.description !== undefined) fields.description = input.description;
  if (input.recalculateOnRespond !== undefined) fields.recalculateOnRespond = input.recalculateOnRespond;
  if (input.completeWithin !== undefined) Object.assign(fields, { completeWithinAmount: input.completeWithin?.amount ?? null, completeWithinUnit: input.completeWithin?.unit ?? null });
  try {
    await ctx.db.transaction(async (tx) => {
      if (input.isDefault) await tx.update(ticketTypes).set({ isDefault: false }).where(and(eq(ticketTypes.isDefault, true), ne(ticketTypes.id, id)));
      const [row] = await tx
        .update(ticketTypes)
        .set({ ...fields, updatedAt: ctx.clock.now(), version: sql`${ticketTypes.version} + 1` })
        .where(and(eq(ticketTypes.id, id), eq(ticketTypes.version, expectedVersion)))
        .returning({ id: ticketTypes.id });
      if (!row) throw staleVersionError('This ticket type');
      await writeRules(tx, id, { ...merged, statuses: input.statuses ? merged.statuses : undefined, transitions: input.transitions, categories: input.categories, cancellationReasons: input.cancellationReasons, creatorUnitIds: input.creatorUnitIds });
      await recordEvent(tx, ctx, { recordType: 'ticket_type', recordId: id, action: 'ticket_type.updated', changes: { ...input } });
    });
  } catch (error) {
    throw taken(error);
  }
  forgetTicketTypeRules();
  return describeType(ctx.db, id);
}

export async function deleteTicketType(ctx: ServiceContext, id: string) {
  assertCanCare(ctx.actor, 'config.manage');
  const before = await getTicketType(ctx, id);
  const refuse = () => AppError.conflict('Tickets of this type exist, so it cannot be deleted; stop using it for new tickets instead');
  const used = await queryRows(ctx.db, sql`SELECT 1 AS found FROM ${tickets} WHERE ${tickets.typeId} = ${id} LIMIT 1`);
  if (used.length) throw refuse();
  await ctx.db
    .transaction(async (tx) => {
      await tx.delete(ticketTypes).where(eq(ticketTypes.id, id));
      await recordEvent(tx, ctx, { recordType: 'ticket_type', recordId: id, action: 'ticket_type.deleted', changes: { name: before.name, code: before.code } });
    })
    .catch((error: unknown) => {
      throw isForeignKeyViolation(error) ? refuse() : error;
    });
  forgetTicketTypeRules();
}
