import { and, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { StaffActor } from '../../platform/actor.js';
import type { Queryable } from '../../platform/db/client.js';
import { sha256 } from '../../platform/secrets.js';
import { apiTokens, rights, sessions, users, type UserRow } from './access.tables.js';

export const apiTokenPrefix = 'ptk_';

/**
 * Rights, groups and units of a user in one round trip (this runs on every authenticated
 * request); admins get every right that exists.
 */
export async function loadMemberships(db: Queryable, user: Pick<UserRow, 'id' | 'isAdmin'>) {
  const rightsQuery = user.isAdmin
    ? sql`SELECT key FROM rights`
    : sql`SELECT gr.right_key AS key FROM group_rights gr JOIN group_members gm ON gm.group_id = gr.group_id WHERE gm.user_id = ${user.id}
          UNION SELECT right_key FROM user_rights WHERE user_id = ${user.id}`;
  const [row] = await queryRows<{ rights: string[] | null; group_ids: string[] | null; unit_ids: string[] | null }>(
    db,
    sql`SELECT
          (SELECT array_agg(key ORDER BY key)::text[] FROM (${rightsQuery}) AS granted) AS rights,
          (SELECT array_agg(group_id)::text[] FROM group_members WHERE user_id = ${user.id}) AS group_ids,
          (SELECT array_agg(unit_id)::text[] FROM business_unit_members WHERE user_id = ${user.id}) AS unit_ids`,
  );
  return {
    rights: new Set(row?.rights ?? []),
    groupIds: row?.group_ids ?? [],
    unitIds: row?.unit_ids ?? [],
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

/**
 * Token actors are cached for a few seconds: integrations send many requests, and resolving a
 * token costs two queries each time. Access changes on this node clear the cache at once
 * (forgetCachedActors); on other nodes they apply within the TTL.
 */
const tokenActorCache = new Map<string, { actor: StaffActor; until: number; tokenExpiresAt: number | null }>();
export const tokenActorCacheTtlMs = 5_000;

export function forgetCachedActors(): void {
  tokenActorCache.clear();
}

/** The staff actor behind an API token, narrowed to the token's scopes. */
export async function actorFromApiToken(db: Queryable, token: string, now: Date): Promise<StaffActor | undefined> {
  if (!token.startsWith(apiTokenPrefix)) return undefined;
  const tokenHash = sha256(token);
  const cached = tokenActorCache.get(tokenHash);
  if (cached && now.getTime() < cached.until && (cached.tokenExpiresAt === null || now.getTime() < cached.tokenExpiresAt)) return cached.actor;
  const [row] = await db
    .select({ user: users, token: apiTokens })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)), eq(users.disabled, false)));
  if (!row) {
    tokenActorCache.delete(tokenHash);
    return undefined;
  }
  // Touch last_used_at at most once a minute so token traffic doesn't turn every read into a write.
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  const actor = { ...(await staffActorFor(db, row.user, 'token', row.token.scopes)), tokenId: row.token.id };
  if (tokenActorCache.size > 10_000) tokenActorCache.clear();
  tokenActorCache.set(tokenHash, { actor, until: now.getTime() + tokenActorCacheTtlMs, tokenExpiresAt: row.token.expiresAt?.getTime() ?? null });
  return actor;
}

/** Right keys that exist (built-in or custom); used to validate grants. */
export async function unknownRightKeys(db: Queryable, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const found = await db.select({ key: rights.key }).from(rights).where(inArray(rights.key, [...keys]));
  const known = new Set(found.map((row) => row.key));
  return keys.filter((key) => !known.has(key));
}

export const lowerEmail = (value: string) => sql`lower(${value})`;
