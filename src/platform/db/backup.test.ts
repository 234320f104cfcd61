import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, openTestDatabase, signIn, type TestApp } from '../../../test/harness.js';
import type { DatabaseHandle } from './client.js';
import { queryRows } from './client.js';
import { restoreBackup, writeBackup } from './backup.js';
import { BackupError, orderTablesByDependencies, parseBackupHeader } from './backup-format.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-backup-'));
let source: TestApp;
let target: DatabaseHandle;

beforeAll(async () => {
  source = await createTestApp();
  const admin = await signIn(source);
  await source.app.inject({ method: 'POST', url: '/api/v1/groups', headers: admin.headers, payload: { name: 'Backed up', rightKeys: ['access.users.read'], memberIds: [admin.userId] } });
  await source.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.com' } });
  target = await openTestDatabase();
});
afterAll(async () => {
  await source?.close();
  await target?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const snapshot = async (handle: { db: DatabaseHandle['db'] }) => ({
  users: await queryRows(handle.db, sql`SELECT id, email, password_hash, is_admin FROM users ORDER BY id`),
  groups: await queryRows(handle.db, sql`SELECT g.name, array_agg(r.right_key ORDER BY r.right_key) AS rights FROM groups g JOIN group_rights r ON r.group_id = g.id GROUP BY g.name ORDER BY g.name`),
  events: await queryRows(handle.db, sql`SELECT id, action, record_id, changes FROM events ORDER BY id`),
  jobs: await queryRows(handle.db, sql`SELECT id, name, status FROM jobs ORDER BY id`),
});

describe('logical backups', () => {
  it('a backup restores into another database with the same rows, and ids continue after it', async () => {
    const file = path.join(dir, 'full.patron.gz');
    const written = await writeBackup(source.handle, file);
    expect(written.rows).toBeGreaterThan(10);
    const restored = await restoreBackup(target, file);
    expect(restored.rows).toBe(written.rows);
    expect(await snapshot(target)).toEqual(await snapshot(source.handle));
    const [maxEvent] = await queryRows<{ id: number }>(target.db, sql`SELECT max(id)::int AS id FROM events`);
    const [inserted] = await queryRows<{ id: number }>(target.db, sql`INSERT INTO events (actor_type, record_type, record_id, action) VALUES ('system', 'test', '1', 'test.after_restore') RETURNING id::int AS id`);
    expect(Number(inserted!.id)).toBeGreaterThan(Number(maxEvent!.id));
  });

  it('refuses a file that is not a backup and leaves the database as it was', async () => {
    const garbage = path.join(dir, 'garbage.txt');
    fs.writeFileSync(garbage, 'hello, I am not a backup');
    const before = await snapshot(target);
    await expect(restoreBackup(target, garbage)).rejects.toThrow(BackupError);
    expect(await snapshot(target)).toEqual(before);
  });
});

describe('backup format rules', () => {
  it('orders tables after the tables they reference', () => {
    expect(orderTablesByDependencies(['members', 'groups', 'users'], [{ from: 'members', to: 'groups' }, { from: 'members', to: 'users' }, { from: 'groups', to: 'groups' }])).toEqual(['groups', 'users', 'members']);
  });
  it('rejects foreign files and backups from a newer Patron', () => {
    expect(() => parseBackupHeader('{"hello":1}', 2)).toThrow(/not a Patron backup/);
    expect(() => parseBackupHeader(JSON.stringify({ format: 'patron-backup', version: 1, migrationCount: 5, tables: [] }), 2)).toThrow(/newer Patron/);
  });
});
