import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';
import { lockDataDir } from './data-dir-lock.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Queryable = Database | Transaction;

export type Driver = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  driver: Driver;
  /** Where the data is, for logs: a directory, `memory`, or the URL without its password. */
  location: string;
  close(): Promise<void>;
  pglite?: PGlite;
  pool?: pg.Pool;
  /** The PostgreSQL URL this handle was opened with (to open a second pool on the same database). */
  databaseUrl?: string;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../drizzle');
export const pgliteExtensions = { pg_trgm };

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** PGlite data directory; omit for an in-memory database. */
  dataDir?: string;
  /** An already opened PGlite (tests load one from a migrated template). */
  pglite?: PGlite;
  poolSize?: number;
}

// node-postgres returns bigint and numeric as strings by default; counts and ids here fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it on the next checkout.
    });
    const db = drizzlePg({ client: pool, schema }) as unknown as Database;
    return {
      db,
      driver: 'postgres',
      location: redactUrl(options.databaseUrl),
      pool,
      databaseUrl: options.databaseUrl,
      close: () => pool.end(),
    };
  }
  let release: (() => void) | undefined;
  let client = options.pglite;
  if (!client) {
    if (options.dataDir) release = lockDataDir(options.dataDir);
    try {
      client = await PGlite.create({
        dataDir: options.dataDir ? path.join(options.dataDir, 'pglite') : undefined,
        extensions: pgliteExtensions,
      });
    } catch (error) {
      release?.();
      throw error;
    }
  }
  const pglite = client;
  const db = drizzlePglite({ client: pglite, schema }) as unknown as Database;
  return {
    db,
    driver: 'pglite',
    location: options.dataDir ? path.resolve(options.dataDir) : 'memory',
    pglite,
    close: async () => {
      if (!pglite.closed) await pglite.close();
      release?.();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

/** Applies the drizzle-kit migrations; on PostgreSQL under an advisory lock so nodes starting together don't race. */
export async function runMigrations(handle: DatabaseHandle): Promise<void> {
  if (handle.driver === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder });
    return;
  }
  const client = await handle.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7243011)');
    await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7243011)').catch(() => undefined);
    client.release();
  }
}

/** Rows of a raw query; node-postgres and PGlite both answer with `{ rows }`. */
export async function queryRows<Row = Record<string, unknown>>(db: Queryable, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** True once every migration file in drizzle/ is recorded as applied. */
export async function migrationsApplied(db: Queryable): Promise<boolean> {
  const { readMigrationFiles } = await import('drizzle-orm/migrator');
  const expected = readMigrationFiles({ migrationsFolder }).length;
  try {
    const rows = await queryRows<{ count: number }>(db, sql`SELECT count(*)::int AS count FROM drizzle.__drizzle_migrations`);
    return Number(rows[0]?.count ?? 0) >= expected;
  } catch {
    return false;
  }
}

type Reads = readonly (() => Promise<unknown>)[];

/**
 * Runs independent reads at once on the pool (each on its own connection), or one after another
 * inside a transaction, whose single connection takes one query at a time (node-postgres only
 * queues overlapping queries on a client, and is dropping even that).
 */
export async function readTogether<T extends Reads>(db: Queryable, reads: T): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Results = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (!('rollback' in db)) return (await Promise.all(reads.map((read) => read()))) as Results;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Results;
}
