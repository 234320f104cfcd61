import { and, asc, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import type { CreateCustomFieldInput, CustomField, UpdateCustomFieldInput } from './custom-fields.contract.js';
import { applyCustomFieldValues } from './custom-field-values.js';
import { assertCanCustomers } from './customers.policy.js';
import { assertNoFieldErrors } from './field-errors.js';
import { customFieldDefinitions, type CustomerRecordKind, type CustomFieldDefinitionRow } from './customers.tables.js';

function toCustomField(row: CustomFieldDefinitionRow): CustomField {
  return { id: row.id, recordKind: row.recordKind, key: row.key, label: row.label, type: row.type, options: row.options, required: row.required, position: row.position, archived: row.archived, version: row.version };
}

/** The active (not archived) fields of a record kind, which writes are checked against and lists filter on. */
export async function activeFieldDefinitions(db: Queryable, recordKind: CustomerRecordKind) {
  return db
    .select()
    .from(customFieldDefinitions)
    .where(and(eq(customFieldDefinitions.recordKind, recordKind), eq(customFieldDefinitions.archived, false)))
    .orderBy(asc(customFieldDefinitions.position), asc(customFieldDefinitions.label));
}

/** Checks and merges custom field input for a write; a bad value is a 400 naming `customFields.<key>`. */
export async function resolveCustomFieldValues(db: Queryable, recordKind: CustomerRecordKind, stored: Record<string, unknown>, input: Record<string, unknown> | undefined, mode: 'create' | 'update') {
  if (mode === 'update' && input === undefined) return stored;
  const definitions = await activeFieldDefinitions(db, recordKind);
  const { values, errors } = applyCustomFieldValues(definitions, stored, input, mode);
  assertNoFieldErrors(errors, 'Invalid custom fields');
  return values;
}

export async function listCustomFields(ctx: ServiceContext, query: { recordKind?: CustomerRecordKind; includeArchived?: boolean }) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const rows = await ctx.db
    .select()
    .from(customFieldDefinitions)
    .where(and(query.recordKind ? eq(customFieldDefinitions.recordKind, query.recordKind) : undefined, query.includeArchived ? undefined : eq(customFieldDefinitions.archived, false)))
    .orderBy(asc(customFieldDefinitions.recordKind), asc(customFieldDefinitions.position), asc(customFieldDefinitions.label));
  return { items: rows.map(toCustomField) };
}

async function findDefinition(db: Queryable, id: string) {
  const [row] = await db.select().from(customFieldDefinitions).where(eq(customFieldDefinitions.id, id));
  if (!row) throw AppError.notFound('Custom field');
  return row;
}

export async function getCustomField(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'customer.read');
  return toCustomField(await findDefinition(ctx.db, id));
}

export async function createCustomField(ctx: ServiceContext, input: CreateCustomFieldInput) {
  assertCanCustomers(ctx.actor, 'custom_field.manage');
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(customFieldDefinitions)
        .values({ ...input, options: input.type === 'choice' ? [...new Set(input.options)] : [], createdAt: now, updatedAt: now })
        .returning();
      await recordEvent(tx, ctx, { recordType: 'custom_field', recordId: row!.id, action: 'custom_field.created', changes: { recordKind: row!.recordKind, key: row!.key, type: row!.type, label: row!.label } });
      return toCustomField(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict(`A ${input.recordKind} field with the key ${input.key} exists already`, 'key');
    throw error;
  }
}

/**
 * Key, type and record kind never change: stored values and saved filters depend on them. Archive
 * a field and create another instead.
 */
export async function updateCustomField(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateCustomFieldInput) {
  assertCanCustomers(ctx.actor, 'custom_field.manage');
  const before = await findDefinition(ctx.db, id);
  if (input.options !== undefined) {
    if (before.type !== 'choice') {
      if (input.options.length) throw AppError.invalid('options', 'only a choice field has options');
    } else if (input.options.length === 0) throw AppError.invalid('options', 'a choice field needs options');
  }
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(customFieldDefinitions)
      .set({ ...input, ...(input.options ? { options: [...new Set(input.options)] } : {}), updatedAt: ctx.clock.now(), version: sql`${customFieldDefinitions.version} + 1` })
      .where(and(eq(customFieldDefinitions.id, id), eq(customFieldDefinitions.version, expectedVersion)))
      .returning();
    if (!updated) throw staleVersionError('The custom field');
    await recordEvent(tx, ctx, { recordType: 'custom_field', recordId: id, action: 'custom_field.updated', changes: diffFields(before, updated, ['version', 'updatedAt']) });
    return toCustomField(updated);
  });
}
