import { and, eq, inArray } from 'drizzle-orm';
import { registerContactMergeHandler } from '../customers/index.js';
import { portalAccounts } from './portal.tables.js';

/**
 * A merged contact's My Account sign-in moves to the winner: the customer keeps signing in with
 * the same email and password and now sees the winner's requests (which include their own, moved
 * by care). A contact has one sign-in, so two contacts that both have one cannot be merged until
 * one is removed.
 */
registerContactMergeHandler({
  kind: 'portal_account',
  label: 'My Account sign-in',
  async count(db, contactId) {
    const rows = await db.select({ id: portalAccounts.id }).from(portalAccounts).where(eq(portalAccounts.contactId, contactId));
    return rows.length;
  },
  async blocker(db, loserId, winnerId) {
    const rows = await db.select({ contactId: portalAccounts.contactId, email: portalAccounts.email }).from(portalAccounts).where(inArray(portalAccounts.contactId, [loserId, winnerId]));
    if (rows.length < 2) return null;
    return `Both contacts sign in to My Account (${rows.map((row) => row.email).join(' and ')}); a contact can have only one sign-in`;
  },
  async move(tx, loserId, winnerId) {
    const rows = await tx.update(portalAccounts).set({ contactId: winnerId }).where(eq(portalAccounts.contactId, loserId)).returning({ id: portalAccounts.id });
    return rows.map((row) => row.id);
  },
  async restore(tx, movedIds, loserId, winnerId) {
    if (movedIds.length) await tx.update(portalAccounts).set({ contactId: loserId }).where(and(inArray(portalAccounts.id, movedIds), eq(portalAccounts.contactId, winnerId)));
  },
});
