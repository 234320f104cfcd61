/**
 * Writing one batch of import rows: contacts through the bulk insert (falling back to saving
 * them one by one when a row clashes), updates and companies and accounts through the same
 * services as the API, each row in its own savepoint so a bad row never aborts the good ones.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Database, Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { findAccountByNumber, insertAccount, updateAccount } from './accounts.service.js';
import { updateCompany } from './companies.service.js';
import { insertContactsInBulk, newContactProblem } from './contact-bulk-create.js';
import { findContactRow, saveContact } from './contacts.service.js';
import type { FieldDefinition } from './custom-field-values.js';
import { accounts, companies, contactEmails, contactIdentifiers, contacts } from './customers.tables.js';
import type { ImportSettings, PreparedRow } from './import-rows.js';
import { upsertAccount, upsertCompany } from './upserts.service.js';

export interface BatchRow {
  rowNumber: number;
  values: string[];
  row?: PreparedRow;
  error?: string;
}

export interface RowError {
  rowNumber: number;
  values: string[];
  message: string;
}

export interface BatchOutcome {
  created: number;
  updated: number;
  errors: RowError[];
}

/** Why a service refused a row, in a line for the error report. */
export function rowErrorMessage(error: unknown): string {
  if (error instanceof AppError) {
    const fields = error.details.errors?.map((entry) => `${entry.field}: ${entry.message}`).join('; ');
    return fields || error.message;
  }
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  return cause ?? (error instanceof Error ? error.message : String(error));
}

/** The existing record each key points at, for a batch of keys. */
export async function findExistingByKey(db: Queryable, settings: ImportSettings, keys: string[]): Promise<Map<string, { id: string; problem?: string }>> {
  const found = new Map<string, { id: string; problem?: string }>();
  if (!keys.length) return found;
  if (settings.key === 'id') {
    const table = settings.kind === 'contact' ? contacts : settings.kind === 'company' ? companies : accounts;
    const rows = await db.select({ id: table.id }).from(table).where(inArray(table.id, keys));
    for (const row of rows) found.set(row.id, { id: row.id });
    return found;
  }
  if (settings.kind === 'company') {
    const rows = await db.select({ id: companies.id, key: companies.vatNumberKey }).from(companies).where(inArray(companies.vatNumberKey, keys));
    for (const row of rows) found.set(row.key!, { id: row.id });
    return found;
  }
  if (settings.kind === 'account' || settings.key === 'accountNumber') {
    const rows = await db
      .select({ id: accounts.id, number: sql<string>`lower(${accounts.number})`, contactId: accounts.contactId })
      .from(accounts)
      .where(inArray(sql`lower(${accounts.number})`, keys));
    for (const row of rows) {
      if (settings.kind === 'account') found.set(row.number, { id: row.id });
      else found.set(row.number, row.contactId ? { id: row.contactId } : { id: row.id, problem: `accountNumber: the account ${row.number} belongs to a company, not a contact` });
    }
    return found;
  }
  if (settings.key === 'identifier') {
    const rows = await db
      .select({ id: contactIdentifiers.contactId, key: contactIdentifiers.valueKey })
      .from(contactIdentifiers)
      .where(and(eq(contactIdentifiers.kind, settings.identifierKind!), inArray(contactIdentifiers.valueKey, keys)));
    for (const row of rows) found.set(row.key, { id: row.id });
    return found;
  }
  const listed = await db
    .select({ id: contactEmails.contactId, email: sql<string>`lower(${contactEmails.email})` })
    .from(contactEmails)
    .where(inArray(sql`lower(${contactEmails.email})`, keys));
  for (const row of listed) found.set(row.email, { id: row.id });
  const missing = keys.filter((key) => !found.has(key));
  if (missing.length) {
    // Contacts from before the email list (or the scale seed) have only the column.
    const legacy = await db
      .select({ id: contacts.id, email: sql<string>`lower(${contacts.email})` })
      .from(contacts)
      .where(inArray(sql`lower(${contacts.email})`, missing));
    for (const row of legacy) if (!found.has(row.email)) found.set(row.email, { id: row.id });
  }
  return found;
}

/** Runs one row's writes in a savepoint: a refusal rolls back that row alone. */
async function inSavepoint(tx: Queryable, write: (savepoint: Queryable) => Promise<void>): Promise<string | undefined> {
  try {
    await tx.transaction(async (savepoint) => write(savepoint));
    return undefined;
  } catch (error) {
    return rowErrorMessage(error);
  }
}

function scoped(ctx: ServiceContext, db: Queryable): ServiceContext {
  return { ...ctx, db: db as Database };
}

type ContactRowOf = Extract<PreparedRow, { kind: 'contact' }>;

async function createContactRow(savepoint: Queryable, ctx: ServiceContext, row: ContactRowOf, settings: ImportSettings) {
  const id = await saveContact(savepoint, ctx, undefined, { ...row.input, customFields: row.customFields, source: 'import' });
  if (settings.key === 'accountNumber') await insertAccount(savepoint, ctx, { number: row.accountNumber!, name: '', contactId: id });
}

async function updateContactRow(savepoint: Queryable, ctx: ServiceContext, id: string, row: ContactRowOf) {
  const before = await findContactRow(savepoint, id, true);
  const { firstName, lastName, ...rest } = row.input;
  // As in the upsert: names replace only when given, and the source stays the first one.
  await saveContact(savepoint, ctx, before, { ...rest, ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}), customFields: row.customFields, source: undefined });
}

