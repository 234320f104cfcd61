import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { CustomerActor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { honeypotFilled } from '../../platform/http/bot-guard.js';
import { clearRateLimit, takeRateLimit } from '../../platform/http/rate-limit.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { decoyPasswordHash, hashPassword, verifyPassword } from '../../platform/passwords.js';
import { randomSecret, sha256 } from '../../platform/secrets.js';
import { queueTemplateMail } from '../communications/index.js';
import { contacts } from '../customers/customers.tables.js';
import { findContactByEmail, insertChannelContact } from '../customers/index.js';
import { assertCustomer, assertMayInvite, portalLimits } from './portal.policy.js';
import { portalAccounts, portalSessions, portalTokens, type PortalAccountRow } from './portal.tables.js';
import { consumePortalToken, issuePortalToken } from './portal-tokens.js';

type Contact = typeof contacts.$inferSelect;

const portalSystem = { kind: 'system', name: 'portal' } as const;

function customerOf(account: PortalAccountRow, contact: Contact, session?: { tokenHash: string; csrfToken: string }): CustomerActor {
  return {
    kind: 'customer',
    accountId: account.id,
    contactId: contact.id,
    email: account.email,
    name: `${contact.firstName} ${contact.lastName}`.trim() || account.email,
    sessionTokenHash: session?.tokenHash,
    csrfToken: session?.csrfToken,
  };
}

async function findAccountByEmail(db: Queryable, email: string) {
  const [row] = await db.select().from(portalAccounts).innerJoin(contacts, eq(contacts.id, portalAccounts.contactId)).where(sql`lower(${portalAccounts.email}) = ${email.toLowerCase()}`);
  return row ? { account: row.portal_accounts, contact: row.contacts } : undefined;
}

async function findAccountOfContact(db: Queryable, contact: Contact) {
  const [account] = await db.select().from(portalAccounts).where(eq(portalAccounts.contactId, contact.id));
  return account ? { account, contact } : undefined;
}

function mailValues(contact: Contact, email: string): Record<string, string> {
  return { 'customer.first_name': contact.firstName, 'customer.last_name': contact.lastName, 'customer.name': `${contact.firstName} ${contact.lastName}`.trim(), 'customer.email': email };
}

/** Who owns a portal session cookie; undefined when it is unknown or expired. */
export async function actorFromPortalSession(db: Queryable, secret: string, now: Date): Promise<CustomerActor | undefined> {
  const tokenHash = sha256(secret);
  const [row] = await db
    .select()
    .from(portalSessions)
    .innerJoin(portalAccounts, eq(portalAccounts.id, portalSessions.accountId))
    .innerJoin(contacts, eq(contacts.id, portalAccounts.contactId))
    .where(and(eq(portalSessions.tokenHash, tokenHash), gt(portalSessions.expiresAt, now)));
  return row ? customerOf(row.portal_accounts, row.contacts, { tokenHash, csrfToken: row.portal_sessions.csrfToken }) : undefined;
}

export async function describeCustomer(ctx: ServiceContext) {
  const actor = assertCustomer(ctx.actor);
  const [contact] = await ctx.db.select({ phone: contacts.phone }).from(contacts).where(eq(contacts.id, actor.contactId));
  return { accountId: actor.accountId, contactId: actor.contactId, name: actor.name, email: actor.email, phone: contact?.phone ?? null, csrfToken: actor.csrfToken ?? null };
}

/**
 * Opens an account for a new customer and mails a verification link. Answers the same whether
 * or not the email already has an account (that owner gets a reminder instead), so sign-up
 * does not reveal who has one. A filled honeypot is answered the same and does nothing.
 */
export async function signUp(ctx: ServiceContext, input: { name: string; email: string; password: string; website?: string; ipAddress: string }): Promise<void> {
  const now = ctx.clock.now();
  await takeRateLimit(ctx.db, `portal-signup:ip:${input.ipAddress}`, { limit: portalLimits.signUpPerAddressPerHour, windowSeconds: 3600 }, now, 'sign-ups');
  await takeRateLimit(ctx.db, `portal-signup:email:${input.email.toLowerCase()}`, { limit: 3, windowSeconds: 3600 }, now, 'sign-ups');
  if (honeypotFilled(input.website)) {
    ctx.logger.info({ ipAddress: input.ipAddress }, 'portal sign-up with a filled honeypot ignored');
    return;
  }
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    // Any contact with the address among their emails is this customer; a new one gets it as a
    // claimed email entry, so staff find them by it and mail-in links their mail to them.
    let contact = await findContactByEmail(tx, input.email);
    // The contact may already sign in under another address (invited before the email changed).
    const existing = (await findAccountByEmail(tx, input.email)) ?? (contact ? await findAccountOfContact(tx, contact) : undefined);
    if (existing) {
      await queueMail(tx, { from: ctx.config.MAIL_FROM, to: existing.account.email, subject: 'You already have an account', text: `Hello ${existing.contact.firstName},\n\nSomeone (maybe you) tried to open an account with this email, which already has one. Sign in at ${ctx.config.publicUrl}/portal/login, or choose a new password at ${ctx.config.publicUrl}/portal/forgot-password.\n` }, now);
      return;
    }
    if (!contact) {
      const [firstName, ...rest] = input.name.split(/\s+/);
      const inserted = await insertChannelContact(tx, { firstName: firstName ?? '', lastName: rest.join(' '), email: input.email, phone: null, source: 'portal' }, { ...ctx, actor: portalSystem });
      [contact] = await tx.select().from(contacts).where(eq(contacts.id, inserted.id));
    }
    const [account] = await tx.insert(portalAccounts).values({ contactId: contact!.id, email: input.email, passwordHash, createdAt: now }).returning();
    const token = await issuePortalToken(tx, account!.id, 'verify_email', now);
    await queueMail(tx, { from: ctx.config.MAIL_FROM, to: input.email, subject: 'Confirm your email address', text: `Hello ${contact!.firstName},\n\nTo finish opening your account, confirm your email address by opening this link within 48 hours:\n\n${ctx.config.publicUrl}/portal/verify-email?token=${encodeURIComponent(token)}\n\nIf you did not ask for an account, ignore this message.\n` }, now);
    await recordEvent(tx, { ...ctx, actor: customerOf(account!, contact!) }, { recordType: 'portal_account', recordId: account!.id, action: 'portal_account.signed_up', changes: { contactId: contact!.id, ipAddress: input.ipAddress } });
  });
}

