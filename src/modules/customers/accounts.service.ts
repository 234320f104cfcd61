import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { users } from '../access/access.tables.js';
import type { CreateAccountInput, ListAccountsQuery, UpdateAccountInput } from './accounts.contract.js';
import { activeFieldDefinitions, resolveCustomFieldValues } from './custom-fields.service.js';
import { assertCanCustomers } from './customers.policy.js';
import { accountContacts, accounts, companies, contacts, type AccountRole, type AccountRow } from './customers.tables.js';
import { commonConditions, containsPattern, keyset, pageOf, sortDirection } from './list-query.js';
import { assertCompanyExists, assertContactExists, assertOwnerAssignable } from './references.js';

const holderContact = alias(contacts, 'holder_contact');
const holderName = sql<string>`coalesce(${companies.name}, nullif(trim(${holderContact.firstName} || ' ' || ${holderContact.lastName}), ''), ${holderContact.email}, '')`;
const accountSelection = { row: accounts, ownerName: users.name, holderName };

function selectAccounts(db: Queryable, extra: Record<string, SQL> = {}) {
  return db
    .select({ ...accountSelection, ...extra })
    .from(accounts)
    .leftJoin(users, eq(users.id, accounts.ownerId))
    .leftJoin(companies, eq(companies.id, accounts.companyId))
    .leftJoin(holderContact, eq(holderContact.id, accounts.contactId));
}

function toAccount({ row, ownerName, holderName: name }: { row: AccountRow; ownerName: string | null; holderName: string }) {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    holder: row.companyId ? { kind: 'company' as const, id: row.companyId, name } : { kind: 'contact' as const, id: row.contactId!, name },
    classification: row.classification,
    creditRating: row.creditRating,
    salesRepCode: row.salesRepCode,
    owner: row.ownerId ? { id: row.ownerId, name: ownerName ?? '' } : null,
    tags: row.tags,
    disabled: row.disabled,
    customFields: row.customFields,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const sortKeys = {
  number: sql`lower(${accounts.number})`,
  name: sql`lower(${accounts.name} || ' ' || ${accounts.number})`,
  created: sql`${accounts.createdAt}`,
  updated: sql`${accounts.updatedAt}`,
};

export async function listAccounts(ctx: ServiceContext, query: ListAccountsQuery) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const conditions: (SQL | undefined)[] = commonConditions(accounts, query, query.cf.length ? await activeFieldDefinitions(ctx.db, 'account') : []);
  if (query.q) conditions.push(or(sql`lower(${accounts.number}) LIKE ${containsPattern(query.q)}`, sql`lower(${accounts.name}) LIKE ${containsPattern(query.q)}`));
  if (query.companyId) conditions.push(eq(accounts.companyId, query.companyId));
  if (query.classification) conditions.push(eq(accounts.classification, query.classification));
  if (query.contactId) {
    conditions.push(
      or(eq(accounts.contactId, query.contactId), sql`EXISTS (SELECT 1 FROM ${accountContacts} WHERE ${accountContacts.accountId} = ${accounts.id} AND ${accountContacts.contactId} = ${query.contactId})`),
    );
  }
  const page = keyset({ key: sortKeys[query.sort], kind: query.sort === 'created' || query.sort === 'updated' ? 'timestamptz' : 'text', direction: sortDirection(query.sort, query.order) }, accounts.id, query.cursor);
  conditions.push(page.condition);
  const rows = await selectAccounts(ctx.db, { sortText: page.sortText })
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const result = pageOf(rows as ((typeof rows)[number] & { sortText: string })[], query.limit, (item) => item.row.id);
  return { items: result.rows.map(toAccount), nextCursor: result.nextCursor };
}

async function findAccountRow(db: Queryable, id: string, lock = false): Promise<AccountRow> {
  const query = db.select().from(accounts).where(eq(accounts.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Account');
  return row;
}

async function actingContacts(db: Queryable, accountId: string) {
  return db
    .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, role: accountContacts.role })
    .from(accountContacts)
    .innerJoin(contacts, eq(contacts.id, accountContacts.contactId))
    .where(eq(accountContacts.accountId, accountId))
    .orderBy(asc(contacts.lastName), asc(contacts.firstName));
}

export async function getAccount(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const [selection] = await selectAccounts(ctx.db).where(eq(accounts.id, id));
  if (!selection) throw AppError.notFound('Account');
  const acting = await actingContacts(ctx.db, id);
  return {
    ...toAccount(selection),
    contacts: acting.map((contact) => ({ id: contact.id, name: `${contact.firstName} ${contact.lastName}`.trim() || contact.email || '(no name)', email: contact.email, role: contact.role })),
  };
}

/**
 * A contact who holds or acts on an account is a financial customer from then on (CRM.COM's
 * life cycle); the change is the contact's own event, written with the account's.
 */
async function markFinancial(tx: Queryable, ctx: ServiceContext, contactIds: string[], accountNumber: string) {
  if (!contactIds.length) return;
  const changed = await tx
    .update(contacts)
    .set({ lifecycleState: 'financial', updatedAt: ctx.clock.now(), version: sql`${contacts.version} + 1` })
    .where(and(inArray(contacts.id, contactIds), ne(contacts.lifecycleState, 'financial')))
    .returning({ id: contacts.id });
  for (const contact of changed) {
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: contact.id, action: 'contact.updated', changes: { lifecycleState: { from: 'prospect', to: 'financial' }, account: accountNumber } });
  }
}

