import fs from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { DatabaseHandle, Queryable, Transaction } from './client.js';
import { migrationsFolder, queryRows } from './client.js';
import {
  backupFormat,
  backupFormatVersion,
  BackupError,
  formatContentLine,
  formatRowsLine,
  orderTablesByDependencies,
  parseBackupHeader,
  parseBackupTrailer,
  parseContentLine,
  parseRowsLine,
  type BackupHeader,
  type BackupTrailer,
  type ContentPart,
} from './backup-format.js';
import type { BlobWriter, LocalBlobStore } from '../attachments/blob-store.js';

export { BackupError } from './backup-format.js';

/** Rows per line of the file, and per statement on restore: keeps memory bounded on both sides. */
const chunkSize = 1000;

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

interface TableInfo {
  name: string;
  /** Columns to copy: every column except generated ones (the database computes those again). */
  columns: string[];
  primaryKey: string[];
  /** Has a foreign key to itself, so its rows are inserted in one statement (see restore). */
  selfReferencing: boolean;
}

/** Every table in the public schema, parents before the tables that reference them. */
async function publicTables(db: Queryable): Promise<TableInfo[]> {
  const tables = await queryRows<{ name: string }>(db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
  const references = await queryRows<{ from: string; to: string }>(
    db,
    sql`SELECT src.relname AS "from", dst.relname AS "to"
        FROM pg_constraint c
        JOIN pg_class src ON src.oid = c.conrelid
        JOIN pg_class dst ON dst.oid = c.confrelid
        JOIN pg_namespace n ON n.oid = src.relnamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const columns = await queryRows<{ table: string; column: string; generated: string; primary: boolean }>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS "column", a.attgenerated::text AS generated,
               EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY(i.indkey)) AS "primary"
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY c.relname, a.attnum`,
  );
  const ordered = orderTablesByDependencies(
    tables.map((table) => table.name),
    references,
  );
  return ordered.map((name) => {
    const own = columns.filter((column) => column.table === name);
    return {
      name,
      columns: own.filter((column) => column.generated === '').map((column) => column.column),
      primaryKey: own.filter((column) => column.primary).map((column) => column.column),
      selfReferencing: references.some((reference) => reference.from === name && reference.to === name),
    };
  });
}

/** Hashes of the migrations applied to this database, oldest first. */
async function appliedMigrations(db: Queryable): Promise<string[]> {
  try {
    const rows = await queryRows<{ hash: string }>(db, sql`SELECT hash FROM drizzle.__drizzle_migrations ORDER BY created_at, id`);
    return rows.map((row) => row.hash);
  } catch {
    throw new BackupError('This database has no migration history (drizzle.__drizzle_migrations); run `patron migrate` first.');
  }
}

async function sequenceStates(db: Queryable): Promise<BackupTrailer['sequences']> {
  const rows = await queryRows<{ name: string; lastValue: string | null }>(
    db,
    sql`SELECT sequencename AS name, last_value::text AS "lastValue" FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
  );
  return rows.map((row) => ({ name: row.name, lastValue: row.lastValue }));
}

/** Reads one table in primary-key order, `chunkSize` rows at a time, as the database's own JSON text. */
async function* tableChunks(db: Queryable, table: TableInfo): AsyncGenerator<string[]> {
  const t = quote(table.name);
  // The stored columns of each row as one JSON object (row_to_json of a lateral row keeps their names).
  const from = `${t} t CROSS JOIN LATERAL (SELECT ${table.columns.map((column) => `t.${quote(column)}`).join(', ')}) x`;
  const projection = 'row_to_json(x)::text';
  if (table.primaryKey.length === 0) {
    // No key to page by: ordering by the row's own text keeps OFFSET paging stable.
    for (let offset = 0; ; offset += chunkSize) {
      const rows = await queryRows<{ r: string }>(db, sql.raw(`SELECT ${projection} AS r FROM ${from} ORDER BY 1 LIMIT ${chunkSize} OFFSET ${offset}`));
      if (rows.length > 0) yield rows.map((row) => row.r);
      if (rows.length < chunkSize) return;
    }
  }
  const key = table.primaryKey.map((column) => `t.${quote(column)}`).join(', ');
  const lastKey = table.primaryKey.map((column) => `l.${quote(column)}`).join(', ');
  let last: string | undefined;
  for (;;) {
    // Keyset paging: the next page starts after the last row's key, read back from its own JSON.
    const after = last === undefined ? sql`` : sql`WHERE (${sql.raw(key)}) > (SELECT ${sql.raw(lastKey)} FROM json_populate_record(null::${sql.raw(t)}, ${last}::json) l)`;
    const rows = await queryRows<{ r: string }>(db, sql`SELECT ${sql.raw(projection)} AS r FROM ${sql.raw(from)} ${after} ORDER BY ${sql.raw(key)} LIMIT ${sql.raw(String(chunkSize))}`);
    if (rows.length > 0) yield rows.map((row) => row.r);
    if (rows.length < chunkSize) return;
    last = rows[rows.length - 1]!.r;
  }
}

export interface BackupOptions {
  /** Where attachment content lives (ATTACHMENTS_DIR); needed once any attachment exists. */
  attachments?: LocalBlobStore;
}

/** Raw bytes per content line: base64 makes ~1 MiB of text of it. */
const contentPartBytes = 768 * 1024;

/**
 * After the rows: the content of every attachment the snapshot names, once per hash, so a restore
 * on another machine is complete. Content the store has lost is reported, not fatal: the rows
 * are still worth keeping.
 */
async function writeContents(
  tx: Queryable,
  store: LocalBlobStore | undefined,
  write: (line: string) => Promise<void>,
  progress: (message: string) => void,
): Promise<NonNullable<BackupTrailer['contents']>> {
  const hashes = await queryRows<{ sha256: string }>(tx, sql`SELECT DISTINCT sha256 FROM attachments ORDER BY sha256`);
  const result = { count: 0, bytes: 0, missing: [] as string[] };
  if (hashes.length === 0) return result;
  if (!store) throw new BackupError('This database has attachments: give the attachment store (ATTACHMENTS_DIR) so their content is backed up too.');
  for (const { sha256 } of hashes) {
    const content = await store.open(sha256, contentPartBytes);
    if (!content) {
      result.missing.push(sha256);
      progress(`warning: the content of attachment ${sha256} is missing from ${store.root}; its rows are backed up without it`);
      continue;
    }
    let part = 0;
    let pending: Buffer | undefined;
    // Each piece is written once the next is known, so the last one can say it is last.
    for await (const chunk of content as AsyncIterable<Buffer>) {
      if (pending) await write(formatContentLine({ sha256, part: part++, last: false, data: pending.toString('base64') }));
      pending = chunk;
      result.bytes += chunk.length;
    }
    await write(formatContentLine({ sha256, part, last: true, data: pending?.toString('base64') ?? '' }));
    result.count += 1;
  }
  progress(`attachments: ${result.count} files, ${result.bytes} bytes${result.missing.length ? `, ${result.missing.length} missing` : ''}`);
  return result;
}

/**
 * Writes every public table as gzip'ed JSON lines, readable by either driver. Reads one
 * consistent snapshot (a repeatable-read, read-only transaction), so it is safe while servers run
 * on PostgreSQL. The file appears under its name only once it is complete.
 */
export async function writeBackup(
  handle: DatabaseHandle,
  file: string,
  progress: (message: string) => void = () => undefined,
  options: BackupOptions = {},
): Promise<{ tables: number; rows: number }> {
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, fs.createWriteStream(partial));
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await Promise.race([once(gzip, 'drain'), written]);
  };
  try {
    const result = await handle.db.transaction(
      async (tx) => {
        const tables = await publicTables(tx);
        const migrations = await appliedMigrations(tx);
        const header: BackupHeader = {
          format: backupFormat,
          version: backupFormatVersion,
          createdAt: new Date().toISOString(),
          migrationCount: migrations.length,
          migrations,
          driver: handle.driver,
          tables: tables.map((table) => table.name),
        };
        await write(JSON.stringify(header));
        const counts: Record<string, number> = {};
        for (const table of tables) {
          let count = 0;
          for await (const rows of tableChunks(tx, table)) {
            await write(formatRowsLine(table.name, rows));
            count += rows.length;
          }
          counts[table.name] = count;
          progress(`${table.name}: ${count} rows`);
        }
        const contents = await writeContents(tx, options.attachments, write, progress);
        const trailer: BackupTrailer = { end: true, rows: counts, sequences: await sequenceStates(tx), contents };
        await write(JSON.stringify(trailer));
        return { tables: tables.length, rows: Object.values(counts).reduce((sum, count) => sum + count, 0) };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    gzip.end();
    await written;
    fs.renameSync(partial, file);
    return result;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** Splits a gunzipped stream into lines; stream errors (a damaged file) surface as exceptions. */
async function* readLines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(file);
  const input = source.pipe(zlib.createGunzip());
  source.on('error', (error) => input.destroy(error));
  input.setEncoding('utf8');
  let buffer = '';
  for await (const chunk of input as AsyncIterable<string>) {
    buffer += chunk;
    let start = 0;
    for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n', start)) {
      yield buffer.slice(start, end);
      start = end + 1;
    }
    buffer = buffer.slice(start);
  }
  if (buffer !== '') yield buffer;
}

function damaged(error: unknown): BackupError {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('Z_') || code === 'ERR_INVALID_STATE') return new BackupError(`The backup file is damaged or not gzip data (${(error as Error).message}).`);
  return error as BackupError;
}

/**
 * Replaces the whole database with a backup, in one transaction: all of it or nothing. The
 * database must already be migrated (the CLI migrates before calling this).
 */
export async function restoreBackup(
  handle: DatabaseHandle,
  file: string,
  progress: (message: string) => void = () => undefined,
  options: BackupOptions = {},
): Promise<{ tables: number; rows: number }> {
  if (!fs.existsSync(file)) throw new BackupError(`No such file: ${file}`);
  const lines = readLines(file);
  try {
    return await restoreLines(handle, lines, progress, options.attachments);
  } catch (error) {
    throw damaged(error);
  } finally {
    await lines.return(undefined);
  }
}

/**
 * Puts content parts back in the store as they arrive: each file is checked against its hash
 * before it takes its name. Content is immutable and named by its hash, so storing it before the
 * rows commit is safe: a failed restore leaves at most files nobody names, which the
 * attachment cleanup sweeps away.
 */
class ContentRestorer {
  private current: { sha256: string; next: number; writer: BlobWriter } | undefined;
  count = 0;

  constructor(private readonly store: LocalBlobStore | undefined) {}

  async add(part: ContentPart): Promise<void> {
    if (!this.store) throw new BackupError('This backup has attachment content: give the attachment store (ATTACHMENTS_DIR) to restore it into.');
    if (part.part === 0) {
      if (this.current) throw new BackupError(`The backup file is damaged: the content of ${this.current.sha256} stops before its last part.`);
      this.current = { sha256: part.sha256, next: 0, writer: await this.store.createWriter() };
    }
    const current = this.current;
    if (!current || current.sha256 !== part.sha256 || current.next !== part.part) throw new BackupError(`The backup file is damaged: part ${part.part} of ${part.sha256} is out of place.`);
    await current.writer.write(Buffer.from(part.data, 'base64'));
    current.next += 1;
    if (!part.last) return;
    this.current = undefined;
    const received = await current.writer.finish();
    if (received.sha256 !== current.sha256) {
      await this.store.discard(received);
      throw new BackupError(`The backup file is damaged: the content stored as ${current.sha256} has another hash.`);
    }
    await this.store.place(received);
    this.count += 1;
  }

  /** At the end marker: nothing may be left half-written. */
  async close(): Promise<void> {
    if (!this.current) return;
    const { sha256, writer } = this.current;
    this.current = undefined;
    await writer.abort();
    throw new BackupError(`The backup file is damaged: the content of ${sha256} stops before its last part.`);
  }

  async abort(): Promise<void> {
    await this.current?.writer.abort();
    this.current = undefined;
  }
}

async function restoreLines(
  handle: DatabaseHandle,
  lines: AsyncGenerator<string>,
  progress: (message: string) => void,
  store: LocalBlobStore | undefined,
): Promise<{ tables: number; rows: number }> {
  const first = await lines.next();
  const header = parseBackupHeader(first.done ? undefined : first.value, {
    codeMigrationCount: readMigrationFiles({ migrationsFolder }).length,
    appliedMigrations: await appliedMigrations(handle.db),
  });
  const tables = await publicTables(handle.db);
  const byName = new Map(tables.map((table) => [table.name, table]));
  const unknown = header.tables.filter((table) => !byName.has(table));
  if (unknown.length) throw new BackupError(`The backup has tables this database lacks: ${unknown.join(', ')}`);

  const contents = new ContentRestorer(store);
  return handle.db.transaction(async (tx) => {
    try {
      return await restoreInTransaction(tx);
    } catch (error) {
      await contents.abort();
      throw error;
    }
  });

  async function restoreInTransaction(tx: Transaction) {
    await tx.execute(sql.raw(`TRUNCATE ${tables.map((table) => quote(table.name)).join(', ')} CASCADE`));
    const counts: Record<string, number> = {};
    let trailer: BackupTrailer | undefined;
    let staged: { table: TableInfo; stage: string } | undefined;
    const columnList = (table: TableInfo) => table.columns.map(quote).join(', ');
    // A table that references itself is loaded into a temporary table first and then copied in
    // one statement: foreign keys are checked at the end of a statement, so a child row that
    // came before its parent in key order is fine.
    const flushStage = async () => {
      if (!staged) return;
      const { table, stage } = staged;
      await tx.execute(sql.raw(`INSERT INTO ${quote(table.name)} (${columnList(table)}) OVERRIDING SYSTEM VALUE SELECT ${columnList(table)} FROM ${stage}`));
      await tx.execute(sql.raw(`DROP TABLE ${stage}`));
      staged = undefined;
    };
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (line.trim() === '') continue;
      if (trailer) throw new BackupError('The backup file has data after its end marker.');
      const content = parseContentLine(line);
      if (content) {
        await flushStage();
        await contents.add(content);
        continue;
      }
      const chunk = parseRowsLine(line);
      if (!chunk) {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          throw new BackupError('The backup file has a line that is not JSON; it is damaged.');
        }
        trailer = parseBackupTrailer(value);
        if (!trailer) throw new BackupError('The backup file has a line this Patron does not understand.');
        await contents.close();
        continue;
      }
      const table = byName.get(chunk.table);
      if (!table || !header.tables.includes(chunk.table)) throw new BackupError(`Unknown table in backup: ${chunk.table}`);
      if (staged && staged.table !== table) await flushStage();
      let target = quote(table.name);
      if (table.selfReferencing) {
        if (!staged) {
          staged = { table, stage: quote(`patron_restore_${table.name}`) };
          // Only the copied columns, without constraints: a generated column (contacts' search
          // columns) would otherwise be a plain NOT NULL column the backup has no values for.
          await tx.execute(sql.raw(`CREATE TEMPORARY TABLE ${staged.stage} ON COMMIT DROP AS SELECT ${columnList(table)} FROM ${target} WITH NO DATA`));
        }
        target = staged.stage;
      }
      const inserted = await queryRows<{ count: number }>(
        tx,
        sql`WITH inserted AS (
              INSERT INTO ${sql.raw(target)} (${sql.raw(columnList(table))}) ${sql.raw(table.selfReferencing ? '' : 'OVERRIDING SYSTEM VALUE')}
              SELECT ${sql.raw(columnList(table))} FROM json_populate_recordset(null::${sql.raw(quote(table.name))}, ${chunk.rowsJson}::json)
              RETURNING 1)
            SELECT count(*)::int AS count FROM inserted`,
      );
      counts[table.name] = (counts[table.name] ?? 0) + Number(inserted[0]?.count ?? 0);
    }
    await flushStage();
    if (!trailer) throw new BackupError('The backup file is incomplete (it has no end marker); nothing was restored.');
    for (const [table, expected] of Object.entries(trailer.rows)) {
      if ((counts[table] ?? 0) !== expected) throw new BackupError(`The backup file is damaged: ${table} should have ${expected} rows, found ${counts[table] ?? 0}.`);
    }
    if (trailer.contents && trailer.contents.count !== contents.count) {
      throw new BackupError(`The backup file is damaged: it should have the content of ${trailer.contents.count} attachments, found ${contents.count}.`);
    }
    if (trailer.contents?.missing.length) {
      progress(`warning: ${trailer.contents.missing.length} attachments had lost their content before this backup was made: ${trailer.contents.missing.join(', ')}`);
    }

    // Sequences continue where they were (ticket numbers and the like), and never behind a restored id.
    const sequences = new Set((await sequenceStates(tx)).map((sequence) => sequence.name));
    for (const sequence of trailer.sequences) {
      if (!sequences.has(sequence.name)) continue;
      const name = `public.${quote(sequence.name)}`;
      if (sequence.lastValue === null) await tx.execute(sql`SELECT setval(${name}::regclass, 1, false)`);
      else await tx.execute(sql`SELECT setval(${name}::regclass, ${sequence.lastValue}::bigint, true)`);
    }
    const counters = await queryRows<{ table: string; column: string; sequence: string }>(
      tx,
      sql`SELECT c.relname AS "table", a.attname AS "column", s.oid::regclass::text AS sequence
          FROM pg_depend d
          JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
          JOIN pg_class c ON c.oid = d.refobjid
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
          UNION
          SELECT c.relname, a.attname, substring(pg_get_expr(ad.adbin, ad.adrelid) FROM 'nextval\\(''([^'']+)''')
          FROM pg_attrdef ad
          JOIN pg_class c ON c.oid = ad.adrelid
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ad.adnum
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%'`,
    );
    for (const { table, column, sequence } of counters) {
      await tx.execute(
        sql.raw(
          `SELECT setval('${sequence.replace(/'/g, "''")}'::regclass, m) FROM (SELECT max(${quote(column)}) AS m FROM ${quote(table)}) x
           WHERE m IS NOT NULL AND m > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${sequence})`,
        ),
      );
    }
    for (const table of header.tables) progress(`${table}: ${counts[table] ?? 0} rows`);
    if (contents.count > 0) progress(`attachments: ${contents.count} files`);
    const rows = Object.values(counts).reduce((sum, count) => sum + count, 0);
    progress(`restored ${rows} rows into ${header.tables.length} tables`);
    return { tables: header.tables.length, rows };
  }
}
