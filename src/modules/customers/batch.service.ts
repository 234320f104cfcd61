import { eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { assertCanCustomers } from './customers.policy.js';
import { accounts, companies, contacts, type CustomerRecordKind } from './customers.tables.js';
import { assertOwnerAssignable } from './references.js';
import type { BatchUpdateInput } from './shared.contract.js';

interface BatchRow {
  id: string;
  ownerId: string | null;
  tags: string[];
  disabled: boolean;
}

type BatchFields = Pick<BatchRow, 'ownerId' | 'tags' | 'disabled'>;

/**
 * How a batch reads and writes each kind of record; the same three columns on each table. Rows
 * are locked in id order, so two batches over overlapping rows wait for each other, never deadlock.
 */
const batchTargets: Record<CustomerRecordKind, { label: string; load: (tx: Queryable, ids: string[]) => Promise<BatchRow[]>; save: (tx: Queryable, id: string, fields: BatchFields, now: Date) => Promise<unknown> }> = {
  contact: {
    label: 'contact',
    load: (tx, ids) => tx.select({ id: contacts.id, ownerId: contacts.ownerId, tags: contacts.tags, disabled: contacts.disabled }).from(contacts).where(inArray(contacts.id, ids)).orderBy(contacts.id).for('update'),
    save: (tx, id, fields, now) => tx.update(contacts).set({ ...fields, updatedAt: now, version: sql`${contacts.version} + 1` }).where(eq(contacts.id, id)),
  },
  company: {
    label: 'company',
    load: (tx, ids) => tx.select({ id: companies.id, ownerId: companies.ownerId, tags: companies.tags, disabled: companies.disabled }).from(companies).where(inArray(companies.id, ids)).orderBy(companies.id).for('update'),
    save: (tx, id, fields, now) => tx.update(companies).set({ ...fields, updatedAt: now, version: sql`${companies.version} + 1` }).where(eq(companies.id, id)),
  },
  account: {
    label: 'account',
    load: (tx, ids) => tx.select({ id: accounts.id, ownerId: accounts.ownerId, tags: accounts.tags, disabled: accounts.disabled }).from(accounts).where(inArray(accounts.id, ids)).orderBy(accounts.id).for('update'),
    save: (tx, id, fields, now) => tx.update(accounts).set({ ...fields, updatedAt: now, version: sql`${accounts.version} + 1` }).where(eq(accounts.id, id)),
  },
};

/**
 * Assigns an owner, adds or removes tags, or disables/enables many records of one kind in one
 * transaction: all or none, one event per record that changed.
 */
export async function batchUpdateRecords(ctx: ServiceContext, kind: CustomerRecordKind, input: BatchUpdateInput) {
  assertCanCustomers(ctx.actor, kind === 'account' ? 'account.manage' : 'customer.manage');
  if (input.ownerId) await assertOwnerAssignable(ctx.db, input.ownerId);
  const target = batchTargets[kind];
  const ids = [...new Set(input.ids)];
  return ctx.db.transaction(async (tx) => {
    const rows = await target.load(tx, ids);
    const missing = input.ids.findIndex((id) => !rows.some((row) => row.id === id));
    if (missing >= 0) throw AppError.invalid(`ids.${missing}`, `unknown ${target.label}`);
    const now = ctx.clock.now();
    let updated = 0;
    for (const row of rows) {
      const tags = [...new Set([...row.tags.filter((tag) => !input.removeTags?.includes(tag)), ...(input.addTags ?? [])])];
      const next: BatchFields = { ownerId: input.ownerId !== undefined ? input.ownerId : row.ownerId, tags, disabled: input.disabled ?? row.disabled };
      const changes = Object.fromEntries(
        (['ownerId', 'tags', 'disabled'] as const).filter((key) => JSON.stringify(row[key]) !== JSON.stringify(next[key])).map((key) => [key, { from: row[key], to: next[key] }]),
      );
      if (!Object.keys(changes).length) continue;
      await target.save(tx, row.id, next, now);
      await recordEvent(tx, ctx, { recordType: kind, recordId: row.id, action: `${kind}.updated`, changes: { ...changes, batch: true } });
      updated += 1;
    }
    return { updated };
  });
}
