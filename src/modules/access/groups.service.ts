import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import type { createGroupBody, Group, updateGroupBody } from './access.contract.js';
import { assertCan, assertCanGrant } from './access.policy.js';
import { groupMembers, groupRights, groups, type GroupRow } from './access.tables.js';
import { assertReferencesExist } from './membership-lists.js';
import { forgetCachedActors } from './actors.service.js';

type CreateGroupInput = z.infer<typeof createGroupBody>;
type UpdateGroupInput = Omit<z.infer<typeof updateGroupBody>, 'version'>;

async function toGroups(db: Queryable, rows: GroupRow[]): Promise<Group[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [rightRows, memberRows] = await Promise.all([
    db.select().from(groupRights).where(inArray(groupRights.groupId, ids)),
    db.select().from(groupMembers).where(inArray(groupMembers.groupId, ids)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    rightKeys: rightRows.filter((r) => r.groupId === row.id).map((r) => r.rightKey).sort(),
    memberIds: memberRows.filter((m) => m.groupId === row.id).map((m) => m.userId).sort(),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

export async function listGroups(ctx: ServiceContext, query: { q?: string; cursor?: string; limit: number }) {
  assertCan(ctx.actor, 'group.read');
  const after = decodeTypedCursor(query.cursor, z.string(), z.uuid());
  const conditions = [];
  if (query.q) conditions.push(ilike(groups.name, `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`));
  if (after) conditions.push(or(gt(groups.name, after.sort), and(eq(groups.name, after.sort), gt(groups.id, after.id))));
  const rows = await ctx.db.select().from(groups).where(and(...conditions)).orderBy(asc(groups.name), asc(groups.id)).limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.name, id: row.id }));
  return { items: await toGroups(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getGroup(ctx: ServiceContext, id: string): Promise<Group> {
  assertCan(ctx.actor, 'group.read');
  const [row] = await ctx.db.select().from(groups).where(eq(groups.id, id));
  if (!row) throw AppError.notFound('Group');
  return (await toGroups(ctx.db, [row]))[0]!;
}

async function replaceGroupLinks(tx: Queryable, groupId: string, input: { rightKeys?: string[]; memberIds?: string[] }) {
  if (input.rightKeys) {
    await tx.delete(groupRights).where(eq(groupRights.groupId, groupId));
    const keys = [...new Set(input.rightKeys)];
    if (keys.length) await tx.insert(groupRights).values(keys.map((rightKey) => ({ groupId, rightKey })));
  }
  if (input.memberIds) {
    await tx.delete(groupMembers).where(eq(groupMembers.groupId, groupId));
    const ids = [...new Set(input.memberIds)];
    if (ids.length) await tx.insert(groupMembers).values(ids.map((userId) => ({ groupId, userId })));
  }
}

const nameTaken = () => AppError.conflict('A group with this name already exists', 'name');

export async function createGroup(ctx: ServiceContext, input: CreateGroupInput): Promise<Group> {
  assertCan(ctx.actor, 'group.manage');
  assertCanGrant(ctx.actor, input.rightKeys);
  await assertReferencesExist(ctx.db, { userIds: { field: 'memberIds', ids: input.memberIds }, rightKeys: { field: 'rightKeys', keys: input.rightKeys } });
  const now = ctx.clock.now();
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(groups).values({ name: input.name, description: input.description, createdAt: now, updatedAt: now }).returning({ id: groups.id });
      await replaceGroupLinks(tx, row!.id, input);
      await recordEvent(tx, ctx, { recordType: 'group', recordId: row!.id, action: 'group.created', changes: { ...input } });
      return row!.id;
    });
    forgetCachedActors();
    return await getGroup(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateGroup(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateGroupInput): Promise<Group> {
  assertCan(ctx.actor, 'group.manage');
  const before = await getGroup(ctx, id);
  if (input.rightKeys) assertCanGrant(ctx.actor, input.rightKeys.filter((key) => !before.rightKeys.includes(key)));
  await assertReferencesExist(ctx.db, {
    userIds: input.memberIds ? { field: 'memberIds', ids: input.memberIds } : undefined,
    rightKeys: input.rightKeys ? { field: 'rightKeys', keys: input.rightKeys } : undefined,
  });
  const { rightKeys, memberIds, ...fields } = input;
  try {
    await ctx.db.transaction(async (tx) => {
      const updated = await tx
        .update(groups)
        .set({ ...fields, updatedAt: ctx.clock.now(), version: sql`${groups.version} + 1` })
        .where(and(eq(groups.id, id), eq(groups.version, expectedVersion)))
        .returning({ id: groups.id });
      if (updated.length === 0) throw staleVersionError('This group');
      await replaceGroupLinks(tx, id, { rightKeys, memberIds });
      const after = { ...before, ...fields, ...(rightKeys ? { rightKeys: [...new Set(rightKeys)].sort() } : {}), ...(memberIds ? { memberIds: [...new Set(memberIds)].sort() } : {}) };
      await recordEvent(tx, ctx, { recordType: 'group', recordId: id, action: 'group.updated', changes: diffFields(before, after, ['version', 'createdAt', 'updatedAt']) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  forgetCachedActors();
  return getGroup(ctx, id);
}

export async function deleteGroup(ctx: ServiceContext, id: string): Promise<void> {
  assertCan(ctx.actor, 'group.manage');
  const before = await getGroup(ctx, id);
  await ctx.db.transaction(async (tx) => {
    await tx.delete(groups).where(eq(groups.id, id));
    await recordEvent(tx, ctx, { recordType: 'group', recordId: id, action: 'group.deleted', changes: { name: before.name, rightKeys: before.rightKeys, memberIds: before.memberIds } });
  });
  forgetCachedActors();
}