async function replaceActingContacts(tx: Queryable, accountId: string, entries: { contactId: string; role: AccountRole }[]) {
  const seen = new Set<string>();
  for (const [index, entry] of entries.entries()) {
    if (seen.has(entry.contactId)) throw AppError.invalid(`contacts.${index}.contactId`, 'is listed twice');
    seen.add(entry.contactId);
    await assertContactExists(tx, entry.contactId, `contacts.${index}.contactId`);
  }
  await tx.delete(accountContacts).where(eq(accountContacts.accountId, accountId));
  if (entries.length) await tx.insert(accountContacts).values(entries.map((entry) => ({ accountId, contactId: entry.contactId, role: entry.role })));
}

function numberTaken(number: string) {
  return AppError.conflict(`The account number ${number} is taken`, 'number');
}

/** Creates an account in the caller's transaction (createAccount and the contact upsert share it). */
export async function insertAccount(tx: Queryable, ctx: ServiceContext, input: CreateAccountInput): Promise<string> {
  if (input.contactId) await assertContactExists(tx, input.contactId, 'contactId');
  if (input.companyId) await assertCompanyExists(tx, input.companyId, 'companyId');
  if (input.ownerId) await assertOwnerAssignable(tx, input.ownerId);
  const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(sql`lower(${accounts.number}) = ${input.number.toLowerCase()}`);
  if (taken) throw numberTaken(input.number);
  const customFields = await resolveCustomFieldValues(tx, 'account', {}, input.customFields, 'create');
  const now = ctx.clock.now();
  const { contacts: acting = [], customFields: _values, ...fields } = input;
  const [row] = await tx
    .insert(accounts)
    .values({ ...fields, contactId: input.contactId ?? null, companyId: input.companyId ?? null, customFields, createdAt: now, updatedAt: now })
    .returning();
  await replaceActingContacts(tx, row!.id, acting);
  await recordEvent(tx, ctx, { recordType: 'account', recordId: row!.id, action: 'account.created', changes: { ...fields, customFields, contacts: acting } });
  await markFinancial(tx, ctx, [...(row!.contactId ? [row!.contactId] : []), ...acting.map((entry) => entry.contactId)], row!.number);
  return row!.id;
}

export async function createAccount(ctx: ServiceContext, input: CreateAccountInput) {
  assertCanCustomers(ctx.actor, 'account.manage');
  try {
    const id = await ctx.db.transaction((tx) => insertAccount(tx, ctx, input));
    return getAccount(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw numberTaken(input.number);
    throw error;
  }
}

export async function updateAccount(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateAccountInput) {
  assertCanCustomers(ctx.actor, 'account.manage');
  if (input.contactId && input.companyId) throw AppError.invalid('contactId', 'give either a contactId or a companyId');
  if (input.contactId === null && input.companyId === undefined) throw AppError.invalid('contactId', 'an account needs a holder; give a companyId to move it');
  if (input.companyId === null && input.contactId === undefined) throw AppError.invalid('companyId', 'an account needs a holder; give a contactId to move it');
  try {
    await ctx.db.transaction(async (tx) => {
      const before = await findAccountRow(tx, id, true);
      if (before.version !== expectedVersion) throw staleVersionError('The account');
      if (input.contactId) await assertContactExists(tx, input.contactId, 'contactId');
      if (input.companyId) await assertCompanyExists(tx, input.companyId, 'companyId');
      if (input.ownerId) await assertOwnerAssignable(tx, input.ownerId);
      if (input.number && input.number.toLowerCase() !== before.number.toLowerCase()) {
        const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(sql`lower(${accounts.number}) = ${input.number.toLowerCase()}`);
        if (taken) throw numberTaken(input.number);
      }
      const customFields = await resolveCustomFieldValues(tx, 'account', before.customFields, input.customFields, 'update');
      const { contacts: acting, customFields: _values, ...fields } = input;
      const holder = input.contactId ? { contactId: input.contactId, companyId: null } : input.companyId ? { companyId: input.companyId, contactId: null } : {};
      const beforeActing = await tx.select({ contactId: accountContacts.contactId, role: accountContacts.role }).from(accountContacts).where(eq(accountContacts.accountId, id)).orderBy(asc(accountContacts.contactId));
      const [updated] = await tx
        .update(accounts)
        .set({ ...fields, ...holder, customFields, updatedAt: ctx.clock.now(), version: sql`${accounts.version} + 1` })
        .where(eq(accounts.id, id))
        .returning();
      if (acting) await replaceActingContacts(tx, id, acting);
      const afterActing = acting ? [...acting].sort((a, b) => a.contactId.localeCompare(b.contactId)) : beforeActing;
      await recordEvent(tx, ctx, {
        recordType: 'account',
        recordId: id,
        action: 'account.updated',
        changes: diffFields({ ...before, contacts: beforeActing }, { ...updated!, contacts: afterActing }, ['version', 'updatedAt']),
      });
      await markFinancial(tx, ctx, [...(updated!.contactId ? [updated!.contactId] : []), ...(acting ?? []).map((entry) => entry.contactId)], updated!.number);
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.number) throw numberTaken(input.number);
    throw error;
  }
  return getAccount(ctx, id);
}

/** The holder contact of an account, by number: how an ERP that keys customers on account numbers finds one. */
export async function findAccountByNumber(db: Queryable, number: string) {
  const [row] = await db.select().from(accounts).where(sql`lower(${accounts.number}) = ${number.toLowerCase()}`);
  return row;
}
