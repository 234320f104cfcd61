import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { users } from '../access/access.tables.js';
import type { CreateCompanyInput, ListCompaniesQuery, UpdateCompanyInput } from './companies.contract.js';
import { loadAddresses, loadPhones, phoneCountry, replaceAddresses, replacePhones } from './contact-details.js';
import { closesCompanyCycle, identifierKey, settleDefaults } from './contact-points.js';
import { activeFieldDefinitions, resolveCustomFieldValues } from './custom-fields.service.js';
import { assertCanCustomers } from './customers.policy.js';
import { assertNoFieldErrors } from './field-errors.js';
import { accounts, companies, contacts, type CompanyRow } from './customers.tables.js';
import { commonConditions, containsPattern, keyset, pageOf, sortDirection } from './list-query.js';
import { assertCompanyExists, assertOwnerAssignable } from './references.js';
import type { AddressEntry, PhoneEntry } from './shared.contract.js';

const parent = alias(companies, 'parent_company');
const companySelection = { row: companies, ownerName: users.name, parentName: parent.name };
type CompanySelection = { row: CompanyRow; ownerName: string | null; parentName: string | null };

function selectCompanies(db: Queryable, extra: Record<string, SQL> = {}) {
  return db
    .select({ ...companySelection, ...extra })
    .from(companies)
    .leftJoin(users, eq(users.id, companies.ownerId))
    .leftJoin(parent, eq(parent.id, companies.parentId));
}

/** The default phone is the first of a company's phones; the list query reads it with a subselect. */
const defaultPhone = sql<string | null>`(SELECT number FROM customer_phones WHERE customer_phones.company_id = ${companies.id} AND is_default LIMIT 1)`;

function toCompany({ row, ownerName, parentName }: CompanySelection, phone: string | null) {
  return {
    id: row.id,
    name: row.name,
    vatNumber: row.vatNumber,
    website: row.website,
    parent: row.parentId ? { id: row.parentId, name: parentName ?? '' } : null,
    owner: row.ownerId ? { id: row.ownerId, name: ownerName ?? '' } : null,
    salesRepCode: row.salesRepCode,
    phone,
    tags: row.tags,
    disabled: row.disabled,
    customFields: row.customFields,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const sortKeys = { name: sql`lower(${companies.name})`, created: sql`${companies.createdAt}`, updated: sql`${companies.updatedAt}` };

export async function listCompanies(ctx: ServiceContext, query: ListCompaniesQuery) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const conditions: (SQL | undefined)[] = commonConditions(companies, query, query.cf.length ? await activeFieldDefinitions(ctx.db, 'company') : []);
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(or(sql`lower(${companies.name}) LIKE ${pattern}`, sql`lower(${companies.vatNumber}) LIKE ${pattern}`, sql`lower(${companies.website}) LIKE ${pattern}`));
  }
  if (query.parentId) conditions.push(eq(companies.parentId, query.parentId));
  const page = keyset({ key: sortKeys[query.sort], kind: query.sort === 'name' ? 'text' : 'timestamptz', direction: sortDirection(query.sort, query.order) }, companies.id, query.cursor);
  conditions.push(page.condition);
  const rows = await selectCompanies(ctx.db, { sortText: page.sortText, phone: defaultPhone })
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(query.limit + 1);
  const result = pageOf(rows as ((typeof rows)[number] & { sortText: string; phone: string | null })[], query.limit, (item) => item.row.id);
  return { items: result.rows.map((item) => toCompany(item, item.phone)), nextCursor: result.nextCursor };
}

