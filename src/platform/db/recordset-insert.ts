import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from './client.js';

/** A column of a recordset insert: its database name and SQL type. */
export type RecordsetColumns = Record<string, string>;

const identifier = /^[a-z_][a-z0-9_]*$/;

/**
 * Inserts many rows in one statement with one parameter: the rows as a JSON array, unpacked on
 * the server by jsonb_to_recordset. Far cheaper than a VALUES list with a parameter per cell
 * (bulk imports). Row keys are the column names; JSON arrays become SQL arrays.
 */
export async function insertRecordset<Returned = Record<string, unknown>>(
  db: Queryable,
  table: string,
  columns: RecordsetColumns,
  rows: Record<string, unknown>[],
  returning?: string[],
): Promise<Returned[]> {
  if (!rows.length) return [];
  const names = Object.keys(columns);
  for (const name of [table, ...names, ...(returning ?? [])]) if (!identifier.test(name)) throw new Error(`Not a plain identifier: ${name}`);
  const list = names.map((name) => `"${name}"`).join(', ');
  const definitions = names.map((name) => `"${name}" ${columns[name]}`).join(', ');
  const tail: SQL = returning?.length ? sql.raw(` RETURNING ${returning.map((name) => `"${name}"`).join(', ')}`) : sql``;
  return queryRows<Returned>(
    db,
    sql`INSERT INTO ${sql.raw(`"${table}"`)} (${sql.raw(list)}) SELECT ${sql.raw(list)} FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(${sql.raw(definitions)})${tail}`,
  );
}
