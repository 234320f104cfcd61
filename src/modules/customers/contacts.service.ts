import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import { queryRows, readTogether, type Queryable } from '../../platform/db/client.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { AppError, isForeignKeyViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { users } from '../access/access.tables.js';
import { collectContactStats } from './contact-stats.js';
import { loadAddresses, loadEmails, loadIdentifiers, loadPhones, phoneCountry, replaceAddresses, replaceEmails, replaceIdentifiers, replacePhones } from './contact-details.js';
import { repeatedEmails, settleDefaults, withDefaultShorthand } from './contact-points.js';
import { activeFieldDefinitions, resolveCustomFieldValues } from './custom-fields.service.js';
import { assertNoFieldErrors } from './field-errors.js';
import type { Contact, CreateContactInput, ListContactsQuery, UpdateContactInput } from './customers.contract.js';
import { assertCanCustomers } from './customers.policy.js';
import { accountContacts, accounts, companies, contactMerges, contacts, type ContactRow } from './customers.tables.js';
import { commonConditions, keyset, pageOf, sortDirection } from './list-query.js';
import { contactSearchSource, explainMatches, recordSearchWords, withSearchThresholds } from './contact-search.js';
import { assertCompanyExists, assertOwnerAssignable } from './references.js';
import type { EmailEntry, PhoneEntry } from './shared.contract.js';

export function contactDisplayName(row: Pick<ContactRow, 'firstName' | 'lastName' | 'email'>): string {
  return `${row.firstName} ${row.lastName}`.trim() || row.email || '(no name)';
}

const contactSelection = { row: contacts, ownerName: users.name, linkedCompanyName: companies.name };
type ContactSelection = { row: ContactRow; ownerName: string | null; linkedCompanyName: string | null };

function selectContacts(db: Queryable) {
  return db.select(contactSelection).from(contacts).leftJoin(users, eq(users.id, contacts.ownerId)).leftJoin(companies, eq(companies.id, contacts.companyId));
}

function toContact({ row, ownerName, linkedCompanyName }: ContactSelection): Contact {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: contactDisplayName(row),
    email: row.email,
    phone: row.phone,
    companyId: row.companyId,
    companyName: linkedCompanyName ?? row.companyName,
    jobTitle: row.jobTitle,
    owner: row.ownerId ? { id: row.ownerId, name: ownerName ?? '' } : null,
    salesRepCode: row.salesRepCode,
    tags: row.tags,
    lifecycleState: row.lifecycleState,
    disabled: row.disabled,
    customFields: row.customFields,
    source: row.source,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The contact's emails, phones, addresses and identifiers. Contacts written before these lists
 * existed (or by the scale seed) have only the email and phone columns; those read as one entry.
 */
export async function loadContactPoints(db: Queryable, row: ContactRow) {
  const [emails, phones, addresses, identifiers] = await readTogether(db, [() => loadEmails(db, row.id), () => loadPhones(db, { contactId: row.id }), () => loadAddresses(db, { contactId: row.id }), () => loadIdentifiers(db, row.id)] as const);
  return {
    emails: emails.length || !row.email ? emails : [{ email: row.email, label: 'other' as const, isDefault: true }],
    phones: phones.length || !row.phone ? phones : [{ number: row.phone, label: 'other' as const, isDefault: true }],
    addresses,
    identifiers,
  };
}

/** Everything about a contact that its history records, for the before/after of an event. */
export function contactSnapshot(
  row: Omit<ContactRow, 'searchName' | 'searchDocument' | 'mergedIntoId' | 'mergedAt'> & Partial<Pick<ContactRow, 'searchName' | 'searchDocument' | 'mergedIntoId' | 'mergedAt'>>,
  points: Awaited<ReturnType<typeof loadContactPoints>>,
) {
  // A merge records its own events (contact.merged); the tombstone columns are not details.
  const { version: _version, updatedAt: _updatedAt, createdAt: _createdAt, id: _id, searchName: _searchName, searchDocument: _searchDocument, mergedIntoId: _mergedIntoId, mergedAt: _mergedAt, ...fields } = row;
  return { ...fields, ...points };
}

const sortKeys = {
  name: sql`lower(${contacts.lastName} || ' ' || ${contacts.firstName} || ' ' || coalesce(${contacts.email}, ''))`,
  created: sql`${contacts.createdAt}`,
  updated: sql`${contacts.updatedAt}`,
};

/**
 * Staff contact list: the shared filters and keyset pages on any sort. With `q`, contacts are
 * found by the ranked search (contact-search.ts), ordered best first unless another sort is asked
 * for, and each says why it matched.
 */
export async function listContacts(ctx: ServiceContext, query: ListContactsQuery) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const conditions: (SQL | undefined)[] = commonConditions(contacts, query, query.cf.length ? await activeFieldDefinitions(ctx.db, 'contact') : []);
  // Contacts merged into another are hidden tombstones (contact-merge.service.ts).
  conditions.push(isNull(contacts.mergedIntoId));
  if (query.companyId) conditions.push(eq(contacts.companyId, query.companyId));
  if (query.lifecycleState) conditions.push(eq(contacts.lifecycleState, query.lifecycleState));
  const sort = query.sort ?? (query.q ? 'relevance' : 'name');
  if (query.q) return searchContactPage(ctx, { ...query, q: query.q }, conditions, sort);
  if (sort === 'relevance') throw AppError.invalid('query.sort', 'relevance needs q');
  const kind = sort === 'name' ? 'text' : 'timestamptz';
  const page = keyset({ key: sortKeys[sort], kind, direction: sortDirection(sort, query.order) }, contacts.id, query.cursor);
  conditions.push(page.condition);
  const rows = await ctx.db
    .select({ ...contactSelection, sortText: page.sortText })
    .from(contacts)
    .leftJoin(users, eq(users.id, contacts.ownerId))
    .leftJoin(companies, eq(companies.id, contacts.companyId))
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const result = pageOf(rows, query.limit, (item) => item.row.id);
  return { items: result.rows.map(toContact), nextCursor: result.nextCursor };
}

