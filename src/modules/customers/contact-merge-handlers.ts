import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { accountContacts, accounts, contacts, customerNotes } from './customers.tables.js';

/**
 * What a contact merge moves. Each module that keeps records of a contact (care's tickets, the
 * portal's sign-in, commerce's orders later) registers a handler, so this module never imports
 * theirs. A merge calls every handler's `move` in its transaction and keeps the ids it returns;
 * an undo hands exactly those ids back to `restore`, in the reverse order.
 */
export interface ContactMergeHandler {
  /** Stable name: the key of the moved ids in the merge record ("tickets"). */
  kind: string;
  /** What the preview calls these records ("Tickets"). */
  label: string;
  /** How many of these records the contact has: the preview says what will move. */
  count(db: Queryable, contactId: string): Promise<number>;
  /** Why these two contacts cannot be merged because of this kind of record, if they cannot. */
  blocker?(db: Queryable, loserId: string, winnerId: string): Promise<string | null>;
  /** Moves the loser's records to the winner; answers the ids of what moved (handler's own format). */
  move(tx: Queryable, loserId: string, winnerId: string): Promise<string[]>;
  /** Moves back what `move` moved, where it is still on the winner. */
  restore(tx: Queryable, movedIds: string[], loserId: string, winnerId: string): Promise<void>;
}

const handlers: ContactMergeHandler[] = [];

export function registerContactMergeHandler(handler: ContactMergeHandler): void {
  if (handlers.some((existing) => existing.kind === handler.kind)) throw new Error(`contact merge handler ${handler.kind} is registered twice`);
  handlers.push(handler);
}

export function contactMergeHandlers(): readonly ContactMergeHandler[] {
  return handlers;
}

const uuidList = (ids: string[]) => sql`ARRAY[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;

/**
 * The handler for records that point at a contact through one column (notes, tickets, form
 * submissions...): move rewrites that column from loser to winner and answers the rows' `id`s;
 * restore rewrites back exactly those still on the winner.
 */
export function contactColumnMergeHandler(input: { kind: string; label: string; id: PgColumn; contactId: PgColumn }): ContactMergeHandler {
  const table = input.contactId.table;
  const column = sql.identifier(input.contactId.name);
  return {
    kind: input.kind,
    label: input.label,
    async count(db, contactId) {
      const [row] = await queryRows<{ value: number }>(db, sql`SELECT count(*)::int AS value FROM ${table} WHERE ${column} = ${contactId}::uuid`);
      return Number(row?.value ?? 0);
    },
    async move(tx, loserId, winnerId) {
      const rows = await queryRows<{ id: string }>(tx, sql`UPDATE ${table} SET ${column} = ${winnerId}::uuid WHERE ${column} = ${loserId}::uuid RETURNING ${sql.identifier(input.id.name)}::text AS id`);
      return rows.map((row) => row.id);
    },
    async restore(tx, movedIds, loserId, winnerId) {
      if (movedIds.length) await tx.execute(sql`UPDATE ${table} SET ${column} = ${loserId}::uuid WHERE ${sql.identifier(input.id.name)}::text = ANY(${`{${movedIds.join(',')}}`}::text[]) AND ${column} = ${winnerId}::uuid`);
    },
  };
}

registerContactMergeHandler(contactColumnMergeHandler({ kind: 'notes', label: 'Notes', id: customerNotes.id, contactId: customerNotes.contactId }));

registerContactMergeHandler(contactColumnMergeHandler({ kind: 'accounts', label: 'Accounts held', id: accounts.id, contactId: accounts.contactId }));

/**
 * Accounts the loser acts on. Where the winner already acts on the same account, the winner's
 * link (and role) stays and the loser's is dropped; it is remembered as `dropped:<account>:<role>`
 * so an undo can put it back. A moved link is `moved:<account>`.
 */
registerContactMergeHandler({
  kind: 'account_contacts',
  label: 'Accounts acted on',
  async count(db, contactId) {
    const [row] = await db.select({ value: count() }).from(accountContacts).where(eq(accountContacts.contactId, contactId));
    return Number(row?.value ?? 0);
  },
  async move(tx, loserId, winnerId) {
    const dropped = await queryRows<{ account_id: string; role: string }>(
      tx,
      sql`DELETE FROM account_contacts AS l USING account_contacts AS w
          WHERE l.contact_id = ${loserId}::uuid AND w.contact_id = ${winnerId}::uuid AND w.account_id = l.account_id
          RETURNING l.account_id, l.role`,
    );
    const moved = await tx.update(accountContacts).set({ contactId: winnerId }).where(eq(accountContacts.contactId, loserId)).returning({ accountId: accountContacts.accountId });
    return [...moved.map((row) => `moved:${row.accountId}`), ...dropped.map((row) => `dropped:${row.account_id}:${row.role}`)];
  },
  async restore(tx, movedIds, loserId, winnerId) {
    const moved = movedIds.filter((id) => id.startsWith('moved:')).map((id) => id.slice('moved:'.length));
    if (moved.length) await tx.update(accountContacts).set({ contactId: loserId }).where(and(inArray(accountContacts.accountId, moved), eq(accountContacts.contactId, winnerId)));
    const dropped = movedIds.filter((id) => id.startsWith('dropped:')).map((id) => id.split(':'));
    for (const [, accountId, role] of dropped) {
      await tx.execute(sql`INSERT INTO account_contacts (account_id, contact_id, role) SELECT ${accountId}::uuid, ${loserId}::uuid, ${role} WHERE EXISTS (SELECT 1 FROM accounts WHERE id = ${accountId}::uuid) ON CONFLICT DO NOTHING`);
    }
  },
});

/**
 * Contacts merged into the loser earlier now point at the winner, so the winner's timeline shows
 * their events and their old addresses lead to the winner.
 */
registerContactMergeHandler({
  kind: 'merged_contacts',
  label: 'Contacts merged earlier',
  async count(db, contactId) {
    const [row] = await db.select({ value: count() }).from(contacts).where(eq(contacts.mergedIntoId, contactId));
    return Number(row?.value ?? 0);
  },
  async move(tx, loserId, winnerId) {
    const rows = await tx.update(contacts).set({ mergedIntoId: winnerId }).where(eq(contacts.mergedIntoId, loserId)).returning({ id: contacts.id });
    return rows.map((row) => row.id);
  },
  async restore(tx, movedIds, loserId, winnerId) {
    if (movedIds.length) await tx.execute(sql`UPDATE contacts SET merged_into_id = ${loserId}::uuid WHERE id = ANY(${uuidList(movedIds)}) AND merged_into_id = ${winnerId}::uuid`);
  },
});
