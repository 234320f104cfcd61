import { eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import type { BatchUpdateContactsInput } from './customers.contract.js';
import { assertCanCustomers } from './customers.policy.js';
import { contacts } from './customers.tables.js';
import { assertOwnerAssignable } from './references.js';

/** Assigns an owner, adds or removes tags, or disables/enables many contacts in one transaction. */
export async function batchUpdateContacts(ctx: ServiceContext, input: BatchUpdateContactsInput) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  if (input.ownerId) await assertOwnerAssignable(ctx.db, input.ownerId);
  const ids = [...new Set(input.ids)];
  return ctx.db.transaction(async (tx) => {
    const rows = await tx.select().from(contacts).where(inArray(contacts.id, ids)).for('update');
    const missing = ids.findIndex((id) => !rows.some((row) => row.id === id));
    if (missing >= 0) throw AppError.invalid(`ids.${missing}`, 'unknown contact');
    const now = ctx.clock.now();
    let updated = 0;
    for (const row of rows) {
      const tags = [...new Set([...row.tags.filter((tag) => !input.removeTags?.includes(tag)), ...(input.addTags ?? [])])];
      const next = { ownerId: input.ownerId !== undefined ? input.ownerId : row.ownerId, tags, disabled: input.disabled ?? row.disabled };
      const changes = Object.fromEntries(
        (['ownerId', 'tags', 'disabled'] as const).filter((key) => JSON.stringify(row[key]) !== JSON.stringify(next[key])).map((key) => [key, { from: row[key], to: next[key] }]),
      );
      if (!Object.keys(changes).length) continue;
      await tx.update(contacts).set({ ...next, updatedAt: now, version: sql`${contacts.version} + 1` }).where(eq(contacts.id, row.id));
      await recordEvent(tx, ctx, { recordType: 'contact', recordId: row.id, action: 'contact.updated', changes: { ...changes, batch: true } });
      updated += 1;
    }
    return { updated };
  });
}