/**
 * A page of searched contacts. The search's per-contact rank joins the list's filters in one
 * query; pages are keyset on (rank, id), or on the chosen sort's key as without a search.
 */
async function searchContactPage(ctx: ServiceContext, query: ListContactsQuery & { q: string }, conditions: (SQL | undefined)[], sort: NonNullable<ListContactsQuery['sort']>) {
  let order: SQL;
  let sortValue: SQL;
  if (sort === 'relevance') {
    const after = decodeTypedCursor(query.cursor, z.number().int(), z.uuid());
    const descending = (query.order ?? 'desc') === 'desc';
    if (after) conditions.push(descending ? sql`(-best.rank, contacts.id) > (${-after.sort}::int, ${after.id}::uuid)` : sql`(best.rank, contacts.id) > (${after.sort}::int, ${after.id}::uuid)`);
    order = descending ? sql`best.rank DESC, contacts.id ASC` : sql`best.rank ASC, contacts.id ASC`;
    sortValue = sql`best.rank`;
  } else {
    const kind = sort === 'name' ? 'text' : 'timestamptz';
    const page = keyset({ key: sortKeys[sort], kind, direction: sortDirection(sort, query.order) }, contacts.id, query.cursor);
    conditions.push(page.condition);
    order = sql.join(page.orderBy, sql`, `);
    sortValue = page.sortText;
  }
  const where = and(...conditions);
  const found = await withSearchThresholds(ctx.db, async (tx) => {
    const source = await contactSearchSource(tx, query.q);
    if (!source) return [];
    return queryRows<{ id: string; sort_value: string | number; matches: unknown }>(
      tx,
      sql`SELECT contacts.id, ${sortValue} AS sort_value, best.matches
          FROM ${source} AS best JOIN ${contacts} ON ${contacts.id} = best.contact_id
          ${where ? sql`WHERE ${where}` : sql``}
          ORDER BY ${order} LIMIT ${query.limit + 1}`,
    );
  });
  const page = toPage(found, query.limit, (row) => ({ sort: sort === 'relevance' ? Number(row.sort_value) : String(row.sort_value), id: row.id }));
  const selections = page.items.length ? await selectContacts(ctx.db).where(inArray(contacts.id, page.items.map((row) => row.id))) : [];
  const byId = new Map(selections.map((selection) => [selection.row.id, selection]));
  const items = page.items.flatMap((row) => {
    const selection = byId.get(row.id);
    return selection ? [{ ...toContact(selection), matches: explainMatches(row.matches, query.q) }] : [];
  });
  return { items, nextCursor: page.nextCursor };
}

