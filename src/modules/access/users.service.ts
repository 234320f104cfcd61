import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { z } from 'zod';
import { staleVersionError } from '../../platform/http/versioning.js';
import type { CreateUserInput, UpdateUserInput, User } from './access.contract.js';
import { assertCan, assertCanGrant } from './access.policy.js';
import { businessUnitMembers, groupMembers, sessions, userRights, users, type UserRow } from './access.tables.js';
import { assertReferencesExist } from './membership-lists.js';
import { forgetCachedActors } from './actors.service.js';
import { hashPassword } from './passwords.js';
import { sendResetLink } from './sessions.service.js';

async function toUsers(db: Queryable, rows: UserRow[]): Promise<User[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [groupRows, unitRows, rightRows] = await Promise.all([
    db.select().from(groupMembers).where(inArray(groupMembers.userId, ids)),
    db.select().from(businessUnitMembers).where(inArray(businessUnitMembers.userId, ids)),
    db.select().from(userRights).where(inArray(userRights.userId, ids)),
  ]);
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    name: row.name,
    isAdmin: row.isAdmin,
    disabled: row.disabled,
    groupIds: groupRows.filter((g) => g.userId === row.id).map((g) => g.groupId),
    unitIds: unitRows.filter((u) => u.userId === row.id).map((u) => u.unitId),
    rightKeys: rightRows.filter((r) => r.userId === row.id).map((r) => r.rightKey).sort(),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
  }));
}

export async function listUsers(ctx: ServiceContext, query: { q?: string; disabled?: 'true' | 'false'; cursor?: string; limit: number }) {
  assertCan(ctx.actor, 'user.read');
  const after = decodeTypedCursor(query.cursor, z.string(), z.uuid());
  const conditions = [];
  if (query.q) {
    const pattern = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern)));
  }
  if (query.disabled) conditions.push(eq(users.disabled, query.disabled === 'true'));
  if (after) conditions.push(or(gt(users.email, String(after.sort)), and(eq(users.email, String(after.sort)), gt(users.id, String(after.id)))));
  const rows = await ctx.db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.email), asc(users.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.email, id: row.id }));
  return { items: await toUsers(ctx.db, page.items), nextCursor: page.nextCursor };
}

export async function getUser(ctx: ServiceContext, id: string): Promise<User> {
  assertCan(ctx.actor, 'user.read');
  const [row] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!row) throw AppError.notFound('User');
  return (await toUsers(ctx.db, [row]))[0]!;
}

async function replaceMemberships(tx: Queryable, userId: string, input: { groupIds?: string[]; unitIds?: string[]; rightKeys?: string[] }) {
  if (input.groupIds) {
    await tx.delete(groupMembers).where(eq(groupMembers.userId, userId));
    const unique = [...new Set(input.groupIds)];
    if (unique.length) await tx.insert(groupMembers).values(unique.map((groupId) => ({ groupId, userId })));
  }
  if (input.unitIds) {
    await tx.delete(businessUnitMembers).where(eq(businessUnitMembers.userId, userId));
    const unique = [...new Set(input.unitIds)];
    if (unique.length) await tx.insert(businessUnitMembers).values(unique.map((unitId) => ({ unitId, userId })));
  }
  if (input.rightKeys) {
    await tx.delete(userRights).where(eq(userRights.userId, userId));
    const unique = [...new Set(input.rightKeys)];
    if (unique.length) await tx.insert(userRights).values(unique.map((rightKey) => ({ userId, rightKey })));
  }
}

function emailTaken(): AppError {
  return AppError.conflict('A user with this email already exists', 'email');
}

