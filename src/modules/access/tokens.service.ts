import { and, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { randomSecret, sha256 } from '../../platform/secrets.js';
import type { apiTokenSchema, createApiTokenBody } from './access.contract.js';
import { assertCan, assertCanGrant, hasRight } from './access.policy.js';
import { apiTokens, users, type ApiTokenRow } from './access.tables.js';
import { apiTokenPrefix, forgetCachedActors } from './actors.service.js';
import { assertReferencesExist } from './membership-lists.js';
import { accessRights } from './rights.js';

type ApiToken = z.infer<typeof apiTokenSchema>;

function toApiToken(row: ApiTokenRow): ApiToken {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Own tokens for everyone; all tokens (optionally one user's) for holders of access.tokens.manage. */
export async function listApiTokens(ctx: ServiceContext, query: { userId?: string; cursor?: string; limit: number }) {
  const actor = ctx.actor;
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  const seesAll = hasRight(actor, accessRights.tokensManage);
  const conditions: (SQL | undefined)[] = [];
  if (!seesAll && actor.kind === 'user') conditions.push(eq(apiTokens.userId, actor.id));
  if (query.userId) conditions.push(eq(apiTokens.userId, query.userId));
  const after = decodeTypedCursor(query.cursor, z.iso.datetime(), z.uuid());
  if (after) {
    const at = new Date(after.sort);
    conditions.push(or(lt(apiTokens.createdAt, at), and(eq(apiTokens.createdAt, at), lt(apiTokens.id, after.id))));
  }
  const rows = await ctx.db.select().from(apiTokens).where(and(...conditions)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)).limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ sort: row.createdAt.toISOString(), id: row.id }));
  return { items: page.items.map(toApiToken), nextCursor: page.nextCursor };
}

interface NewTokenInput {
  userId: string;
  name: string;
  scopes?: string[];
  expiresAt?: string;
}

async function issueToken(ctx: ServiceContext, input: NewTokenInput): Promise<{ token: string; apiToken: ApiToken }> {
  const now = ctx.clock.now();
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= now) throw AppError.invalid('expiresAt', 'must be in the future');
  const scopes = input.scopes ? [...new Set(input.scopes)].sort() : null;
  if (scopes) {
    await assertReferencesExist(ctx.db, { rightKeys: { field: 'scopes', keys: scopes } });
    assertCanGrant(ctx.actor, scopes);
  }
  const token = `${apiTokenPrefix}${randomSecret(32)}`;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: input.userId, name: input.name, tokenHash: sha256(token), prefix: token.slice(0, 12), scopes, expiresAt, createdAt: now })
      .returning();
    // The secret itself never goes into the event or anywhere else but this one response.
    await recordEvent(tx, ctx, { recordType: 'api_token', recordId: row!.id, action: 'api_token.created', changes: { userId: input.userId, name: input.name, scopes, expiresAt: input.expiresAt ?? null } });
    return { token, apiToken: toApiToken(row!) };
  });
}

/** A token for the signed-in user, with at most the rights they hold. */
export async function createApiToken(ctx: ServiceContext, input: z.infer<typeof createApiTokenBody>) {
  assertCan(ctx.actor, 'token.create');
  if (ctx.actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  // An unscoped token carries all of its owner's rights, so a scoped token could widen itself by
  // minting one; a token-authenticated caller gets at most its own effective rights instead.
  const scopes = input.scopes ?? (ctx.actor.via === 'token' && !ctx.actor.isAdmin ? [...ctx.actor.rights] : undefined);
  return issueToken(ctx, { ...input, scopes, userId: ctx.actor.id });
}

/** For the CLI (`patron token create`), acting as the system for a named user. */
export async function createApiTokenForUser(ctx: ServiceContext, input: { email: string; name: string; scopes?: string[] }) {
  const [user] = await ctx.db.select().from(users).where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
  if (!user) throw AppError.invalid('email', `no user has the email ${input.email}`);
  if (user.disabled) throw AppError.invalid('email', 'this user is disabled');
  return issueToken(ctx, { userId: user.id, name: input.name, scopes: input.scopes });
}

export async function revokeApiToken(ctx: ServiceContext, id: string): Promise<void> {
  const [row] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  if (!row) throw AppError.notFound('API token');
  assertCan(ctx.actor, 'token.revoke', { userId: row.userId });
  if (row.revokedAt) return;
  await ctx.db.transaction(async (tx) => {
    await tx.update(apiTokens).set({ revokedAt: ctx.clock.now() }).where(eq(apiTokens.id, id));
    await recordEvent(tx, ctx, { recordType: 'api_token', recordId: id, action: 'api_token.revoked', changes: { userId: row.userId, name: row.name } });
  });
  forgetCachedActors();
}
