import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, openTestDatabase, signIn, type TestApp } from '../../../test/harness.js';
import { LocalBlobStore } from '../attachments/blob-store.js';
import { queryRows } from './client.js';
import { sql } from 'drizzle-orm';
import { restoreBackup, writeBackup } from './backup.js';
import { parseContentLine } from './backup-format.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-backup-attachments-'));
const sourceDir = path.join(dir, 'source-files');
const targetDir = path.join(dir, 'target-files');
const file = path.join(dir, 'with-files.patron.gz');
const email = 'files@example.com';
const password = 'correct horse battery';
// Larger than one content line (768 KiB), so it travels in several parts.
const large = randomBytes(2 * 1024 * 1024 + 123);
let source: TestApp;
let restored: TestApp | undefined;
let ticketNumber: number;
let merged: { winnerId: string; loserId: string };
const uploaded: { id: string; sha256: string; filename: string; content: Buffer }[] = [];

beforeAll(async () => {
  source = await createTestApp({ config: { ATTACHMENTS_DIR: sourceDir } });
  const staff = await signIn(source, { email, password });
  const files = [
    { filename: 'photo.bin', content: large },
    { filename: 'empty.txt', content: Buffer.alloc(0) },
    { filename: 'note.txt', content: Buffer.from('the same words') },
    { filename: 'copy of note.txt', content: Buffer.from('the same words') },
  ];
  for (const { filename, content } of files) {
    const response = await source.app.inject({ method: 'POST', url: `/api/v1/attachments?filename=${encodeURIComponent(filename)}`, headers: { ...staff.headers, 'content-type': 'application/octet-stream' }, payload: content });
    expect(response.statusCode, response.body).toBe(201);
    uploaded.push({ ...response.json(), content });
  }
  const ticket = await source.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: staff.headers,
    payload: { subject: 'Files', contact: { name: 'Fay Files' }, message: { body: 'See attached.', attachmentIds: uploaded.slice(0, 3).map((u) => u.id) } },
  });
  expect(ticket.statusCode, ticket.body).toBe(201);
  ticketNumber = ticket.json().number;
  // A merged pair: contacts then refer to contacts (merged_into_id), which a restore stages.
  const [winner, loser] = await Promise.all(
    ['Wendy Winner', 'Wendy Winnner'].map(async (name) => {
      const [firstName, lastName] = name.split(' ');
      return (await source.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: staff.headers, payload: { firstName, lastName } })).json().id as string;
    }),
  );
  const merge = await source.app.inject({ method: 'POST', url: '/api/v1/contacts/merge', headers: staff.headers, payload: { winnerId: winner, loserId: loser } });
  expect(merge.statusCode, merge.body).toBe(201);
  merged = { winnerId: winner!, loserId: loser! };
});
afterAll(async () => {
  await source?.close();
  await restored?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const contentLines = (backup: string) =>
  zlib
    .gunzipSync(fs.readFileSync(backup))
    .toString('utf8')
    .split('\n')
    .map(parseContentLine)
    .filter((part) => part !== undefined);

describe('backups with attachments', () => {
  it('carry each stored content once, so a restore into an empty directory on another database serves every file', async () => {
    await writeBackup(source.handle, file, undefined, { attachments: new LocalBlobStore(sourceDir) });
    const parts = contentLines(file);
    const hashes = [...new Set(parts.map((part) => part.sha256))];
    expect(hashes.sort()).toEqual([...new Set(uploaded.map((u) => u.sha256))].sort());
    expect(parts.filter((part) => part.sha256 === uploaded[0]!.sha256).length).toBe(3);
    expect(parts.find((part) => part.sha256 === uploaded[1]!.sha256)).toMatchObject({ part: 0, last: true, data: '' });

    const target = await openTestDatabase();
    await restoreBackup(target, file, undefined, { attachments: new LocalBlobStore(targetDir) });
    restored = await createTestApp({ handle: target, config: { ATTACHMENTS_DIR: targetDir } });
    const login = await restored.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
    expect(login.statusCode).toBe(200);
    const cookie = `patron_session=${login.cookies.find((c) => c.name === 'patron_session')!.value}`;
    for (const { id, filename, content } of uploaded) {
      const download = await restored.app.inject({ url: `/api/v1/attachments/${id}`, headers: { cookie } });
      expect(download.statusCode, filename).toBe(200);
      expect(download.rawPayload.equals(content), filename).toBe(true);
      expect(download.headers['content-disposition']).toContain(`filename="${filename}"`);
    }
    const messages = (await restored.app.inject({ url: `/api/v1/tickets/${ticketNumber}/messages`, headers: { cookie } })).json().items;
    expect(messages[0].attachments.map((a: { filename: string }) => a.filename)).toEqual(['photo.bin', 'empty.txt', 'note.txt']);
    // Contacts come back with their merge and their search columns computed again.
    const loser = (await restored.app.inject({ url: `/api/v1/contacts/${merged.loserId}`, headers: { cookie } })).json();
    expect(loser.mergedInto).toMatchObject({ id: merged.winnerId });
    const found = (await restored.app.inject({ url: '/api/v1/contacts?q=fay%20files', headers: { cookie } })).json().items;
    expect(found.map((contact: { firstName: string }) => contact.firstName)).toContain('Fay');
  });

  it('refuses to back up or restore attachments without the attachment store', async () => {
    await expect(writeBackup(source.handle, path.join(dir, 'no-store.gz'))).rejects.toThrow(/ATTACHMENTS_DIR/);
    const target = await openTestDatabase();
    try {
      await expect(restoreBackup(target, file)).rejects.toThrow(/ATTACHMENTS_DIR/);
    } finally {
      await target.close();
    }
  });

  it('refuses content that does not match its hash, or stops before its last part, and restores nothing', async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    const noteHash = uploaded[2]!.sha256;
    const tampered = lines.map((line) => (parseContentLine(line)?.sha256 === noteHash ? line.replace(/"data":"[^"]*"/, `"data":"${Buffer.from('other words').toString('base64')}"`) : line));
    const tamperedFile = path.join(dir, 'tampered.gz');
    fs.writeFileSync(tamperedFile, zlib.gzipSync(`${tampered.join('\n')}\n`));
    const cutFile = path.join(dir, 'cut-content.gz');
    const firstLargePart = lines.findIndex((line) => parseContentLine(line)?.sha256 === uploaded[0]!.sha256);
    fs.writeFileSync(cutFile, zlib.gzipSync(`${lines.filter((_, index) => index !== firstLargePart + 2).join('\n')}\n`));

    const target = await openTestDatabase();
    const emptyDir = path.join(dir, 'refused-files');
    try {
      await expect(restoreBackup(target, tamperedFile, undefined, { attachments: new LocalBlobStore(emptyDir) })).rejects.toThrow(/another hash/);
      await expect(restoreBackup(target, cutFile, undefined, { attachments: new LocalBlobStore(emptyDir) })).rejects.toThrow(/damaged/);
      const [row] = await queryRows<{ n: number }>(target.db, sql`SELECT count(*)::int AS n FROM attachments`);
      expect(Number(row!.n)).toBe(0);
      expect(fs.existsSync(path.join(emptyDir, 'tmp')) ? fs.readdirSync(path.join(emptyDir, 'tmp')) : []).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
