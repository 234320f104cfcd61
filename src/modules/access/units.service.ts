import { and, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import type { businessUnitSchema, createBusinessUnitBody, updateBusinessUnitBody } from './access.contract.js';
import { assertCan } from './access.policy.js';
import { businessUnitMembers, businessUnits, type BusinessUnitRow } from './access.tables.js';
import { assertReferencesExist } from './membership-lists.js';
import { forgetCachedActors } from './actors.service.js';

type BusinessUnit = z.infer<typeof businessUnitSchema>;

function toUnit(row: BusinessUnitRow, memberIds: string[]): BusinessUnit {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    email: row.email,
    visibleToCustomers: row.visibleToCustomers,
    memberIds,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function toUnits(db: Queryable, rows: BusinessUnitRow[]): Promise<BusinessUnit[]> {
  if (rows.length === 0) return [];
  const members = await db.select().from(businessUnitMembers).where(inArray(businessUnitMembers.unitId, rows.map((row) => row.id)));
  return rows.map((row) => toUnit(row, members.filter((m) => m.unitId === row.id).map((m) => m.userId).sort()));
}

export async function listBusinessUnits(ctx: ServiceContext, query: { cursor?: string; limit: number }) {
  assertCan(ctx.actor, 'unit.read');
  const after = decodeTypedCursor(query.cursor, z.string(), z.uuid());
  const rows = await ctx.db
    .select()
    .from(businessUnits)
    .where(after ? or(gt(businessUnits.name, after.sort), and(eq(businessUnits.name, after.sort), gt(businessUnits.id, after.id))) : undefined)
    .orderBy(asc(businessUnits.name), asc(businessUnits.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.name, id: row.id }));
  return { items: await toUnits(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getBusinessUnit(ctx: ServiceContext, id: string): Promise<BusinessUnit> {
  assertCan(ctx.actor, 'unit.read');
  const [row] = await ctx.db.select().from(businessUnits).where(eq(businessUnits.id, id));
  if (!row) throw AppError.notFound('Business unit');
  return (await toUnits(ctx.db, [row]))[0]!;
}

async function replaceMembers(tx: Queryable, unitId: string, memberIds: string[] | undefined, isNew = false) {
  if (!memberIds || (isNew && memberIds.length === 0)) return;
  await tx.delete(businessUnitMembers).where(eq(businessUnitMembers.unitId, unitId));
  const ids = [...new Set(memberIds)];
  if (ids.length) await tx.insert(businessUnitMembers).values(ids.map((userId) => ({ unitId, userId })));
}

const nameTaken = () => AppError.conflict('A business unit with this name already exists', 'name');

export async function createBusinessUnit(ctx: ServiceContext, input: z.infer<typeof createBusinessUnitBody>): Promise<BusinessUnit> {
  assertCan(ctx.actor, 'unit.manage');
  if (input.memberIds.length) await assertReferencesExist(ctx.db, { userIds: { field: 'memberIds', ids: input.memberIds } });
  const { memberIds, ...fields } = input;
  const now = ctx.clock.now();
  try {
    const unit = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(businessUnits).values({ ...fields, createdAt: now, updatedAt: now }).returning();
      await replaceMembers(tx, row!.id, memberIds, true);
      await recordEvent(tx, ctx, { recordType: 'business_unit', recordId: row!.id, action: 'business_unit.created', changes: { ...input } });
      return row!;
    });
    // Only members' unit lists change; a unit without members leaves every actor as it was.
    if (memberIds.length) forgetCachedActors();
    return toUnit(unit, [...new Set(memberIds)].sort());
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateBusinessUnit(ctx: ServiceContext, id: string, expectedVersion: number, input: Omit<z.infer<typeof updateBusinessUnitBody>, 'version'>): Promise<BusinessUnit> {
  assertCan(ctx.actor, 'unit.manage');
  const before = await getBusinessUnit(ctx, id);
  if (input.memberIds?.length) await assertReferencesExist(ctx.db, { userIds: { field: 'memberIds', ids: input.memberIds } });
  const { memberIds, ...fields } = input;
  try {
    await ctx.db.transaction(async (tx) => {
      const updated = await tx
        .update(businessUnits)
        .set({ ...fields, updatedAt: ctx.clock.now(), version: sql`${businessUnits.version} + 1` })
        .where(and(eq(businessUnits.id, id), eq(businessUnits.version, expectedVersion)))
        .returning({ id: businessUnits.id });
      if (updated.length === 0) throw staleVersionError('This business unit');
      await replaceMembers(tx, id, memberIds);
      const after = { ...before, ...fields, ...(memberIds ? { memberIds: [...new Set(memberIds)].sort() } : {}) };
      await recordEvent(tx, ctx, { recordType: 'business_unit', recordId: id, action: 'business_unit.updated', changes: diffFields(before, after, ['version', 'createdAt', 'updatedAt']) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  forgetCachedActors();
  return getBusinessUnit(ctx, id);
}

export async function deleteBusinessUnit(ctx: ServiceContext, id: string): Promise<void> {
  assertCan(ctx.actor, 'unit.manage');
  const before = await getBusinessUnit(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(businessUnits).where(eq(businessUnits.id, id));
    await recordEvent(tx, ctx, { recordType: 'business_unit', recordId: id, action: 'business_unit.deleted', changes: { name: before.name, memberIds: before.memberIds } });
  });
  forgetCachedActors();
}
