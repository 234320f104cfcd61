import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { randomSecret, sha256 } from '../../platform/secrets.js';
import { portalTokens, type PortalTokenPurpose } from './portal.tables.js';

const lifetimeMs: Record<PortalTokenPurpose, number> = {
  verify_email: 48 * 3_600_000,
  reset_password: 3_600_000,
  invitation: 7 * 24 * 3_600_000,
};

/** Stores a one-time link's token (as its digest) and hands back the secret for the mail. */
export async function issuePortalToken(tx: Queryable, accountId: string, purpose: PortalTokenPurpose, now: Date): Promise<string> {
  const token = randomSecret(32);
  await tx.insert(portalTokens).values({ tokenHash: sha256(token), accountId, purpose, expiresAt: new Date(now.getTime() + lifetimeMs[purpose]), createdAt: now });
  return token;
}

/**
 * Uses up a token: marking it used in the statement that checks it makes the link single-use
 * under races. Answers the account it belongs to.
 */
export async function consumePortalToken(tx: Queryable, token: string, purposes: readonly PortalTokenPurpose[], now: Date): Promise<{ accountId: string; purpose: PortalTokenPurpose }> {
  const [row] = await tx
    .update(portalTokens)
    .set({ usedAt: now })
    .where(and(eq(portalTokens.tokenHash, sha256(token)), isNull(portalTokens.usedAt), gt(portalTokens.expiresAt, now)))
    .returning();
  if (!row || !purposes.includes(row.purpose)) throw AppError.invalid('token', 'this link is invalid, already used or expired; ask for a new one');
  return { accountId: row.accountId, purpose: row.purpose };
}
