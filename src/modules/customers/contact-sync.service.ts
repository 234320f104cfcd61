import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { findAccountByNumber, insertAccount } from './accounts.service.js';
import { identifierKey } from './contact-points.js';
import { findContactRow, getContact, saveContact } from './contacts.service.js';
import type { BatchUpdateContactsInput, CreateContactInput, UpsertContactQuery } from './customers.contract.js';
import { assertCanCustomers } from './customers.policy.js';
import { contactEmails, contactIdentifiers, contacts } from './customers.tables.js';
import { assertOwnerAssignable } from './references.js';

/** The contact a natural key points at, if any. */
async function findByKey(db: Queryable, query: UpsertContactQuery): Promise<string | undefined> {
  switch (query.key) {
    case 'email': {
      const email = query.value.toLowerCase();
      const [listed] = await db.select({ id: contactEmails.contactId }).from(contactEmails).where(sql`lower(${contactEmails.email}) = ${email}`);
      if (listed) return listed.id;
      // Contacts from before the email list (or the scale seed) have only the column.
      const [legacy] = await db.select({ id: contacts.id }).from(contacts).where(sql`lower(${contacts.email}) = ${email}`).limit(1);
      return legacy?.id;
    }
    case 'identifier': {
      const [row] = await db
        .select({ id: contactIdentifiers.contactId })
        .from(contactIdentifiers)
        .where(and(eq(contactIdentifiers.kind, query.identifierKind!), eq(contactIdentifiers.valueKey, identifierKey(query.value))));
      return row?.id;
    }
    case 'accountNumber': {
      const account = await findAccountByNumber(db, query.value);
      if (account?.companyId) throw AppError.conflict(`The account ${account.number} belongs to a company, not a contact`, 'value');
      return account?.contactId ?? undefined;
    }
  }
}

/** The create input with the key itself added, so the new contact is found by it next time. */
function withKey(input: CreateContactInput, query: UpsertContactQuery): CreateContactInput {
  if (query.key === 'email') {
    const listed = [input.email, ...(input.emails ?? []).map((entry) => entry.email)].some((email) => email?.toLowerCase() === query.value.toLowerCase());
    if (listed) return input;
    // The `email` shorthand, if sent, still becomes the default; the key joins the list.
    const emails = input.emails ?? (input.email ? [{ email: input.email, label: 'other' as const, isDefault: true }] : []);
    return { ...input, emails: [...emails, { email: query.value, label: 'other', isDefault: emails.length === 0 }] };
  }
  if (query.key === 'identifier') {
    const identifiers = input.identifiers ?? [];
    const listed = identifiers.some((entry) => entry.kind === query.identifierKind && identifierKey(entry.value) === identifierKey(query.value));
    return listed ? input : { ...input, identifiers: [...identifiers, { kind: query.identifierKind!, value: query.value }] };
  }
  return input;
}

/**
 * Creates or updates the contact a natural key points at, for an ERP or storefront that syncs
 * customers. Fields sent replace the stored ones (lists whole, custom fields merged); no version
 * is needed, the sync being the source of truth. Answers whether the contact was created.
 */
export async function upsertContact(ctx: ServiceContext, query: UpsertContactQuery, input: CreateContactInput) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  if (query.key === 'accountNumber') assertCanCustomers(ctx.actor, 'account.manage');
  const attempt = () =>
    ctx.db.transaction(async (tx) => {
      const existingId = await findByKey(tx, query);
      if (existingId) {
        const before = await findContactRow(tx, existingId, true);
        const { firstName, lastName, ...rest } = input;
        // Names are sent on create with defaults of ''; on update only non-empty ones replace.
        await saveContact(tx, ctx, before, { ...rest, ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}), source: undefined });
        return { id: existingId, created: false };
      }
      const id = await saveContact(tx, ctx, undefined, { ...withKey(input, query), source: 'api' });
      if (query.key === 'accountNumber') await insertAccount(tx, ctx, { number: query.value, name: '', contactId: id });
      return { id, created: true };
    });
  let result: { id: string; created: boolean };
  try {
    result = await attempt();
  } catch (error) {
    // Two syncs of one new customer at once: the loser finds the winner's row on a second try.
    if (!isUniqueViolation(error)) throw error;
    result = await attempt();
  }
  return { created: result.created, contact: await getContact(ctx, result.id) };
}

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
