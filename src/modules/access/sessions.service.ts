import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { takeRateLimit, clearRateLimit } from '../../platform/http/rate-limit.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { randomSecret, sha256 } from '../../platform/secrets.js';
import { passwordResets, sessions, users, type UserRow } from './access.tables.js';
import { loadMemberships } from './actors.service.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from './passwords.js';

export interface LoginInput {
  email: string;
  password: string;
  ipAddress: string;
  userAgent?: string;
  /** The cookie the browser sent, if any: it is ended so the login starts a fresh session. */
  previousSessionSecret?: string;
}

export interface CurrentUser {
  user: { id: string; email: string; name: string; isAdmin: boolean };
  rights: string[];
  groupIds: string[];
  unitIds: string[];
  csrfToken: string | null;
}

const resetLinkLifetimeMs = 60 * 60 * 1000;

async function describeUser(ctx: ServiceContext, user: UserRow, csrfToken: string | null): Promise<CurrentUser> {
  const memberships = await loadMemberships(ctx.db, user);
  return {
    user: { id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin },
    rights: [...memberships.rights].sort(),
    groupIds: memberships.groupIds,
    unitIds: memberships.unitIds,
    csrfToken,
  };
}

export async function getCurrentUser(ctx: ServiceContext): Promise<CurrentUser> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id));
  if (!user) throw new AppError('unauthenticated', 'Sign in first');
  const current = await describeUser(ctx, user, actor.csrfToken ?? null);
  // An API token's effective rights are its scopes, which may be fewer than the user's.
  return { ...current, user: { ...current.user, isAdmin: actor.isAdmin }, rights: [...actor.rights].sort() };
}

/** Checks credentials and opens a new session; rate limited per email and per address. */
export async function login(ctx: ServiceContext, input: LoginInput): Promise<CurrentUser & { sessionSecret: string; expiresAt: Date }> {
  const now = ctx.clock.now();
  const rule = { limit: ctx.config.LOGIN_RATE_LIMIT, windowSeconds: ctx.config.LOGIN_RATE_WINDOW_SECONDS };
  await takeRateLimit(ctx.db, `login:email:${input.email}`, rule, now, 'sign-in attempts');
  await takeRateLimit(ctx.db, `login:ip:${input.ipAddress}`, { ...rule, limit: rule.limit * 5 }, now, 'sign-in attempts');

  const [user] = await ctx.db.select().from(users).where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
  const valid = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !valid || user.disabled) {
    throw new AppError('unauthenticated', 'The email or password is wrong, or the account is disabled');
  }

  const sessionSecret = randomSecret(32);
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  await ctx.db.transaction(async (tx) => {
    if (input.previousSessionSecret) await tx.delete(sessions).where(eq(sessions.tokenHash, sha256(input.previousSessionSecret)));
    await tx.insert(sessions).values({
      tokenHash: sha256(sessionSecret),
      userId: user.id,
      csrfToken,
      createdAt: now,
      expiresAt,
      ipAddress: input.ipAddress,
      userAgent: input.userAgent?.slice(0, 500) ?? null,
    });
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    await recordEvent(tx, { ...ctx, actor: { kind: 'user', id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin, rights: new Set(), unitIds: [], via: 'session' } }, {
      recordType: 'user',
      recordId: user.id,
      action: 'user.logged_in',
      changes: { ipAddress: input.ipAddress },
    });
  });
  await clearRateLimit(ctx.db, `login:email:${input.email}`);
  return { ...(await describeUser(ctx, user, csrfToken)), sessionSecret, expiresAt };
}

export async function logout(ctx: ServiceContext): Promise<void> {
  const actor = ctx.actor;
  if (actor.kind !== 'user' || !actor.sessionTokenHash) return;
  const tokenHash = actor.sessionTokenHash;
  await ctx.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    await recordEvent(tx, ctx, { recordType: 'user', recordId: actor.id, action: 'user.logged_out' });
  });
}

export async function changePassword(ctx: ServiceContext, input: { currentPassword: string; newPassword: string; endOtherSessions: boolean }): Promise<void> {
  const actor = ctx.actor;
  if (actor.kind !== 'user') throw new AppError('unauthenticated', 'Sign in first');
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.id));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw AppError.invalid('currentPassword', 'is not your current password');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: ctx.clock.now(), version: sql`${users.version} + 1` }).where(eq(users.id, actor.id));
    if (input.endOtherSessions) {
      const keep = actor.sessionTokenHash;
      await tx.delete(sessions).where(keep ? and(eq(sessions.userId, actor.id), ne(sessions.tokenHash, keep)) : eq(sessions.userId, actor.id));
    }
    await recordEvent(tx, ctx, {
      recordType: 'user',
      recordId: actor.id,
      action: 'user.password_changed',
      changes: { endedOtherSessions: input.endOtherSessions },
    });
  });
}

/** Emails a one-time reset link. Answers the same whether or not the email is known. */
export async function requestPasswordReset(ctx: ServiceContext, input: { email: string; ipAddress: string }): Promise<void> {
  const now = ctx.clock.now();
  const rule = { limit: ctx.config.PASSWORD_RESET_RATE_LIMIT, windowSeconds: 3600 };
  await takeRateLimit(ctx.db, `reset:email:${input.email}`, rule, now, 'password reset requests');
  await takeRateLimit(ctx.db, `reset:ip:${input.ipAddress}`, { ...rule, limit: rule.limit * 4 }, now, 'password reset requests');
  const [user] = await ctx.db.select().from(users).where(sql`lower(${users.email}) = ${input.email.toLowerCase()}`);
  if (!user || user.disabled) return;
  await ctx.db.transaction(async (tx) => {
    await sendResetLink(tx, ctx, user);
  });
}

/** Stores a reset token and queues the email with its link; used by self-service and by admins. */
export async function sendResetLink(tx: Queryable, ctx: ServiceContext, user: UserRow): Promise<void> {
  const now = ctx.clock.now();
  const token = randomSecret(32);
  await tx.insert(passwordResets).values({ tokenHash: sha256(token), userId: user.id, expiresAt: new Date(now.getTime() + resetLinkLifetimeMs), createdAt: now });
  const link = `${ctx.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
  await queueMail(
    tx,
    {
      from: ctx.config.MAIL_FROM,
      to: user.email,
      subject: 'Reset your Patron password',
      text: `Hello ${user.name},\n\nSomeone asked to reset the password of your Patron account. To choose a new password, open this link within one hour:\n\n${link}\n\nIf you did not ask for this, ignore this message; your password stays the same.\n`,
    },
    now,
  );
  await recordEvent(tx, ctx, { recordType: 'user', recordId: user.id, action: 'user.password_reset_requested' });
}

export async function confirmPasswordReset(ctx: ServiceContext, input: { token: string; newPassword: string }): Promise<void> {
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    // Marking the token used in the same statement that checks it makes the link single-use under races.
    const [reset] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.tokenHash, sha256(input.token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
      .returning();
    if (!reset) throw AppError.invalid('token', 'this reset link is invalid, already used or expired; ask for a new one');
    await tx.update(users).set({ passwordHash, updatedAt: now, version: sql`${users.version} + 1` }).where(eq(users.id, reset.userId));
    await tx.delete(sessions).where(eq(sessions.userId, reset.userId));
    await recordEvent(tx, { ...ctx, actor: { kind: 'system', name: 'password-reset' } }, { recordType: 'user', recordId: reset.userId, action: 'user.password_reset' });
  });
}
