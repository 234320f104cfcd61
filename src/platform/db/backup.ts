import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { DatabaseHandle } from './client.js';
import { migrationsFolder, queryRows } from './client.js';
import { backupFormat, backupFormatVersion, BackupError, orderTablesByDependencies, parseBackupHeader } from './backup-format.js';

const chunkSize = 1000;

async function publicTables(handle: DatabaseHandle): Promise<string[]> {
  const tables = await queryRows<{ name: string }>(handle.db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  const references = await queryRows<{ from: string; to: string }>(
    handle.db,
    sql`SELECT c.conrelid::regclass::text AS "from", c.confrelid::regclass::text AS "to"
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const strip = (name: string) => name.replace(/^public\./, '').replace(/"/g, '');
  return orderTablesByDependencies(tables.map((t) => t.name), references.map((r) => ({ from: strip(r.from), to: strip(r.to) })));
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** Writes every public table as gzip'ed JSON lines, readable by either driver. */
export async function writeBackup(handle: DatabaseHandle, file: string, progress: (message: string) => void = () => undefined): Promise<{ tables: number; rows: number }> {
  const tables = await publicTables(handle);
  const gzip = zlib.createGzip();
  const output = fs.createWriteStream(file);
  gzip.pipe(output);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  const header = { format: backupFormat, version: backupFormatVersion, createdAt: new Date().toISOString(), migrationCount: readMigrationFiles({ migrationsFolder }).length, driver: handle.driver, tables };
  await write(header);
  let total = 0;
  for (const table of tables) {
    let offset = 0;
    const keys = await queryRows<{ name: string }>(
      handle.db,
      sql`SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = ${`public.${quote(table)}`}::regclass AND i.indisprimary ORDER BY a.attnum`,
    );
    // Paging in primary-key order keeps chunks stable; ctid is a fallback for a table without one.
    const orderBy = keys.length ? keys.map((key) => `t.${quote(key.name)}`).join(', ') : 't.ctid';
    for (;;) {
      const rows = await queryRows<{ r: unknown }>(handle.db, sql.raw(`SELECT row_to_json(t) AS r FROM ${quote(table)} t ORDER BY ${orderBy} LIMIT ${chunkSize} OFFSET ${offset}`));
      if (rows.length === 0) break;
      await write({ table, rows: rows.map((row) => (typeof row.r === 'string' ? JSON.parse(row.r) : row.r)) });
      offset += rows.length;
      if (rows.length < chunkSize) break;
    }
    total += offset;
    progress(`${table}: ${offset} rows`);
  }
  gzip.end();
  await once(output, 'finish');
  return { tables: tables.length, rows: total };
}

/** Replaces the whole database with a backup, in one transaction: all of it or nothing. */
export async function restoreBackup(handle: DatabaseHandle, file: string, progress: (message: string) => void = () => undefined): Promise<{ tables: number; rows: number }> {
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  const input = fs.createReadStream(file).pipe(zlib.createGunzip());
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  let first: IteratorResult<string>;
  try {
    first = await iterator.next();
  } catch {
    throw new BackupError('This file is not a Patron backup (it is not gzip data).');
  }
  const header = parseBackupHeader(first.done ? undefined : first.value, readMigrationFiles({ migrationsFolder }).length);
  const present = await publicTables(handle);
  const unknown = header.tables.filter((table) => !present.includes(table));
  if (unknown.length) throw new BackupError(`The backup has tables this database lacks: ${unknown.join(', ')}`);
  let rows = 0;
  await handle.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`TRUNCATE ${present.map(quote).join(', ')} CASCADE`));
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.trim() === '') continue;
      const chunk = JSON.parse(next.value) as { table: string; rows: unknown[] };
      if (!present.includes(chunk.table)) throw new BackupError(`Unknown table in backup: ${chunk.table}`);
      const t = quote(chunk.table);
      await tx.execute(sql`INSERT INTO ${sql.raw(t)} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(null::${sql.raw(t)}, ${JSON.stringify(chunk.rows)}::json)`);
      rows += chunk.rows.length;
    }
    // Identity columns and sequence defaults (like ticket numbers) continue after the restored values.
    const counters = await queryRows<{ table_name: string; column_name: string; sequence: string | null; is_identity: string }>(
      tx,
      sql`SELECT table_name, column_name, is_identity,
                 split_part(column_default, '''', 2) AS sequence
          FROM information_schema.columns
          WHERE table_schema = 'public' AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`,
    );
    for (const { table_name: table, column_name: column, sequence, is_identity: isIdentity } of counters) {
      const target = isIdentity === 'YES' ? `pg_get_serial_sequence('${quote(table)}', '${column}')` : `'${sequence}'`;
      await tx.execute(sql.raw(`SELECT setval(${target}, coalesce(max(${quote(column)}), 1), max(${quote(column)}) IS NOT NULL) FROM ${quote(table)}`));
    }
  });
  progress(`restored ${rows} rows into ${header.tables.length} tables`);
  return { tables: header.tables.length, rows };
}