async function contactBatch(tx: Queryable, ctx: ServiceContext, settings: ImportSettings, rows: BatchRow[], definitions: FieldDefinition[], outcome: BatchOutcome) {
  const ready = rows.filter((entry) => entry.row) as (BatchRow & { row: ContactRowOf })[];
  const existing = await findExistingByKey(tx, settings, ready.map((entry) => entry.row.keyValue));
  const creates: (BatchRow & { row: ContactRowOf })[] = [];
  const fail = (entry: BatchRow, message: string) => outcome.errors.push({ rowNumber: entry.rowNumber, values: entry.values, message });
  for (const entry of ready) {
    const match = existing.get(entry.row.keyValue);
    if (match?.problem) fail(entry, match.problem);
    else if (match) {
      const problem = await inSavepoint(tx, (savepoint) => updateContactRow(savepoint, scoped(ctx, savepoint), match.id, entry.row));
      if (problem) fail(entry, problem);
      else outcome.updated += 1;
    } else if (settings.key === 'id') fail(entry, 'id: no contact has this id');
    else creates.push(entry);
  }
  const bulk = creates.filter((entry) => {
    if (settings.key === 'accountNumber') return false;
    const problem = newContactProblem({ input: entry.row.input, customFields: entry.row.customFields }, definitions);
    if (problem) fail(entry, problem);
    return !problem;
  });
  const bulkInserted =
    bulk.length > 0 &&
    !(await inSavepoint(tx, async (savepoint) => {
      await insertContactsInBulk(savepoint, ctx, bulk.map((entry) => ({ input: entry.row.input, customFields: entry.row.customFields })), definitions, 'import');
    }));
  if (bulkInserted) outcome.created += bulk.length;
  // One of them clashed (an email or identifier taken meanwhile, or shared by two rows): save them one by one.
  const oneByOne = [...(settings.key === 'accountNumber' ? creates : []), ...(bulkInserted ? [] : bulk)];
  for (const entry of oneByOne) {
    const problem = await inSavepoint(tx, (savepoint) => createContactRow(savepoint, scoped(ctx, savepoint), entry.row, settings));
    if (problem) fail(entry, problem);
    else outcome.created += 1;
  }
}

async function companyRow(savepoint: Queryable, ctx: ServiceContext, settings: ImportSettings, row: Extract<PreparedRow, { kind: 'company' }>) {
  const { vatNumber, ...rest } = row.input as { vatNumber?: string | null } & Record<string, unknown>;
  const input = { ...rest, customFields: row.customFields };
  if (settings.key === 'id') {
    const [found] = await savepoint.select({ version: companies.version }).from(companies).where(eq(companies.id, row.keyValue));
    if (!found) throw new AppError('not_found', 'id: no company has this id');
    await updateCompany(ctx, row.keyValue, found.version, { ...input, ...(vatNumber ? { vatNumber } : {}) });
    return false;
  }
  const result = await upsertCompany(ctx, vatNumber!, input);
  return result.created;
}

async function holderOf(db: Queryable, row: Extract<PreparedRow, { kind: 'account' }>) {
  if (row.holderEmail) {
    const match = (await findExistingByKey(db, { kind: 'contact', key: 'email', mapping: [] }, [row.holderEmail.toLowerCase()])).get(row.holderEmail.toLowerCase());
    if (!match) throw AppError.invalid('holderEmail', `no contact has the email ${row.holderEmail}`);
    return { contactId: match.id };
  }
  if (row.holderVatNumber) {
    const match = (await findExistingByKey(db, { kind: 'company', key: 'vatNumber', mapping: [] }, [row.holderVatNumber.toUpperCase().replace(/[\s.\-/]/g, '')])).values().next().value;
    if (!match) throw AppError.invalid('holderVatNumber', `no company has the VAT number ${row.holderVatNumber}`);
    return { companyId: match.id };
  }
  return {};
}

async function accountRow(savepoint: Queryable, ctx: ServiceContext, settings: ImportSettings, row: Extract<PreparedRow, { kind: 'account' }>) {
  const input = { ...row.input, ...(await holderOf(savepoint, row)), customFields: row.customFields };
  if (settings.key === 'id') {
    const [found] = await savepoint.select({ version: accounts.version }).from(accounts).where(eq(accounts.id, row.keyValue));
    if (!found) throw new AppError('not_found', 'id: no account has this id');
    await updateAccount(ctx, row.keyValue, found.version, { ...input, ...(row.number ? { number: row.number } : {}) });
    return false;
  }
  const before = await findAccountByNumber(savepoint, row.number!);
  const result = await upsertAccount(ctx, row.number!, input);
  return result.created && !before;
}

/** Writes a batch in the caller's transaction and answers what happened to each row. */
export async function writeBatch(tx: Queryable, ctx: ServiceContext, settings: ImportSettings, rows: BatchRow[], definitions: FieldDefinition[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { created: 0, updated: 0, errors: [] };
  for (const entry of rows) if (entry.error) outcome.errors.push({ rowNumber: entry.rowNumber, values: entry.values, message: entry.error });
  if (settings.kind === 'contact') {
    await contactBatch(tx, ctx, settings, rows, definitions, outcome);
  } else {
    for (const entry of rows) {
      const row = entry.row;
      if (!row) continue;
      let created = false;
      const problem = await inSavepoint(tx, async (savepoint) => {
        const scopedCtx = scoped(ctx, savepoint);
        created = row.kind === 'company' ? await companyRow(savepoint, scopedCtx, settings, row) : row.kind === 'account' ? await accountRow(savepoint, scopedCtx, settings, row) : false;
      });
      if (problem) outcome.errors.push({ rowNumber: entry.rowNumber, values: entry.values, message: problem });
      else if (created) outcome.created += 1;
      else outcome.updated += 1;
    }
  }
  outcome.errors.sort((a, b) => a.rowNumber - b.rowNumber);
  return outcome;
}
