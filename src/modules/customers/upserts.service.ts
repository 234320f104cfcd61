/** Create-or-update by natural key, for an ERP or storefront that syncs customers into Patron. */
import { and, eq, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import type { UpsertAccountInput } from './accounts.contract.js';
import { createAccount, findAccountByNumber, insertAccount, updateAccount } from './accounts.service.js';
import type { UpsertCompanyInput } from './companies.contract.js';
import { createCompany, findCompanyByVatNumber, updateCompany } from './companies.service.js';
import { identifierKey } from './contact-points.js';
import { findContactRow, getContact, saveContact } from './contacts.service.js';
import type { CreateContactInput, UpsertContactQuery } from './customers.contract.js';
import { assertCanCustomers } from './customers.policy.js';
import { contactEmails, contactIdentifiers, contacts } from './customers.tables.js';

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
  const result = await withOneRetry(attempt);
  return { created: result.created, contact: await getContact(ctx, result.id) };
}

/**
 * Runs a create-or-update twice at most: when another sync wins the race (the create hits the
 * unique key, or the update meets a newer version), the second try sees its row.
 */
async function withOneRetry<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    const lostRace = isUniqueViolation(error) || (error instanceof AppError && (error.code === 'conflict' || error.code === 'precondition_failed'));
    if (lostRace) return attempt();
    throw error;
  }
}

/** Creates or updates the account with this number (ERP sync); fields sent replace stored ones. */
export async function upsertAccount(ctx: ServiceContext, number: string, input: UpsertAccountInput) {
  assertCanCustomers(ctx.actor, 'account.manage');
  return withOneRetry(async () => {
    const existing = await findAccountByNumber(ctx.db, number);
    if (existing) return { created: false, account: await updateAccount(ctx, existing.id, existing.version, input) };
    if (Boolean(input.contactId) === Boolean(input.companyId)) throw AppError.invalid('contactId', 'a new account needs either a contactId or a companyId');
    return { created: true, account: await createAccount(ctx, { ...input, number, name: input.name ?? '' }) };
  });
}

/** Creates or updates the company with this VAT number (however typed); fields sent replace stored ones. */
export async function upsertCompany(ctx: ServiceContext, vatNumber: string, input: UpsertCompanyInput) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  return withOneRetry(async () => {
    const existing = await findCompanyByVatNumber(ctx.db, vatNumber);
    if (existing) return { created: false, company: await updateCompany(ctx, existing.id, existing.version, input) };
    if (!input.name) throw AppError.invalid('name', 'a new company needs a name');
    return { created: true, company: await createCompany(ctx, { ...input, name: input.name, vatNumber }) };
  });
}
