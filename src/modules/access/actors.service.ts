import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { StaffActor } from '../../platform/actor.js';
import type { Queryable } from '../../platform/db/client.js';
import { sha256 } from '../../platform/secrets.js';
import {
  apiTokens,
  businessUnitMembers,
  groupMembers,
  groupRights,
  rights,
  sessions,
  userRights,
  users,
  type UserRow,
} from './access.tables.js';

export const apiTokenPrefix = 'ptk_';

/** Rights, groups and units of a user; admins get every right that exists. */
export async function loadMemberships(db: Queryable, user: Pick<UserRow, 'id' | 'isAdmin'>) {
  const [rightRows, groupRows, unitRows] = await Promise.all([
    user.isAdmin
      ? db.select({ key: rights.key }).from(rights)
      : db
          .select({ key: groupRights.rightKey })
          .from(groupRights)
          .innerJoin(groupMembers, eq(groupMembers.groupId, groupRights.groupId))
          .where(eq(groupMembers.userId, user.id))
          .union(db.select({ key: userRights.rightKey }).from(userRights).where(eq(userRights.userId, user.id))),
    db.select({ id: groupMembers.groupId }).from(groupMembers).where(eq(groupMembers.userId, user.id)),
    db.select({ id: businessUnitMembers.unitId }).from(businessUnitMembers).where(eq(businessUnitMembers.userId, user.id)),
  ]);
  return {
    rights: new Set(rightRows.map((row) => row.key)),
    groupIds: groupRows.map((row) => row.id),
    unitIds: unitRows.map((row) => row.id),
  };
}

async function staffActorFor(db: Queryable, user: UserRow, via: StaffActor['via'], scopes: string[] | null): Promise<StaffActor> {
  const memberships = await loadMemberships(db, user);
  let effective = memberships.rights;
  let isAdmin = user.isAdmin;
  if (scopes) {
    // A scoped token can do at most what its scopes say, even for an admin.
    effective = new Set(scopes.filter((scope) => memberships.rights.has(scope)));
    isAdmin = false;
  }
  return { kind: 'user', id: user.id, email: user.email, name: user.name, isAdmin, rights: effective, unitIds: memberships.unitIds, via };
}

/** The staff actor behind a session cookie, or undefined when it is unknown, expired or its user disabled. */
export async function actorFromSession(db: Queryable, sessionSecret: string, now: Date): Promise<StaffActor | undefined> {
  const tokenHash = sha256(sessionSecret);
  const [row] = await db
    .select({ user: users, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now), eq(users.disabled, false)));
  if (!row) return undefined;
  const actor = await staffActorFor(db, row.user, 'session', null);
  return { ...actor, sessionTokenHash: tokenHash, csrfToken: row.csrfToken };
}

/** The staff actor behind an API token, narrowed to the token's scopes. */
export async function actorFromApiToken(db: Queryable, token: string, now: Date): Promise<StaffActor | undefined> {
  if (!token.startsWith(apiTokenPrefix)) return undefined;
  const [row] = await db
    .select({ user: users, token: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sha256(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        eq(users.disabled, false),
      ),
    );
  if (!row) return undefined;
  // Touch last_used_at at most once a minute so token traffic doesn't turn every read into a write.
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  const actor = await staffActorFor(db, row.user, 'token', row.token.scopes);
  return { ...actor, tokenId: row.token.id };
}

/** Right keys that exist (built-in or custom); used to validate grants. */
export async function unknownRightKeys(db: Queryable, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const found = await db.select({ key: rights.key }).from(rights).where(inArray(rights.key, [...keys]));
  const known = new Set(found.map((row) => row.key));
  return keys.filter((key) => !known.has(key));
}

export const lowerEmail = (value: string) => sql`lower(${value})`;