export async function findContactRow(db: Queryable, id: string, lock = false): Promise<ContactRow> {
  const query = db.select().from(contacts).where(eq(contacts.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Contact');
  return row;
}

async function contactAccounts(db: Queryable, contactId: string) {
  const held = await db.select({ id: accounts.id, number: accounts.number, name: accounts.name }).from(accounts).where(eq(accounts.contactId, contactId)).orderBy(asc(accounts.number));
  const acting = await db
    .select({ id: accounts.id, number: accounts.number, name: accounts.name, role: accountContacts.role })
    .from(accountContacts)
    .innerJoin(accounts, eq(accounts.id, accountContacts.accountId))
    .where(eq(accountContacts.contactId, contactId))
    .orderBy(asc(accounts.number));
  return [...held.map((account) => ({ ...account, role: 'holder' as const })), ...acting.filter((account) => !held.some((own) => own.id === account.id))];
}

export async function getContact(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const [selection] = await selectContacts(ctx.db).where(eq(contacts.id, id));
  if (!selection) throw AppError.notFound('Contact');
  const [points, accountList, stats, mergedInto] = await readTogether(ctx.db, [() => loadContactPoints(ctx.db, selection.row), () => contactAccounts(ctx.db, id), () => collectContactStats(ctx.db, id), () => mergedIntoOf(ctx.db, selection.row)] as const);
  return {
    ...toContact(selection),
    ...points,
    company: selection.row.companyId ? { id: selection.row.companyId, name: selection.linkedCompanyName ?? '' } : null,
    accounts: accountList,
    stats: { ...stats, lastContactAt: stats.lastContactAt?.toISOString() ?? null },
    mergedInto,
  };
}

/** For a merged (tombstone) contact: the contact it lives on in, and the merge that can undo it. */
async function mergedIntoOf(db: Queryable, row: ContactRow) {
  if (!row.mergedIntoId) return null;
  const [winner] = await db.select().from(contacts).where(eq(contacts.id, row.mergedIntoId));
  const [merge] = await db
    .select({ id: contactMerges.id })
    .from(contactMerges)
    .where(and(eq(contactMerges.loserId, row.id), isNull(contactMerges.undoneAt)))
    .orderBy(desc(contactMerges.mergedAt))
    .limit(1);
  return { id: row.mergedIntoId, displayName: winner ? contactDisplayName(winner) : '', mergeId: merge?.id ?? null };
}

type ContactWrite = UpdateContactInput & {
  source?: string;
  /**
   * A contact met on a channel (a web form) is created with the custom fields it was given, as
   * contacts from mail are; the required ones are asked for when staff edit it.
   */
  onlyGivenCustomFields?: boolean;
};

/** The email and phone lists a write ends with, after the shorthand fields and the default rules. */
function settleContactPoints(current: { emails: EmailEntry[]; phones: PhoneEntry[] }, input: ContactWrite) {
  const emailList = withDefaultShorthand(input.emails ?? current.emails, input.email, {
    listGiven: input.emails !== undefined,
    matches: (entry, value) => entry.email.toLowerCase() === value.toLowerCase(),
    make: (email, replacing) => ({ email, label: replacing?.label ?? 'other', isDefault: true }),
  });
  const phoneList = withDefaultShorthand(input.phones ?? current.phones, input.phone === '' ? null : input.phone, {
    listGiven: input.phones !== undefined,
    matches: (entry, value) => entry.number === value,
    make: (number, replacing) => ({ number, label: replacing?.label ?? 'other', isDefault: true }),
  });
  const emailField = input.emails !== undefined ? 'emails' : 'email';
  const emails = settleDefaults(emailList, 'emails');
  const phones = settleDefaults(phoneList, 'phones');
  const addresses = input.addresses ? settleDefaults(input.addresses, 'addresses', (address) => address.kind) : undefined;
  assertNoFieldErrors([...emails.errors, ...repeatedEmails(emails.entries, emailField), ...phones.errors, ...(addresses?.errors ?? [])]);
  return { emails: emails.entries, phones: phones.entries, addresses: addresses?.entries, emailField };
}

/**
 * Creates (before undefined) or updates a contact with its lists, in the caller's transaction,
 * and records the event. Lists given replace the stored ones; custom fields merge.
 */
export async function saveContact(tx: Queryable, ctx: ServiceContext, before: ContactRow | undefined, input: ContactWrite, expectedVersion?: number): Promise<string> {
  if (before?.mergedIntoId) throw AppError.conflict(`${contactDisplayName(before)} was merged into another contact; change that contact instead`);
  const current = before ? await loadContactPoints(tx, before) : { emails: [], phones: [], addresses: [], identifiers: [] };
  const points = settleContactPoints(current, input);
  if (input.ownerId) await assertOwnerAssignable(tx, input.ownerId);
  if (input.companyId) await assertCompanyExists(tx, input.companyId, 'companyId');
  const customFields = await resolveCustomFieldValues(tx, 'contact', before?.customFields ?? {}, input.customFields, before || input.onlyGivenCustomFields ? 'update' : 'create');
  const email = points.emails.find((entry) => entry.isDefault)?.email ?? null;
  const phone = points.phones.find((entry) => entry.isDefault)?.number ?? null;
  const scalars = Object.fromEntries(
    (['firstName', 'lastName', 'companyId', 'companyName', 'jobTitle', 'ownerId', 'salesRepCode', 'tags', 'disabled'] as const).filter((key) => input[key] !== undefined).map((key) => [key, input[key]]),
  ) as Partial<ContactRow>;
  const firstName = scalars.firstName ?? before?.firstName ?? '';
  const lastName = scalars.lastName ?? before?.lastName ?? '';
  if (!firstName && !lastName && !email) throw AppError.invalid('firstName', 'give a name or an email');
  const now = ctx.clock.now();

  let row: ContactRow;
  if (before) {
    const [updated] = await tx
      .update(contacts)
      .set({ ...scalars, customFields, email, phone, updatedAt: now, version: sql`${contacts.version} + 1` })
      .where(and(eq(contacts.id, before.id), eq(contacts.version, expectedVersion ?? before.version)))
      .returning();
    if (!updated) throw staleVersionError('The contact');
    row = updated;
  } else {
    const [created] = await tx
      .insert(contacts)
      .values({ ...scalars, customFields, email, phone, source: input.source ?? 'staff', createdAt: now, updatedAt: now })
      .returning();
    row = created!;
  }
  const owner = { contactId: row.id };
  await recordSearchWords(tx, [row.id]);
  if (!before || input.emails !== undefined || input.email !== undefined) await replaceEmails(tx, row.id, points.emails, points.emailField);
  if (!before || input.phones !== undefined || input.phone !== undefined || points.addresses) await replacePhones(tx, owner, points.phones, phoneCountry(points.addresses ?? current.addresses));
  if (points.addresses) await replaceAddresses(tx, owner, points.addresses);
  if (input.identifiers) await replaceIdentifiers(tx, row.id, input.identifiers);

  const after = contactSnapshot(row, await loadContactPoints(tx, row));
  if (before) {
    const changes = diffFields(contactSnapshot(before, current), after);
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: row.id, action: 'contact.updated', changes });
  } else {
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: row.id, action: 'contact.created', changes: after });
  }
  return row.id;
}

export async function createContact(ctx: ServiceContext, input: CreateContactInput) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  const id = await ctx.db.transaction((tx) => saveContact(tx, ctx, undefined, input));
  return getContact(ctx, id);
}

export async function updateContact(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateContactInput) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  await ctx.db.transaction(async (tx) => {
    const before = await findContactRow(tx, id, true);
    if (before.version !== expectedVersion) throw staleVersionError('The contact');
    await saveContact(tx, ctx, before, input, expectedVersion);
  });
  return getContact(ctx, id);
}

/** Deletes a contact nothing refers to; one with tickets, accounts (or, later, orders) stays. */
export async function deleteContact(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'customer.delete');
  const row = await findContactRow(ctx.db, id);
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.delete(contacts).where(eq(contacts.id, id));
      await recordEvent(tx, ctx, { recordType: 'contact', recordId: id, action: 'contact.deleted', changes: { displayName: contactDisplayName(row), email: row.email } });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw AppError.conflict(`${contactDisplayName(row)} has tickets, accounts or other records and cannot be deleted`);
    throw error;
  }
}
