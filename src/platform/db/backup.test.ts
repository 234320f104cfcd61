import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { createTestApp, openTestDatabase, signIn, type TestApp } from '../../../test/harness.js';
import type { DatabaseHandle } from './client.js';
import { openDatabase, pgliteExtensions, queryRows, runMigrations } from './client.js';
import { restoreBackup, writeBackup } from './backup.js';
import { BackupError, formatRowsLine, orderTablesByDependencies, parseBackupHeader, parseRowsLine } from './backup-format.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-backup-'));
const file = path.join(dir, 'full.patron.gz');
let source: TestApp;
let target: DatabaseHandle;
/** The other driver's kind of database in the PostgreSQL run; another in-memory PGlite in the PGlite run. */
let embedded: DatabaseHandle;

// Exercises what the real tables don't have yet: a self-reference whose children come before
// their parents in key order, a generated column, values a JS number cannot hold, and more
// rows than one chunk.
const createTree = sql`CREATE TABLE backup_tree (
  id integer PRIMARY KEY,
  parent_id integer REFERENCES backup_tree(id),
  big bigint NOT NULL,
  amount numeric(30, 10) NOT NULL,
  label text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  label_length integer GENERATED ALWAYS AS (length(label)) STORED
)`;

beforeAll(async () => {
  source = await createTestApp();
  const admin = await signIn(source);
  await source.app.inject({ method: 'POST', url: '/api/v1/groups', headers: admin.headers, payload: { name: 'Backed up', rightKeys: ['access.users.read'], memberIds: [admin.userId] } });
  await source.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.com' } });
  await source.handle.db.execute(sql`INSERT INTO jobs (name, payload) VALUES ('backup.test', '{"n": 1}'::jsonb)`);
  await source.handle.db.execute(createTree);
  await source.handle.db.execute(sql`
    INSERT INTO backup_tree (id, parent_id, big, amount, label, tags)
    SELECT g, CASE WHEN g < 2500 THEN g + 1 END, 9007199254740993 + g, 12345678901234567890.0123456789, 'node "' || g || '" é', ARRAY['a', 'b,c']
    FROM generate_series(1, 2500) g`);
  await source.handle.db.execute(sql`SELECT nextval('ticket_number_seq') FROM generate_series(1, 7)`);
  target = await openTestDatabase();
  await target.db.execute(createTree);
  const pglite = await PGlite.create({ extensions: pgliteExtensions });
  embedded = await openDatabase({ pglite });
  await runMigrations(embedded);
  await embedded.db.execute(createTree);
});
afterAll(async () => {
  await source?.close();
  await target?.close();
  await embedded?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = async (handle: { db: DatabaseHandle['db'] }) => ({
  users: await queryRows(handle.db, sql`SELECT id, email, password_hash, is_admin, created_at::text FROM users ORDER BY id`),
  groups: await queryRows(handle.db, sql`SELECT g.name, array_agg(r.right_key ORDER BY r.right_key) AS rights FROM groups g JOIN group_rights r ON r.group_id = g.id GROUP BY g.name ORDER BY g.name`),
  events: await queryRows(handle.db, sql`SELECT id, action, record_id, changes, occurred_at::text FROM events ORDER BY id`),
  jobs: await queryRows(handle.db, sql`SELECT id, name, status, payload FROM jobs ORDER BY id`),
  tree: await queryRows(handle.db, sql`SELECT count(*)::int AS rows, sum(big)::text AS big, sum(amount)::text AS amount, string_agg(label || label_length || parent_id || tags::text, ',' ORDER BY id) AS text FROM backup_tree`),
  tables: await queryRows(handle.db, sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`),
});

const tableCounts = async (handle: DatabaseHandle) => {
  const tables = await queryRows<{ name: string }>(handle.db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ count: number }>(handle.db, sql.raw(`SELECT count(*)::int AS count FROM "${name}"`));
    counts[name] = Number(row!.count);
  }
  return counts;
};

describe('logical backups', () => {
  it('a backup restores into another database with the same rows, and ids and sequences continue after it', async () => {
    const written = await writeBackup(source.handle, file);
    expect(written.rows).toBeGreaterThan(2500);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    const restored = await restoreBackup(target, file);
    expect(restored.rows).toBe(written.rows);
    expect(await tableCounts(target)).toEqual(await tableCounts(source.handle));
    const expected = await snapshot(source.handle);
    expect(expected.events.length).toBeGreaterThan(0);
    expect(expected.jobs.length).toBeGreaterThan(0);
    expect(await snapshot(target)).toEqual(expected);

    const [maxEvent] = await queryRows<{ id: number }>(target.db, sql`SELECT max(id)::int AS id FROM events`);
    const [inserted] = await queryRows<{ id: number }>(target.db, sql`INSERT INTO events (actor_type, record_type, record_id, action) VALUES ('system', 'test', '1', 'test.after_restore') RETURNING id::int AS id`);
    expect(Number(inserted!.id)).toBeGreaterThan(Number(maxEvent!.id));
    const [maxJob] = await queryRows<{ id: number }>(target.db, sql`SELECT max(id)::int AS id FROM jobs`);
    const [job] = await queryRows<{ id: number }>(target.db, sql`INSERT INTO jobs (name, payload) VALUES ('after', '{}'::jsonb) RETURNING id::int AS id`);
    expect(Number(job!.id)).toBeGreaterThan(Number(maxJob!.id));
    const [ticketNumber] = await queryRows<{ n: number }>(target.db, sql`SELECT nextval('ticket_number_seq')::int AS n`);
    expect(Number(ticketNumber!.n)).toBe(8);
  });

  it('moves between drivers: to the embedded database and back gives the same rows', async () => {
    await restoreBackup(embedded, file);
    const again = path.join(dir, 'again.patron.gz');
    await writeBackup(embedded, again);
    await restoreBackup(target, again);
    expect(await snapshot(target)).toEqual(await snapshot(source.handle));
  });

  it('refuses a foreign, damaged or cut-short file and leaves the database as it was', async () => {
    await restoreBackup(target, file);
    const before = await tableCounts(target);
    const beforeRows = await snapshot(target);
    const notGzip = path.join(dir, 'garbage.txt');
    fs.writeFileSync(notGzip, 'hello, I am not a backup');
    await expect(restoreBackup(target, notGzip)).rejects.toThrow(/not gzip data/);
    const foreign = path.join(dir, 'foreign.gz');
    fs.writeFileSync(foreign, zlib.gzipSync('{"hello":"world"}\n'));
    await expect(restoreBackup(target, foreign)).rejects.toThrow(/not a Patron backup/);

    // The whole file minus its end marker: every row line is there, yet nothing may be restored.
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const cut = path.join(dir, 'cut.gz');
    fs.writeFileSync(cut, zlib.gzipSync(`${lines.slice(0, -1).join('\n')}\n`));
    await expect(restoreBackup(target, cut)).rejects.toThrow(/incomplete/);
    const truncated = path.join(dir, 'truncated.gz');
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(restoreBackup(target, truncated)).rejects.toThrow(BackupError);
    const badRow = path.join(dir, 'bad-row.gz');
    fs.writeFileSync(badRow, zlib.gzipSync(`${[lines[0], formatRowsLine('users', ['{"id":"not a uuid"}']), ...lines.slice(1)].join('\n')}\n`));
    await expect(restoreBackup(target, badRow)).rejects.toThrow();
    await expect(restoreBackup(target, path.join(dir, 'missing.gz'))).rejects.toThrow(/No such file/);

    expect(await tableCounts(target)).toEqual(before);
    expect(await snapshot(target)).toEqual(beforeRows);
  });
});

describe('backup format rules', () => {
  it('orders tables after the tables they reference', () => {
    expect(orderTablesByDependencies(['members', 'groups', 'users'], [{ from: 'members', to: 'groups' }, { from: 'members', to: 'users' }, { from: 'groups', to: 'groups' }])).toEqual(['groups', 'users', 'members']);
    expect(() => orderTablesByDependencies(['a', 'b'], [{ from: 'a', to: 'b' }, { from: 'b', to: 'a' }])).toThrow(/cycle/);
  });

  it('rejects foreign files, backups from a newer Patron and backups with other migrations', () => {
    const target = { codeMigrationCount: 2, appliedMigrations: ['h1', 'h2'] };
    const header = (fields: object) => JSON.stringify({ format: 'patron-backup', version: 1, createdAt: '', driver: 'pglite', tables: [], ...fields });
    expect(() => parseBackupHeader('{"hello":1}', target)).toThrow(/not a Patron backup/);
    expect(() => parseBackupHeader('null', target)).toThrow(/not a Patron backup/);
    expect(() => parseBackupHeader(header({ migrationCount: 3, migrations: ['h1', 'h2', 'h3'] }), target)).toThrow(/newer Patron/);
    expect(() => parseBackupHeader(header({ migrationCount: 2, migrations: ['h1', 'other'] }), target)).toThrow(/migration #2/);
    expect(parseBackupHeader(header({ migrationCount: 1, migrations: ['h1'] }), target).migrations).toEqual(['h1']);
  });

  it('keeps row text exact through a rows line', () => {
    const line = formatRowsLine('we"ird', ['{"n":9007199254740993}', '{"s":"a\\"b"}']);
    expect(parseRowsLine(line)).toEqual({ table: 'we"ird', rowsJson: '[{"n":9007199254740993},{"s":"a\\"b"}]' });
    expect(parseRowsLine('{"end":true}')).toBeUndefined();
  });
});
