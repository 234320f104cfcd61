import { and, eq, ne } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { mailSuppressions } from './communications.tables.js';

export type SuppressionReason = 'auto_reply' | 'bounce' | 'mailing_list' | 'manual';

/**
 * Marks an address as an auto-responder or a bouncing mailbox: rule mail skips it from then on,
 * so two robots never answer each other forever. Email-in calls this when it sees
 * Auto-Submitted, X-Autoreply, Precedence: bulk/auto_reply or a delivery status notification.
 */
export async function flagAutomatedAddress(tx: Queryable, address: string, reason: SuppressionReason, now: Date): Promise<void> {
  await tx
    .insert(mailSuppressions)
    .values({ address: address.trim().toLowerCase(), reason, createdAt: now })
    .onConflictDoUpdate({ target: mailSuppressions.address, set: { reason, createdAt: now } });
}

export async function isAutomatedAddress(tx: Queryable, address: string): Promise<boolean> {
  const [row] = await tx.select({ address: mailSuppressions.address }).from(mailSuppressions).where(eq(mailSuppressions.address, address.trim().toLowerCase()));
  return Boolean(row);
}

/**
 * A person wrote from an address email-in had flagged (their out-of-office is over, their mailbox
 * works again): rule mail reaches it again. An address an admin suppressed stays suppressed.
 */
export async function clearAutomatedAddress(tx: Queryable, address: string): Promise<void> {
  await tx.delete(mailSuppressions).where(and(eq(mailSuppressions.address, address.trim().toLowerCase()), ne(mailSuppressions.reason, 'manual')));
}