/** Confirms the address. Opening the same link again (a second tab, a retry) is answered as done. */
export async function verifyEmail(ctx: ServiceContext, token: string): Promise<void> {
  const now = ctx.clock.now();
  const [used] = await ctx.db
    .select({ verifiedAt: portalAccounts.emailVerifiedAt })
    .from(portalTokens)
    .innerJoin(portalAccounts, eq(portalAccounts.id, portalTokens.accountId))
    .where(and(eq(portalTokens.tokenHash, sha256(token)), eq(portalTokens.purpose, 'verify_email'), isNotNull(portalTokens.usedAt)));
  if (used?.verifiedAt) return;
  await ctx.db.transaction(async (tx) => {
    const { accountId } = await consumePortalToken(tx, token, ['verify_email'], now);
    await tx.update(portalAccounts).set({ emailVerifiedAt: now }).where(eq(portalAccounts.id, accountId));
    await recordEvent(tx, { ...ctx, actor: portalSystem }, { recordType: 'portal_account', recordId: accountId, action: 'portal_account.email_verified' });
  });
}

/** Checks credentials and opens a portal session; rate limited per email and per address. */
export async function portalLogin(ctx: ServiceContext, input: { email: string; password: string; ipAddress: string; previousSessionSecret?: string }) {
  const now = ctx.clock.now();
  const rule = { limit: ctx.config.LOGIN_RATE_LIMIT, windowSeconds: ctx.config.LOGIN_RATE_WINDOW_SECONDS };
  await takeRateLimit(ctx.db, `portal-login:email:${input.email.toLowerCase()}`, rule, now, 'sign-in attempts');
  await takeRateLimit(ctx.db, `portal-login:ip:${input.ipAddress}`, { ...rule, limit: rule.limit * 5 }, now, 'sign-in attempts');
  const found = await findAccountByEmail(ctx.db, input.email);
  const valid = await verifyPassword(found?.account.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!found || !valid) throw new AppError('unauthenticated', 'The email or password is wrong');
  if (!found.account.emailVerifiedAt) throw new AppError('unauthenticated', 'Confirm your email address first: open the link we emailed you');
  const sessionSecret = randomSecret(32);
  const csrfToken = randomSecret(24);
  const tokenHash = sha256(sessionSecret);
  const expiresAt = new Date(now.getTime() + ctx.config.SESSION_TTL_HOURS * 3_600_000);
  const actor = customerOf(found.account, found.contact, { tokenHash, csrfToken });
  await ctx.db.transaction(async (tx) => {
    if (input.previousSessionSecret) await tx.delete(portalSessions).where(eq(portalSessions.tokenHash, sha256(input.previousSessionSecret)));
    await tx.insert(portalSessions).values({ tokenHash, accountId: found.account.id, csrfToken, createdAt: now, expiresAt });
    await tx.update(portalAccounts).set({ lastLoginAt: now }).where(eq(portalAccounts.id, found.account.id));
    await recordEvent(tx, { ...ctx, actor }, { recordType: 'portal_account', recordId: found.account.id, action: 'portal_account.logged_in', changes: { ipAddress: input.ipAddress } });
  });
  await clearRateLimit(ctx.db, `portal-login:email:${input.email.toLowerCase()}`);
  return { customer: await describeCustomer({ ...ctx, actor }), sessionSecret, expiresAt };
}

