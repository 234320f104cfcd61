import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../events/events.tables.js';
import { attachments } from './attachments.tables.js';
import { deleteExpiredAttachments, sweepUnusedContent } from './attachments-cleanup.job.js';
import { uploadAttachment } from './attachments.service.js';
import { LocalBlobStore } from './blob-store.js';

const maxBytes = 4096;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-attachments-'));
let test: TestApp;
let uploader: SignedIn;
let colleague: SignedIn;

beforeAll(async () => {
  test = await createTestApp({ config: { ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_BYTES: String(maxBytes) } });
  uploader = await signIn(test, { rightKeys: ['care.tickets.work'] });
  colleague = await signIn(test, { rightKeys: ['care.tickets.read', 'care.tickets.work'] });
});
afterAll(async () => {
  await test?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sha256 = (content: string | Buffer) => createHash('sha256').update(content).digest('hex');

async function upload(content: string | Buffer, filename: string, contentType = 'text/plain', who: SignedIn = uploader) {
  return test.app.inject({
    method: 'POST',
    url: `/api/v1/attachments?filename=${encodeURIComponent(filename)}`,
    headers: { ...who.headers, 'content-type': contentType },
    payload: content,
  });
}

/** A chunked upload over a real socket, as a browser streaming a file would send it. */
async function postChunked(url: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
  const address = await test.app.listen({ port: 0, host: '127.0.0.1' });
  return new Promise((resolve, reject) => {
    const request = http.request(`${address}${url}`, { method: 'POST', headers: { ...uploader.headers, 'content-type': 'application/octet-stream' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

/** Every content file in the store, by name. */
function storedFiles(): string[] {
  return LocalBlobStore.prefixes().flatMap((prefix) => (fs.existsSync(path.join(dir, prefix)) ? fs.readdirSync(path.join(dir, prefix)) : []));
}

describe('uploading and downloading attachments', () => {
  it('stores an upload under its content hash and answers with its id, safe name, size and expiry', async () => {
    const content = 'Invoice 1001\nTotal: 42.00\n';
    const response = await upload(content, '../../etc/invoice\u202Etxt.exe', 'text/plain; charset=utf-8');
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ filename: 'invoicetxt.exe', size: Buffer.byteLength(content), contentType: 'text/plain', sha256: sha256(content) });
    expect(response.headers.location).toBe(`/api/v1/attachments/${body.id}`);
    expect(new Date(body.expiresAt).getTime() - new Date(body.createdAt).getTime()).toBe(24 * 60 * 60 * 1000);
    const file = path.join(dir, body.sha256.slice(0, 2), body.sha256);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    const [event] = await test.handle.db.select().from(events).where(and(eq(events.recordType, 'attachment'), eq(events.recordId, body.id)));
    expect(event).toMatchObject({ action: 'attachment.uploaded', actorId: uploader.userId });
  });

  it('serves a download with the safe name, nosniff, a sandbox policy and the hash as ETag; If-None-Match gives 304', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% not really a PDF\n');
    const uploaded = (await upload(pdf, 'Rechnung März "Q1".pdf', 'application/pdf')).json();
    const response = await test.app.inject({ url: `/api/v1/attachments/${uploaded.id}`, headers: { cookie: uploader.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(pdf)).toBe(true);
    expect(response.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(pdf.length),
      'content-disposition': `attachment; filename="Rechnung M_rz _Q1_.pdf"; filename*=UTF-8''Rechnung%20M%C3%A4rz%20_Q1_.pdf`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      etag: `"${sha256(pdf)}"`,
      'cache-control': 'private, no-cache',
    });
    const again = await test.app.inject({ url: `/api/v1/attachments/${uploaded.id}`, headers: { cookie: uploader.cookie, 'if-none-match': `"${sha256(pdf)}"` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves types a browser would run (HTML, SVG, XML, scripts) as octet-stream downloads', async () => {
    for (const [name, type] of [
      ['page.html', 'text/html'],
      ['logo.svg', 'image/svg+xml'],
      ['feed.xml', 'application/xml'],
      ['app.js', 'text/javascript'],
      ['tool.exe', 'application/x-msdownload'],
    ] as const) {
      const uploaded = (await upload('<script>alert(document.cookie)</script>', name, type)).json();
      const response = await test.app.inject({ url: `/api/v1/attachments/${uploaded.id}`, headers: { cookie: uploader.cookie } });
      expect(response.headers['content-type'], type).toBe('application/octet-stream');
      expect(response.headers['content-disposition']).toMatch(/^attachment; /);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses a download to anyone but the uploader while nothing they may read carries it', async () => {
    const uploaded = (await upload('private draft', 'draft.txt')).json();
    const other = await test.app.inject({ url: `/api/v1/attachments/${uploaded.id}`, headers: { cookie: colleague.cookie } });
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(other.json().code).toBe('forbidden');
    const anonymous = await test.app.inject({ url: `/api/v1/attachments/${uploaded.id}` });
    expect(anonymous.statusCode).toBe(401);
    const missing = await test.app.inject({ url: '/api/v1/attachments/00000000-0000-4000-8000-000000000000', headers: { cookie: uploader.cookie } });
    expect(missing.statusCode).toBe(404);
    const anonymousUpload = await test.app.inject({ method: 'POST', url: '/api/v1/attachments?filename=x.txt', headers: { 'content-type': 'text/plain' }, payload: 'x' });
    expect(anonymousUpload.statusCode).toBe(401);
  });

  it('refuses content over ATTACHMENT_MAX_BYTES with a 413 naming the body, declared or streamed, and keeps nothing', async () => {
    const rowsBefore = (await test.handle.db.select().from(attachments)).length;
    const filesBefore = storedFiles().length;
    const declared = await upload(Buffer.alloc(maxBytes + 1, 1), 'big.bin', 'application/octet-stream');
    expect(declared.statusCode).toBe(413);
    expect(declared.json()).toMatchObject({ code: 'payload_too_large', maxBytes, errors: [{ field: 'body', message: `must be at most ${maxBytes} bytes` }] });

    // No Content-Length: the limit is found while the bytes arrive (over real HTTP, chunked).
    const streamed = await postChunked('/api/v1/attachments?filename=stream.bin', Array.from({ length: 5 }, () => Buffer.alloc(1024, 2)));
    expect(streamed.status, streamed.body).toBe(413);
    expect(JSON.parse(streamed.body).errors[0].field).toBe('body');

    const exactly = await upload(Buffer.alloc(maxBytes, 3), 'exact.bin', 'application/octet-stream');
    expect(exactly.statusCode).toBe(201);
    expect((await test.handle.db.select().from(attachments)).length).toBe(rowsBefore + 1);
    expect(storedFiles().length).toBe(filesBefore + 1);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('needs a file name', async () => {
    const response = await test.app.inject({ method: 'POST', url: '/api/v1/attachments', headers: { ...uploader.headers, 'content-type': 'text/plain' }, payload: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('query.filename');
  });

  it('stores identical content once, however many uploads carry it', async () => {
    const content = 'the same screenshot, sent twice';
    const first = (await upload(content, 'one.png', 'image/png')).json();
    const second = (await upload(content, 'two.png', 'image/png', colleague)).json();
    expect(second.id).not.toBe(first.id);
    expect(second.sha256).toBe(first.sha256);
    expect(storedFiles().filter((name) => name === sha256(content))).toHaveLength(1);
    const download = await test.app.inject({ url: `/api/v1/attachments/${second.id}`, headers: { cookie: colleague.cookie } });
    expect(download.body).toBe(content);
    expect(download.headers['content-disposition']).toContain('filename="two.png"');
  });

  it('the cleanup deletes uploads never attached after a day, and their content once no upload has it', async () => {
    // Through the service as the system (mail ingest will upload so): sessions do not last the days this test spans.
    const system = test.ctx();
    const content = `scan ${Date.now()}`;
    const store = (name: string) => uploadAttachment(system, { filename: name, contentType: 'text/plain', content: [Buffer.from(content)] });
    const early = await store('early.txt');
    test.clock.advance(23 * 60 * 60 * 1000);
    expect((await deleteExpiredAttachments(test.runtime)).attachments).toBe(0);
    expect(await test.handle.db.select().from(attachments).where(eq(attachments.id, early.id))).toHaveLength(1);
    const late = await store('late.txt');

    test.clock.advance(2 * 60 * 60 * 1000);
    await deleteExpiredAttachments(test.runtime);
    expect(await test.handle.db.select().from(attachments).where(eq(attachments.id, early.id))).toHaveLength(0);
    // The later upload has the same bytes, so they stay.
    expect(storedFiles()).toContain(sha256(content));
    const [expired] = await test.handle.db.select().from(events).where(and(eq(events.recordId, early.id), eq(events.action, 'attachment.expired')));
    expect(expired).toMatchObject({ actorType: 'system', actorLabel: 'system:attachments' });

    test.clock.advance(24 * 60 * 60 * 1000);
    const result = await deleteExpiredAttachments(test.runtime);
    expect(result.attachments).toBeGreaterThanOrEqual(1);
    expect(await test.handle.db.select().from(attachments).where(eq(attachments.id, late.id))).toHaveLength(0);
    expect(storedFiles()).not.toContain(sha256(content));
    test.clock.set(new Date());
    const gone = await test.app.inject({ url: `/api/v1/attachments/${late.id}`, headers: { cookie: uploader.cookie } });
    expect(gone.statusCode).toBe(404);
  });

  it('the sweep removes content files no row names once they are a day old, and stale temporary files', async () => {
    test.clock.set(new Date());
    const store = new LocalBlobStore(dir);
    const stray = await store.receive([Buffer.from('left behind by a crash')]);
    await store.place(stray);
    const leftover = path.join(dir, 'tmp', 'crashed.part');
    fs.writeFileSync(leftover, 'half an upload');
    const kept = (await upload('still wanted', 'kept.txt')).json();
    const prefixes = LocalBlobStore.prefixes();

    expect(await sweepUnusedContent(test.runtime, prefixes)).toBe(0);
    expect(await store.has(stray.sha256)).toBe(true);

    // File times are real; the clock moves past them.
    test.clock.set(new Date(Date.now() + 25 * 60 * 60 * 1000));
    expect(await sweepUnusedContent(test.runtime, prefixes)).toBeGreaterThanOrEqual(1);
    expect(await store.has(stray.sha256)).toBe(false);
    expect(await store.has(kept.sha256)).toBe(true);
    expect(fs.existsSync(leftover)).toBe(false);
  });
});
