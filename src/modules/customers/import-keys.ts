/**
 * Which existing record each natural key of an import finds, and which rows may give keys away.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import type { BatchRow } from './import-batches.js';
import type { ImportSettings } from './import-rows.js';

/** A batch's keys as a relation `k(key)` to join against. */
function keyRelation(keys: string[]): SQL {
  return sql`jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) AS k(key)`;
}

/**
 * Runs a lookup of exact keys with sequential and bitmap scans off, which leaves the btree indexes.
 * Left to itself the planner goes wrong in two ways during a big import: contact emails and
 * account numbers also have a trigram GIN index (for search), read only through bitmap scans,
 * which it takes for a batch of equalities when the table is small or its pending list long, and
 * which then reads every row sharing the batch's common trigrams; and while the statistics lag
 * behind a fast-growing table it scans the whole table. Either costs seconds per batch at a
 * million contacts instead of milliseconds. The settings are put back before the lookup returns.
 */
async function keyLookup<Row>(db: Queryable, query: SQL): Promise<Row[]> {
  return db.transaction(async (tx) => {
    const [before] = await queryRows<{ seqscan: string; bitmapscan: string }>(
      tx,
      sql`SELECT current_setting('enable_seqscan') AS seqscan, current_setting('enable_bitmapscan') AS bitmapscan,
                 set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true)`,
    );
    const rows = await queryRows<Row>(tx, query);
    await tx.execute(sql`SELECT set_config('enable_seqscan', ${before!.seqscan}, true), set_config('enable_bitmapscan', ${before!.bitmapscan}, true)`);
    return rows;
  });
}

/** The existing record each key points at, for a batch of keys. */
export async function findExistingByKey(db: Queryable, settings: ImportSettings, keys: string[]): Promise<Map<string, { id: string; problem?: string }>> {
  const found = new Map<string, { id: string; problem?: string }>();
  if (!keys.length) return found;
  const keys$ = keyRelation(keys);
  if (settings.key === 'id') {
    const table = settings.kind === 'contact' ? 'contacts' : settings.kind === 'company' ? 'companies' : 'accounts';
    const rows = await keyLookup<{ id: string }>(db, sql`SELECT t.id::text AS id FROM ${keys$} JOIN ${sql.raw(table)} t ON t.id = k.key::uuid`);
    for (const row of rows) found.set(row.id, { id: row.id });
    return found;
  }
  if (settings.kind === 'company') {
    const rows = await keyLookup<{ id: string; key: string }>(db, sql`SELECT c.id, c.vat_number_key AS key FROM ${keys$} JOIN companies c ON c.vat_number_key = k.key`);
    for (const row of rows) found.set(row.key, { id: row.id });
    return found;
  }
  if (settings.kind === 'account' || settings.key === 'accountNumber') {
    const rows = await keyLookup<{ id: string; number: string; contact_id: string | null }>(
      db,
      sql`SELECT a.id, lower(a.number) AS number, a.contact_id FROM ${keys$} JOIN accounts a ON lower(a.number) = k.key`,
    );
    for (const row of rows) {
      if (settings.kind === 'account') found.set(row.number, { id: row.id });
      else found.set(row.number, row.contact_id ? { id: row.contact_id } : { id: row.id, problem: `accountNumber: the account ${row.number} belongs to a company, not a contact` });
    }
    return found;
  }
  if (settings.key === 'identifier') {
    const rows = await keyLookup<{ id: string; key: string }>(
      db,
      sql`SELECT i.contact_id AS id, i.value_key AS key FROM ${keys$} JOIN contact_identifiers i ON i.kind = ${settings.identifierKind!} AND i.value_key = k.key`,
    );
    for (const row of rows) found.set(row.key, { id: row.id });
    return found;
  }
  // Contacts from before the email list (or the scale seed) have only the column: the list wins.
  const rows = await keyLookup<{ id: string; email: string; listed: boolean }>(
    db,
    sql`SELECT e.contact_id AS id, k.key AS email, true AS listed FROM ${keys$} JOIN contact_emails e ON lower(e.email) = k.key
        UNION ALL
        SELECT c.id, lower(c.email), false FROM contacts c WHERE lower(c.email) = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)))`,
  );
  for (const row of rows) if (row.listed) found.set(row.email, { id: row.id });
  for (const row of rows) if (!row.listed && !found.has(row.email)) found.set(row.email, { id: row.id });
  return found;
}

/**
 * Whether writing these rows may give a contact a key other rows of the file match on: a second
 * email (matching on email) or a second identifier of the kind matched on. The file's repeats of
 * a key are refused before the write, so only these can make a later row's key taken.
 */
export function mayGiveKeysAway(settings: ImportSettings, rows: BatchRow[]): boolean {
  if (settings.kind !== 'contact') return true;
  return rows.some(({ row }) => {
    if (row?.kind !== 'contact') return false;
    if (settings.key === 'email') return (row.input.emails?.length ?? 0) > 1;
    if (settings.key === 'identifier') return (row.input.identifiers ?? []).filter((entry) => entry.kind === settings.identifierKind).length > 1;
    return false;
  });
}
