import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { ticketTypes } from '../care/care-config.tables.js';
import { communicationEvents } from './communication-rules.js';
import { assertCanCommunicate } from './communications.policy.js';
import type { CreateCommunicationRuleInput, UpdateCommunicationRuleInput } from './communications.contract.js';
import { communicationRules, type CommunicationRuleRow } from './communications.tables.js';
import { templateDefinitions } from './template-tags.js';

function toRule(row: CommunicationRuleRow) {
  return { ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

type RuleFields = Omit<CommunicationRuleRow, 'id' | 'version' | 'createdAt' | 'updatedAt'>;

/** A rule's fields must fit together; each problem names its field. */
async function assertRuleValid(db: Queryable, rule: RuleFields): Promise<void> {
  if (rule.recipient === 'fixed' && !rule.fixedAddress) throw AppError.invalid('fixedAddress', 'a rule that writes to a fixed address needs the address');
  if (rule.recipient !== 'fixed' && rule.fixedAddress) throw AppError.invalid('fixedAddress', 'only a rule with recipient "fixed" takes an address');
  if (rule.recipient === 'customer' && templateDefinitions[rule.templateKey].audience !== 'customer') {
    throw AppError.invalid('templateKey', `${templateDefinitions[rule.templateKey].name} is written for staff and is never sent to customers`);
  }
  if (rule.ticketTypeIds.length) {
    const known = await db.select({ id: ticketTypes.id }).from(ticketTypes).where(inArray(ticketTypes.id, rule.ticketTypeIds));
    const unknown = rule.ticketTypeIds.findIndex((id) => !known.some((type) => type.id === id));
    if (unknown >= 0) throw AppError.invalid(`ticketTypeIds.${unknown}`, 'unknown ticket type');
  }
}

async function findRule(db: Queryable, id: string): Promise<CommunicationRuleRow> {
  const [row] = await db.select().from(communicationRules).where(eq(communicationRules.id, id));
  if (!row) throw AppError.notFound('Communication rule');
  return row;
}

export async function listCommunicationRules(ctx: ServiceContext) {
  assertCanCommunicate(ctx.actor, 'settings.read');
  const rows = await ctx.db.select().from(communicationRules).orderBy(asc(communicationRules.createdAt), asc(communicationRules.id));
  // In the order a ticket lives through its events, then as created.
  const position = (row: CommunicationRuleRow) => communicationEvents.indexOf(row.event);
  return { items: rows.sort((a, b) => position(a) - position(b)).map(toRule) };
}

export async function createCommunicationRule(ctx: ServiceContext, input: CreateCommunicationRuleInput) {
  assertCanCommunicate(ctx.actor, 'settings.manage');
  const fields = { ...input, ticketTypeIds: [...new Set(input.ticketTypeIds)] };
  await assertRuleValid(ctx.db, fields);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(communicationRules).values({ ...fields, createdAt: now, updatedAt: now }).returning();
    await recordEvent(tx, ctx, { recordType: 'communication_rule', recordId: row!.id, action: 'communication_rule.created', changes: fields });
    return toRule(row!);
  });
}

export async function updateCommunicationRule(ctx: ServiceContext, id: string, expectedVersion: number, input: Omit<UpdateCommunicationRuleInput, 'version'>) {
  assertCanCommunicate(ctx.actor, 'settings.manage');
  const row = await findRule(ctx.db, id);
  const changes = { ...input, ...(input.ticketTypeIds ? { ticketTypeIds: [...new Set(input.ticketTypeIds)] } : {}) };
  // Switching away from a fixed address drops the address, so the rule stays consistent.
  if (changes.recipient && changes.recipient !== 'fixed' && changes.fixedAddress === undefined) changes.fixedAddress = null;
  const { id: _id, version: _version, createdAt: _createdAt, updatedAt: _updatedAt, ...current } = row;
  await assertRuleValid(ctx.db, { ...current, ...changes });
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(communicationRules)
      .set({ ...changes, version: sql`${communicationRules.version} + 1`, updatedAt: ctx.clock.now() })
      .where(and(eq(communicationRules.id, id), eq(communicationRules.version, expectedVersion)))
      .returning();
    if (!updated) throw staleVersionError(`Rule “${row.name}”`);
    await recordEvent(tx, ctx, { recordType: 'communication_rule', recordId: id, action: 'communication_rule.updated', changes: diffFields(row, updated, ['version', 'updatedAt', 'createdAt']) });
    return toRule(updated);
  });
}

export async function deleteCommunicationRule(ctx: ServiceContext, id: string) {
  assertCanCommunicate(ctx.actor, 'settings.manage');
  const row = await findRule(ctx.db, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(communicationRules).where(eq(communicationRules.id, id));
    await recordEvent(tx, ctx, { recordType: 'communication_rule', recordId: id, action: 'communication_rule.deleted', changes: { name: row.name, event: row.event } });
  });
}