export async function createUser(ctx: ServiceContext, input: CreateUserInput): Promise<User> {
  assertCan(ctx.actor, 'user.manage');
  if (input.isAdmin) assertCan(ctx.actor, 'user.grant_admin');
  assertCanGrant(ctx.actor, input.rightKeys);
  await assertReferencesExist(ctx.db, { groupIds: input.groupIds, unitIds: input.unitIds, rightKeys: { field: 'rightKeys', keys: input.rightKeys } });
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const now = ctx.clock.now();
  try {
    const id = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash, isAdmin: input.isAdmin, createdAt: now, updatedAt: now })
        .returning({ id: users.id });
      await replaceMemberships(tx, row!.id, input);
      await recordEvent(tx, ctx, {
        recordType: 'user',
        recordId: row!.id,
        action: 'user.created',
        changes: { email: input.email, name: input.name, isAdmin: input.isAdmin, groupIds: input.groupIds, unitIds: input.unitIds, rightKeys: input.rightKeys, passwordSet: Boolean(passwordHash) },
      });
      return row!.id;
    });
    return await getUser(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

export async function updateUser(ctx: ServiceContext, id: string, expectedVersion: number, input: Omit<UpdateUserInput, 'version'>): Promise<User> {
  assertCan(ctx.actor, 'user.manage');
  const before = await getUser(ctx, id);
  if (input.isAdmin !== undefined && input.isAdmin !== before.isAdmin) assertCan(ctx.actor, 'user.grant_admin');
  if (input.rightKeys) assertCanGrant(ctx.actor, input.rightKeys.filter((key) => !before.rightKeys.includes(key)));
  if (ctx.actor.kind === 'user' && ctx.actor.id === id && (input.disabled === true || input.isAdmin === false)) {
    throw AppError.invalid(input.disabled ? 'disabled' : 'isAdmin', 'you cannot disable yourself or remove your own admin flag');
  }
  await assertReferencesExist(ctx.db, { groupIds: input.groupIds, unitIds: input.unitIds, rightKeys: input.rightKeys ? { field: 'rightKeys', keys: input.rightKeys } : undefined });
  const { groupIds, unitIds, rightKeys, ...fields } = input;
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction(async (tx) => {
      const updated = await tx
        .update(users)
        .set({ ...fields, updatedAt: now, version: sql`${users.version} + 1` })
        .where(and(eq(users.id, id), eq(users.version, expectedVersion)))
        .returning({ id: users.id });
      if (updated.length === 0) throw staleVersionError('This user');
      await replaceMemberships(tx, id, { groupIds, unitIds, rightKeys });
      // Disabling ends every session at once, not when it would have expired.
      if (fields.disabled === true) await tx.delete(sessions).where(eq(sessions.userId, id));
      const after = { ...before, ...fields, ...(groupIds ? { groupIds } : {}), ...(unitIds ? { unitIds } : {}), ...(rightKeys ? { rightKeys: [...rightKeys].sort() } : {}) };
      const changes = diffFields(before, after, ['version', 'updatedAt', 'createdAt', 'lastLoginAt']);
      await recordEvent(tx, ctx, {
        recordType: 'user',
        recordId: id,
        action: fields.disabled === true && !before.disabled ? 'user.disabled' : fields.disabled === false && before.disabled ? 'user.enabled' : 'user.updated',
        changes,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
  forgetCachedActors();
  return getUser(ctx, id);
}

/** Sets a new password directly (and ends the user's sessions), or emails a reset link when none is given. */
export async function resetUserPassword(ctx: ServiceContext, id: string, input: { password?: string }): Promise<{ emailed: boolean }> {
  assertCan(ctx.actor, 'user.manage');
  const [user] = await ctx.db.select().from(users).where(eq(users.id, id));
  if (!user) throw AppError.notFound('User');
  if (user.isAdmin) assertCan(ctx.actor, 'user.grant_admin');
  if (!input.password) {
    await ctx.db.transaction((tx) => sendResetLink(tx, ctx, user));
    return { emailed: true };
  }
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: ctx.clock.now(), version: sql`${users.version} + 1` }).where(eq(users.id, id));
    await tx.delete(sessions).where(eq(sessions.userId, id));
    await recordEvent(tx, ctx, { recordType: 'user', recordId: id, action: 'user.password_set_by_admin' });
  });
  return { emailed: false };
}
