/**
 * Writing one batch of import rows: new contacts through the bulk statements (a batch whose
 * insert fails is retried in halves, down to rows saved one by one), updates and companies and
 * accounts through the same services as the API, each row in its own savepoint so a bad row
 * never aborts the good ones.
 */
import { eq } from 'drizzle-orm';
import type { ServiceContext } from '../../platform/context.js';
import type { Database, Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { findAccountByNumber, insertAccount, updateAccount } from './accounts.service.js';
import { updateCompany } from './companies.service.js';
import { insertContactKeys, insertContactRecords, newContactProblem, prepareNewContacts } from './contact-bulk-create.js';
import { findContactRow, loadContactPoints, saveContact } from './contacts.service.js';
import { findExistingByKey } from './import-keys.js';
import { mergeImportedLists } from './import-merge.js';
import type { FieldDefinition } from './custom-field-values.js';
import { accounts, companies } from './customers.tables.js';
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

/**
 * Thrown through a row's savepoint instead of becoming that row's error: the batch before this
 * one failed, or the batch must be redone in order.
 */
class BatchInterrupted extends Error {}

/** New rows clash with keys the batch before has just written: redo them after it, in order. */
class RedoInOrder extends BatchInterrupted {}

/** Runs one row's writes in a savepoint: a refusal rolls back that row alone. */
async function inSavepoint(tx: Queryable, write: (savepoint: Queryable) => Promise<void>): Promise<string | undefined> {
  try {
    await tx.transaction(async (savepoint) => write(savepoint));
    return undefined;
  } catch (error) {
    if (error instanceof BatchInterrupted) throw error;
    return rowErrorMessage(error);
  }
}

function scoped(ctx: ServiceContext, db: Queryable): ServiceContext {
  return { ...ctx, db: db as Database };
}

type ContactRowOf = Extract<PreparedRow, { kind: 'contact' }>;
type ContactEntry = BatchRow & { row: ContactRowOf };

async function createContactRow(savepoint: Queryable, ctx: ServiceContext, row: ContactRowOf, settings: ImportSettings) {
  const id = await saveContact(savepoint, ctx, undefined, { ...row.input, customFields: row.customFields, source: 'import' });
  if (settings.key === 'accountNumber') await insertAccount(savepoint, ctx, { number: row.accountNumber!, name: '', contactId: id });
}

async function updateContactRow(savepoint: Queryable, ctx: ServiceContext, id: string, row: ContactRowOf) {
  const before = await findContactRow(savepoint, id, true);
  const { firstName, lastName, emails, phones, addresses, identifiers, ...rest } = row.input;
  // The row's emails, phones, identifiers and address join the contact's (see import-merge.ts).
  const lists = mergeImportedLists(await loadContactPoints(savepoint, before), { emails, phones, addresses, identifiers });
  // As in the upsert: names replace only when given, and the source stays the first one.
  await saveContact(savepoint, ctx, before, { ...rest, ...lists, ...(firstName ? { firstName } : {}), ...(lastName ? { lastName } : {}), customFields: row.customFields, source: undefined });
}

/**
 * When this batch may write what clashes with other batches of the import: a promise that settles
 * once the batch before has committed (rejecting if it failed), so a batch running alongside the
 * one before it writes only rows nobody else can hold a lock on until then.
 */
export interface BatchOrder {
  before: Promise<void>;
  /**
   * Whether the batch before, still running alongside, may give one of this batch's keys to a
   * contact (see mayGiveKeysAway): then the new rows' keys are looked up again once it committed.
   */
  recheckKeys: boolean;
}

const inOrder: BatchOrder = { before: Promise.resolve(), recheckKeys: false };


async function waitForBatchBefore(order: BatchOrder) {
  try {
    await order.before;
  } catch {
    throw new BatchInterrupted('the batch before failed');
  }
}

/** Splits the batch's rows by what their key finds: rows to update, rows to create, rows refused. */
async function classify(db: Queryable, settings: ImportSettings, entries: ContactEntry[], fail: (entry: BatchRow, message: string) => void) {
  const existing = await findExistingByKey(db, settings, entries.map((entry) => entry.row.keyValue));
  const updates: { entry: ContactEntry; id: string }[] = [];
  const creates: ContactEntry[] = [];
  for (const entry of entries) {
    const match = existing.get(entry.row.keyValue);
    if (match?.problem) fail(entry, match.problem);
    else if (match) updates.push({ entry, id: match.id });
    else if (settings.key === 'id') fail(entry, 'id: no contact has this id');
    else creates.push(entry);
  }
  return { updates, creates };
}

/**
 * New contacts through the two bulk statements in one savepoint. The first runs at once; the
 * second, with the emails and identifiers other batches may also be writing, after the batch
 * before has committed. Answers false when the rows must be saved one by one instead.
 */
async function createInBulk(tx: Queryable, ctx: ServiceContext, settings: ImportSettings, bulk: ContactEntry[], definitions: FieldDefinition[], order: BatchOrder): Promise<boolean> {
  const prepared = prepareNewContacts(
    bulk.map((entry) => ({ input: entry.row.input, customFields: entry.row.customFields })),
    definitions,
    'import',
    ctx.clock.now(),
  );
  const problem = await inSavepoint(tx, async (savepoint) => {
    await insertContactRecords(savepoint, ctx, prepared);
    await waitForBatchBefore(order);
    // The batch before may have just given one of these keys to a contact (as a second email).
    // (These contacts' own email column is written by now: they find themselves.)
    if (order.recheckKeys) {
      const ours = new Set(prepared.ids);
      const found = await findExistingByKey(savepoint, settings, bulk.map((entry) => entry.row.keyValue));
      if ([...found.values()].some((match) => !ours.has(match.id))) throw new RedoInOrder();
    }
    await insertContactKeys(savepoint, prepared);
  });
  return !problem;
}

async function contactBatch(tx: Queryable, ctx: ServiceContext, settings: ImportSettings, rows: BatchRow[], definitions: FieldDefinition[], outcome: BatchOutcome, order: BatchOrder) {
  const fail = (entry: BatchRow, message: string) => outcome.errors.push({ rowNumber: entry.rowNumber, values: entry.values, message });
  const ready = rows.filter((entry) => entry.row) as ContactEntry[];
  const classified = await classify(tx, settings, ready, fail);
  const creates = classified.creates;
  let updates = classified.updates;
  const bulkable = (entry: ContactEntry) => {
    if (settings.key === 'accountNumber') return false;
    const problem = newContactProblem({ input: entry.row.input, customFields: entry.row.customFields }, definitions);
    if (problem) fail(entry, problem);
    return !problem;
  };
  let bulk = creates.filter(bulkable);
  let bulkInserted = false;
  try {
    bulkInserted = bulk.length > 0 && (await createInBulk(tx, ctx, settings, bulk, definitions, order));
  } catch (error) {
    if (!(error instanceof RedoInOrder)) throw error;
    // The batch before has committed by now: what it wrote is there to be found.
    const again = await classify(tx, settings, bulk, fail);
    updates = [...updates, ...again.updates];
    bulk = again.creates;
    bulkInserted = bulk.length > 0 && (await createInBulk(tx, ctx, settings, bulk, definitions, inOrder));
  }
  await waitForBatchBefore(order);
  if (bulkInserted) outcome.created += bulk.length;
  for (const { entry, id } of updates) {
    const problem = await inSavepoint(tx, (savepoint) => updateContactRow(savepoint, scoped(ctx, savepoint), id, entry.row));
    if (problem) fail(entry, problem);
    else outcome.updated += 1;
  }
  // One of them clashed (an email or identifier taken meanwhile, or shared by two rows).
  if (!bulkInserted && bulk.length) await createInHalves(tx, ctx, settings, bulk, definitions, outcome, fail);
  if (settings.key === 'accountNumber') await createOneByOne(tx, ctx, settings, creates, outcome, fail);
}

async function createOneByOne(tx: Queryable, ctx: ServiceContext, settings: ImportSettings, entries: ContactEntry[], outcome: BatchOutcome, fail: (entry: BatchRow, message: string) => void) {
  for (const entry of entries) {
    const problem = await inSavepoint(tx, (savepoint) => createContactRow(savepoint, scoped(ctx, savepoint), entry.row, settings));
    if (problem) fail(entry, problem);
    else outcome.created += 1;
  }
}

/** Below this many rows a failed bulk insert is redone row by row, each row saying why it failed. */
const smallestBulk = 8;

/**
 * New contacts whose bulk insert failed: each half is tried in bulk again, down to a few rows
 * saved one by one, so a clashing row costs a few statements instead of a thousand single saves.
 */
async function createInHalves(tx: Queryable, ctx: ServiceContext, settings: ImportSettings, entries: ContactEntry[], definitions: FieldDefinition[], outcome: BatchOutcome, fail: (entry: BatchRow, message: string) => void) {
  if (entries.length <= smallestBulk) return createOneByOne(tx, ctx, settings, entries, outcome, fail);
  const middle = Math.ceil(entries.length / 2);
  for (const half of [entries.slice(0, middle), entries.slice(middle)]) {
    if (await createInBulk(tx, ctx, settings, half, definitions, inOrder)) outcome.created += half.length;
    else await createInHalves(tx, ctx, settings, half, definitions, outcome, fail);
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

/**
 * Writes a batch in the caller's transaction and answers what happened to each row. When it
 * returns, the batch before (`order`) has committed.
 */
export async function writeBatch(tx: Queryable, ctx: ServiceContext, settings: ImportSettings, rows: BatchRow[], definitions: FieldDefinition[], order: BatchOrder = inOrder): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { created: 0, updated: 0, errors: [] };
  for (const entry of rows) if (entry.error) outcome.errors.push({ rowNumber: entry.rowNumber, values: entry.values, message: entry.error });
  if (settings.kind === 'contact') {
    await contactBatch(tx, ctx, settings, rows, definitions, outcome, order);
  } else {
    await waitForBatchBefore(order);
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