export async function portalLogout(ctx: ServiceContext): Promise<void> {
  if (ctx.actor.kind !== 'customer' || !ctx.actor.sessionTokenHash || !ctx.actor.accountId) return;
  const { sessionTokenHash, accountId } = ctx.actor;
  await ctx.db.transaction(async (tx) => {
    await tx.delete(portalSessions).where(eq(portalSessions.tokenHash, sessionTokenHash));
    await recordEvent(tx, ctx, { recordType: 'portal_account', recordId: accountId, action: 'portal_account.logged_out' });
  });
}

/** Emails a one-time reset link from the password_reset template. Answers the same for unknown emails. */
export async function requestPortalPasswordReset(ctx: ServiceContext, input: { email: string; ipAddress: string }): Promise<void> {
  const now = ctx.clock.now();
  const rule = { limit: ctx.config.PASSWORD_RESET_RATE_LIMIT, windowSeconds: 3600 };
  await takeRateLimit(ctx.db, `portal-reset:email:${input.email.toLowerCase()}`, rule, now, 'password reset requests');
  await takeRateLimit(ctx.db, `portal-reset:ip:${input.ipAddress}`, { ...rule, limit: rule.limit * 4 }, now, 'password reset requests');
  const found = await findAccountByEmail(ctx.db, input.email);
  if (!found) return;
  await ctx.db.transaction(async (tx) => {
    const token = await issuePortalToken(tx, found.account.id, 'reset_password', now);
    await queueTemplateMail(
      tx,
      ctx.config,
      {
        templateKey: 'password_reset',
        to: found.account.email,
        values: { ...mailValues(found.contact, found.account.email), 'reset.link': `${ctx.config.publicUrl}/portal/reset-password?token=${encodeURIComponent(token)}`, 'portal.link': `${ctx.config.publicUrl}/portal` },
      },
      now,
    );
    await recordEvent(tx, { ...ctx, actor: portalSystem }, { recordType: 'portal_account', recordId: found.account.id, action: 'portal_account.password_reset_requested' });
  });
}

/**
 * Sets a new password from a reset or invitation link. The link proves the customer reads that
 * mailbox, so it also verifies the email; every other session of the account ends.
 */
export async function resetPortalPassword(ctx: ServiceContext, input: { token: string; password: string }): Promise<void> {
  const now = ctx.clock.now();
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    const { accountId, purpose } = await consumePortalToken(tx, input.token, ['reset_password', 'invitation'], now);
    await tx.update(portalAccounts).set({ passwordHash, emailVerifiedAt: sql`coalesce(${portalAccounts.emailVerifiedAt}, ${now.toISOString()}::timestamptz)` }).where(eq(portalAccounts.id, accountId));
    await tx.delete(portalSessions).where(eq(portalSessions.accountId, accountId));
    await recordEvent(tx, { ...ctx, actor: portalSystem }, { recordType: 'portal_account', recordId: accountId, action: purpose === 'invitation' ? 'portal_account.invitation_accepted' : 'portal_account.password_reset' });
  });
}

/** Staff invite a contact: an account (without a password) and the portal_invitation mail with a set-password link. */
export async function invitePortalContact(ctx: ServiceContext, contactId: string) {
  assertMayInvite(ctx.actor);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, contactId));
    if (!contact) throw AppError.notFound('Contact');
    let [account] = await tx.select().from(portalAccounts).where(eq(portalAccounts.contactId, contactId));
    const email = account?.email ?? contact.email;
    if (!email) throw new AppError('unprocessable', 'This contact has no email address to send the invitation to', { errors: [{ field: 'email', message: 'is missing on the contact' }] });
    if (!account) {
      const clash = await findAccountByEmail(tx, email);
      if (clash) throw AppError.conflict(`${email} already signs in to My Account as another contact`, 'email');
      [account] = await tx.insert(portalAccounts).values({ contactId, email, createdAt: now }).returning();
    }
    const token = await issuePortalToken(tx, account!.id, 'invitation', now);
    const mail = await queueTemplateMail(
      tx,
      ctx.config,
      {
        templateKey: 'portal_invitation',
        to: email,
        values: {
          ...mailValues(contact, email),
          'invitation.link': `${ctx.config.publicUrl}/portal/reset-password?invitation=1&token=${encodeURIComponent(token)}`,
          'portal.link': `${ctx.config.publicUrl}/portal`,
          'staff.name': ctx.actor.kind === 'user' ? ctx.actor.name : 'We',
        },
      },
      now,
    );
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: contactId, action: 'contact.portal_invited', changes: { accountId: account!.id, email } });
    return { accountId: account!.id, email, mailId: mail.mailId };
  });
}