async function findCompanyRow(db: Queryable, id: string, lock = false): Promise<CompanyRow> {
  const query = db.select().from(companies).where(eq(companies.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw AppError.notFound('Company');
  return row;
}

export async function getCompany(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'customer.read');
  const [selection] = await selectCompanies(ctx.db).where(eq(companies.id, id));
  if (!selection) throw AppError.notFound('Company');
  const [phones, addresses, children, people, accountList] = await Promise.all([
    loadPhones(ctx.db, { companyId: id }),
    loadAddresses(ctx.db, { companyId: id }),
    ctx.db.select({ id: companies.id, name: companies.name }).from(companies).where(eq(companies.parentId, id)).orderBy(asc(companies.name)),
    ctx.db.select().from(contacts).where(and(eq(contacts.companyId, id), isNull(contacts.mergedIntoId))).orderBy(asc(contacts.lastName), asc(contacts.firstName)).limit(200),
    ctx.db.select({ id: accounts.id, number: accounts.number, name: accounts.name }).from(accounts).where(eq(accounts.companyId, id)).orderBy(asc(accounts.number)),
  ]);
  return {
    ...toCompany(selection, phones.find((phone) => phone.isDefault)?.number ?? null),
    phones,
    addresses,
    children,
    contacts: people.map((row) => ({ id: row.id, displayName: `${row.firstName} ${row.lastName}`.trim() || row.email || '(no name)', email: row.email })),
    accounts: accountList,
  };
}

/**
 * Serialises moves in the company tree. Taken before the moved company's row is locked: a move
 * also needs a share lock on the new parent's row (its foreign key), so taking this lock later
 * could deadlock with a move the other way.
 */
async function lockHierarchy(tx: Queryable) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('patron.companies.hierarchy'))`);
}

/** Refuses a parent that would put the company above itself, directly or through others. */
async function assertParentAllowed(tx: Queryable, companyId: string | undefined, parentId: string) {
  await assertCompanyExists(tx, parentId, 'parentId');
  if (!companyId) return;
  const chain = await queryRows<{ id: string }>(
    tx,
    sql`WITH RECURSIVE chain(id, parent_id, depth) AS (
          SELECT id, parent_id, 0 FROM companies WHERE id = ${parentId}
          UNION ALL
          SELECT c.id, c.parent_id, chain.depth + 1 FROM companies c JOIN chain ON c.id = chain.parent_id WHERE chain.depth < 1000)
        SELECT id FROM chain`,
  );
  if (closesCompanyCycle(companyId, parentId, chain.map((row) => row.id))) throw AppError.invalid('parentId', 'would make the company its own parent (directly or through others)');
}

function settleCompanyPoints(input: { phones?: PhoneEntry[]; addresses?: AddressEntry[] }) {
  const phones = input.phones ? settleDefaults(input.phones, 'phones') : undefined;
  const addresses = input.addresses ? settleDefaults(input.addresses, 'addresses', (address) => address.kind) : undefined;
  assertNoFieldErrors([...(phones?.errors ?? []), ...(addresses?.errors ?? [])]);
  return { phones: phones?.entries, addresses: addresses?.entries };
}

function vatTaken(vatNumber: string | null | undefined) {
  return AppError.conflict(`Another company has the VAT number ${vatNumber ?? ''}`, 'vatNumber');
}

async function assertVatFree(tx: Queryable, vatNumber: string | null | undefined, companyId?: string) {
  if (!vatNumber) return;
  const [other] = await tx.select({ id: companies.id }).from(companies).where(eq(companies.vatNumberKey, identifierKey(vatNumber)));
  if (other && other.id !== companyId) throw vatTaken(vatNumber);
}

export async function createCompany(ctx: ServiceContext, input: CreateCompanyInput) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  const points = settleCompanyPoints(input);
  try {
    const id = await ctx.db.transaction(async (tx) => {
      if (input.parentId) await assertParentAllowed(tx, undefined, input.parentId);
      if (input.ownerId) await assertOwnerAssignable(tx, input.ownerId);
      await assertVatFree(tx, input.vatNumber);
      const customFields = await resolveCustomFieldValues(tx, 'company', {}, input.customFields, 'create');
      const now = ctx.clock.now();
      const { phones: _phones, addresses: _addresses, customFields: _values, ...fields } = input;
      const [row] = await tx
        .insert(companies)
        .values({ ...fields, vatNumberKey: input.vatNumber ? identifierKey(input.vatNumber) : null, customFields, createdAt: now, updatedAt: now })
        .returning();
      if (points.phones) await replacePhones(tx, { companyId: row!.id }, points.phones, phoneCountry(points.addresses ?? []));
      if (points.addresses) await replaceAddresses(tx, { companyId: row!.id }, points.addresses);
      await recordEvent(tx, ctx, { recordType: 'company', recordId: row!.id, action: 'company.created', changes: { ...fields, customFields, phones: points.phones ?? [], addresses: points.addresses ?? [] } });
      return row!.id;
    });
    return getCompany(ctx, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw vatTaken(input.vatNumber);
    throw error;
  }
}

export async function updateCompany(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateCompanyInput) {
  assertCanCustomers(ctx.actor, 'customer.manage');
  const points = settleCompanyPoints(input);
  try {
    await ctx.db.transaction(async (tx) => {
      if (input.parentId) await lockHierarchy(tx);
      const before = await findCompanyRow(tx, id, true);
      if (before.version !== expectedVersion) throw staleVersionError('The company');
      if (input.parentId) await assertParentAllowed(tx, id, input.parentId);
      if (input.ownerId) await assertOwnerAssignable(tx, input.ownerId);
      await assertVatFree(tx, input.vatNumber, id);
      const customFields = await resolveCustomFieldValues(tx, 'company', before.customFields, input.customFields, 'update');
      const beforePoints = { phones: await loadPhones(tx, { companyId: id }), addresses: await loadAddresses(tx, { companyId: id }) };
      const { phones: _phones, addresses: _addresses, customFields: _values, ...fields } = input;
      const [updated] = await tx
        .update(companies)
        .set({ ...fields, ...(input.vatNumber !== undefined ? { vatNumberKey: input.vatNumber ? identifierKey(input.vatNumber) : null } : {}), customFields, updatedAt: ctx.clock.now(), version: sql`${companies.version} + 1` })
        .where(eq(companies.id, id))
        .returning();
      if (points.phones) await replacePhones(tx, { companyId: id }, points.phones, phoneCountry(points.addresses ?? beforePoints.addresses));
      if (points.addresses) await replaceAddresses(tx, { companyId: id }, points.addresses);
      const afterPoints = { phones: points.phones ?? beforePoints.phones, addresses: points.addresses ?? beforePoints.addresses };
      await recordEvent(tx, ctx, {
        recordType: 'company',
        recordId: id,
        action: 'company.updated',
        changes: diffFields({ ...before, ...beforePoints }, { ...updated!, ...afterPoints }, ['version', 'updatedAt', 'vatNumberKey']),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw vatTaken(input.vatNumber);
    throw error;
  }
  return getCompany(ctx, id);
}

export async function findCompanyByVatNumber(db: Queryable, vatNumber: string) {
  const [row] = await db.select().from(companies).where(eq(companies.vatNumberKey, identifierKey(vatNumber)));
  return row;
}
