import { and, asc, desc, eq, gt, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import { AppError, isForeignKeyViolation } from '../../platform/errors.js';
import { diffFields, recordEvent } from '../../platform/events/record-event.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { staleVersionError } from '../../platform/http/versioning.js';
import { collectContactStats } from './contact-stats.js';
import type { Contact, CreateContactInput, ListContactsQuery, UpdateContactInput } from './customers.contract.js';
import { assertCanCustomers } from './customers.policy.js';
import { contacts, type ContactRow } from './customers.tables.js';

export function contactDisplayName(row: Pick<ContactRow, 'firstName' | 'lastName' | 'email'>): string {
  return `${row.firstName} ${row.lastName}`.trim() || row.email || '(no name)';
}

function toContact(row: ContactRow): Contact {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    displayName: contactDisplayName(row),
    email: row.email,
    phone: row.phone,
    companyName: row.companyName,
    source: row.source,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** LIKE pattern for a contains-match, with the user's own % and _ taken literally. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

// Sort keys: the name sort orders by last name, then first name (lower case), then id.
const nameKey = sql<string>`lower(${contacts.lastName} || ' ' || ${contacts.firstName})`;

/**
 * Staff contact list with a contains-search over name, email, phone and company. The customers
 * issue replaces this with full-text and trigram search; until then it is a plain scan.
 */
export async function listContacts(ctx: ServiceContext, query: ListContactsQuery) {
  assertCanCustomers(ctx.actor, 'contact.read');
  const conditions: (SQL | undefined)[] = [];
  if (query.q) {
    const pattern = containsPattern(query.q.toLowerCase());
    const digits = query.q.replace(/\D/g, '');
    conditions.push(
      or(
        sql`lower(${contacts.firstName} || ' ' || ${contacts.lastName}) LIKE ${pattern}`,
        sql`lower(${contacts.email}) LIKE ${pattern}`,
        sql`lower(${contacts.companyName}) LIKE ${pattern}`,
        digits.length >= 3 ? sql`regexp_replace(coalesce(${contacts.phone}, ''), '\\D', '', 'g') LIKE ${containsPattern(digits)}` : undefined,
      ),
    );
  }
  if (query.sort === 'created') {
    const after = decodeTypedCursor(query.cursor, z.iso.datetime(), z.uuid());
    if (after) conditions.push(or(lt(contacts.createdAt, new Date(after.sort)), and(eq(contacts.createdAt, new Date(after.sort)), lt(contacts.id, after.id))));
    const rows = await ctx.db.select().from(contacts).where(and(...conditions)).orderBy(desc(contacts.createdAt), desc(contacts.id)).limit(query.limit + 1);
    const page = toPage(rows, query.limit, (row) => ({ sort: row.createdAt.toISOString(), id: row.id }));
    return { items: page.items.map(toContact), nextCursor: page.nextCursor };
  }
  const after = decodeTypedCursor(query.cursor, z.string().max(300), z.uuid());
  if (after) conditions.push(or(gt(nameKey, after.sort), and(eq(nameKey, after.sort), gt(contacts.id, after.id))));
  const rows = await ctx.db.select({ row: contacts, key: nameKey }).from(contacts).where(and(...conditions)).orderBy(asc(nameKey), asc(contacts.id)).limit(query.limit + 1);
  const page = toPage(rows, query.limit, (item) => ({ sort: item.key, id: item.row.id }));
  return { items: page.items.map((item) => toContact(item.row)), nextCursor: page.nextCursor };
}

async function findContactRow(ctx: ServiceContext, id: string): Promise<ContactRow> {
  const [row] = await ctx.db.select().from(contacts).where(eq(contacts.id, id));
  if (!row) throw AppError.notFound('Contact');
  return row;
}

export async function getContact(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'contact.read');
  const row = await findContactRow(ctx, id);
  const stats = await collectContactStats(ctx.db, id);
  return { ...toContact(row), stats: { ...stats, lastContactAt: stats.lastContactAt?.toISOString() ?? null } };
}

export async function createContact(ctx: ServiceContext, input: CreateContactInput) {
  assertCanCustomers(ctx.actor, 'contact.manage');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contacts)
      .values({ firstName: input.firstName, lastName: input.lastName, email: input.email ?? null, phone: input.phone ?? null, companyName: input.companyName ?? null, source: 'staff', createdAt: now, updatedAt: now })
      .returning();
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: row!.id, action: 'contact.created', changes: { firstName: row!.firstName, lastName: row!.lastName, email: row!.email, phone: row!.phone, companyName: row!.companyName } });
    return row!.id;
  });
  return getContact(ctx, id);
}

export async function updateContact(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateContactInput) {
  assertCanCustomers(ctx.actor, 'contact.manage');
  const before = await findContactRow(ctx, id);
  const next = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) };
  if (!next.firstName && !next.lastName && !next.email) throw AppError.invalid('firstName', 'give a name or an email');
  await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(contacts)
      .set({ ...input, updatedAt: ctx.clock.now(), version: sql`${contacts.version} + 1` })
      .where(and(eq(contacts.id, id), eq(contacts.version, expectedVersion)))
      .returning();
    if (!updated) throw staleVersionError('The contact');
    await recordEvent(tx, ctx, { recordType: 'contact', recordId: id, action: 'contact.updated', changes: diffFields(before, updated, ['version', 'updatedAt']) });
  });
  return getContact(ctx, id);
}

/** Deletes a contact nothing refers to; one with tickets (or, later, orders) stays. */
export async function deleteContact(ctx: ServiceContext, id: string) {
  assertCanCustomers(ctx.actor, 'contact.delete');
  const row = await findContactRow(ctx, id);
  try {
    await ctx.db.transaction(async (tx) => {
      await tx.delete(contacts).where(eq(contacts.id, id));
      await recordEvent(tx, ctx, { recordType: 'contact', recordId: id, action: 'contact.deleted', changes: { displayName: contactDisplayName(row), email: row.email } });
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw AppError.conflict(`${contactDisplayName(row)} has tickets or other records and cannot be deleted`);
    throw error;
  }
}
