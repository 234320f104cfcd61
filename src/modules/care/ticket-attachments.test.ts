import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { attachments, deleteExpiredAttachments } from '../../platform/attachments/index.js';
import { events } from '../../platform/events/events.tables.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-ticket-attachments-'));
let test: TestApp;
let agent: SignedIn;
let colleague: SignedIn;
let outsider: SignedIn;
let statuses: Record<string, string>;

beforeAll(async () => {
  // Sessions outlive the day an upload waits to be attached, so the clock can move past it.
  test = await createTestApp({ config: { ATTACHMENTS_DIR: dir, SESSION_TTL_HOURS: '96' } });
  agent = await signIn(test, { rightKeys: ['care.tickets.read', 'care.tickets.work', 'care.tickets.create', 'care.tickets.delete'] });
  colleague = await signIn(test, { rightKeys: ['care.tickets.read', 'care.tickets.work'] });
  outsider = await signIn(test, { rightKeys: ['access.users.read'] });
  const listed = await test.app.inject({ url: '/api/v1/ticket-statuses', headers: agent.headers });
  statuses = Object.fromEntries((listed.json().items as { id: string; name: string }[]).map((s) => [s.name, s.id]));
});
afterAll(async () => {
  await test?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, who: SignedIn = agent) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });
}

async function upload(content: string, filename: string, who: SignedIn = agent): Promise<{ id: string; sha256: string }> {
  const response = await test.app.inject({ method: 'POST', url: `/api/v1/attachments?filename=${encodeURIComponent(filename)}`, headers: { ...who.headers, 'content-type': 'text/plain' }, payload: content });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function openTicket(message: object) {
  const response = await call('POST', '/tickets', { subject: 'Broken lamp', contact: { name: 'Lee Lamp', email: 'lee@example.com' }, message });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { number: number; version: number };
}

const messagesOf = async (number: number) => (await call('GET', `/tickets/${number}/messages`)).json().items as { body: string; attachments: { id: string; filename: string; size: number; contentType: string }[] }[];

describe('attachments on ticket messages', () => {
  it('the first message, a reply, a note and a status change with a message each carry their files, listed in order', async () => {
    const photo = await upload('photo of the lamp', 'lamp.jpg');
    const receipt = await upload('receipt', 'receipt.txt');
    const ticket = await openTicket({ body: 'It arrived broken.', attachmentIds: [photo.id, receipt.id] });

    const log = await upload('warehouse log', 'log.txt');
    const note = await call('POST', `/tickets/${ticket.number}/messages`, { body: 'Packing log attached.', visibility: 'internal', attachmentIds: [log.id] });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json().attachments).toEqual([{ id: log.id, filename: 'log.txt', size: 13, contentType: 'text/plain' }]);

    const label = await upload('return label', 'label.txt');
    const current = (await call('GET', `/tickets/${ticket.number}`)).json();
    const assigned = (await call('POST', `/tickets/${ticket.number}/assignment`, { version: current.version, assigneeId: agent.userId })).json();
    const responded = await call('POST', `/tickets/${ticket.number}/transitions`, { version: assigned.version, statusId: statuses['In Process'], message: { body: 'Here is a return label.', attachmentIds: [label.id] } });
    expect(responded.statusCode, responded.body).toBe(200);

    const plain = await call('POST', `/tickets/${ticket.number}/messages`, { body: 'No files here.' });
    expect(plain.json().attachments).toEqual([]);

    const messages = await messagesOf(ticket.number);
    expect(messages.map((m) => [m.body, m.attachments.map((a) => a.filename)])).toEqual([
      ['It arrived broken.', ['lamp.jpg', 'receipt.txt']],
      ['Packing log attached.', ['log.txt']],
      ['Here is a return label.', ['label.txt']],
      ['No files here.', []],
    ]);
    expect(messages[0]!.attachments[0]).toEqual({ id: photo.id, filename: 'lamp.jpg', size: 17, contentType: 'text/plain' });

    // The message's event names its attachments, and attached uploads no longer expire.
    const noteEvents = await test.handle.db.select().from(events).where(eq(events.action, 'ticket.note_added'));
    expect(noteEvents.some((event) => JSON.stringify(event.changes.attachmentIds) === JSON.stringify([log.id]))).toBe(true);
    const rows = await test.handle.db.select().from(attachments).where(eq(attachments.id, photo.id));
    expect(rows[0]!.expiresAt).toBeNull();
  });

  it('staff who may read tickets download what a message carries; others are refused', async () => {
    const file = await upload('invoice copy', 'invoice.txt');
    await openTicket({ body: 'Invoice attached.', attachmentIds: [file.id] });
    const byColleague = await test.app.inject({ url: `/api/v1/attachments/${file.id}`, headers: { cookie: colleague.cookie } });
    expect(byColleague.statusCode).toBe(200);
    expect(byColleague.body).toBe('invoice copy');
    const byOutsider = await test.app.inject({ url: `/api/v1/attachments/${file.id}`, headers: { cookie: outsider.cookie } });
    expect(byOutsider.statusCode).toBe(403);
  });

  it('refuses unknown ids, uploads of someone else, ids listed twice and attachments already on a message, naming each, and writes nothing', async () => {
    const ticket = await openTicket({ body: 'Start.' });
    const mine = await upload('mine', 'mine.txt');
    const theirs = await upload('theirs', 'theirs.txt', colleague);
    const unknown = '00000000-0000-4000-8000-000000000001';
    const before = (await messagesOf(ticket.number)).length;

    const bad = await call('POST', `/tickets/${ticket.number}/messages`, { body: 'Files.', attachmentIds: [mine.id, unknown, theirs.id, mine.id] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'attachmentIds.1', message: expect.stringContaining('not an uploaded attachment') },
      { field: 'attachmentIds.2', message: 'was uploaded by someone else' },
      { field: 'attachmentIds.3', message: 'is listed twice' },
    ]);
    expect((await messagesOf(ticket.number)).length).toBe(before);

    const notUuid = await call('POST', `/tickets/${ticket.number}/messages`, { body: 'Files.', attachmentIds: ['nope'] });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().errors[0].field).toBe('body.attachmentIds.0');

    // The failed write attached nothing, so the upload can still be used; once used, it cannot be used again.
    expect((await call('POST', `/tickets/${ticket.number}/messages`, { body: 'Now.', attachmentIds: [mine.id] })).statusCode).toBe(201);
    const reused = await call('POST', '/tickets', { subject: 'Other', contact: { name: 'Lee' }, message: { body: 'Same file.', attachmentIds: [mine.id] } });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().errors).toEqual([{ field: 'message.attachmentIds.0', message: expect.stringContaining('already attached') }]);

    // Uploading the same file again gives a new attachment (the bytes are stored once).
    const again = await upload('mine', 'mine.txt');
    expect(again.sha256).toBe(mine.sha256);
    expect((await call('POST', '/tickets', { subject: 'Other', contact: { name: 'Lee' }, message: { body: 'Same file.', attachmentIds: [again.id] } })).statusCode).toBe(201);
  });

  it('a status change with a bad attachment id changes nothing', async () => {
    const ticket = await openTicket({ body: 'Start.' });
    const assigned = (await call('POST', `/tickets/${ticket.number}/assignment`, { version: ticket.version, assigneeId: agent.userId })).json();
    const response = await call('POST', `/tickets/${ticket.number}/transitions`, {
      version: assigned.version,
      statusId: statuses['In Process'],
      message: { body: 'With a file.', attachmentIds: ['00000000-0000-4000-8000-000000000002'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('message.attachmentIds.0');
    const after = (await call('GET', `/tickets/${ticket.number}`)).json();
    expect(after).toMatchObject({ version: assigned.version, statusId: assigned.statusId });
  });

  it('an upload that expired cannot be attached; the cleanup keeps attached files and deletes the rest, and a deleted ticket releases its files', async () => {
    const attached = await upload('kept forever', 'kept.txt');
    const ticket = await openTicket({ body: 'Keep this.', attachmentIds: [attached.id] });
    const orphan = await upload('never sent', 'orphan.txt');

    test.clock.advance(25 * 60 * 60 * 1000);
    const cleaned = await deleteExpiredAttachments(test.runtime);
    expect(cleaned.attachments).toBeGreaterThanOrEqual(1);
    const remaining = new Set((await test.handle.db.select({ id: attachments.id }).from(attachments)).map((row) => row.id));
    expect(remaining.has(attached.id)).toBe(true);
    expect(remaining.has(orphan.id)).toBe(false);
    test.clock.set(new Date());

    // An upload past its time but not yet cleaned up is refused too.
    const late = await upload('too late', 'late.txt');
    test.clock.advance(25 * 60 * 60 * 1000);
    const lateUse = await call('POST', `/tickets/${ticket.number}/messages`, { body: 'Late.', attachmentIds: [late.id] });
    expect(lateUse.statusCode).toBe(400);
    expect(lateUse.json().errors).toEqual([{ field: 'attachmentIds.0', message: 'has expired; upload the file again' }]);
    test.clock.set(new Date());

    expect((await call('DELETE', `/tickets/${ticket.number}`)).statusCode).toBe(204);
    test.clock.advance(1000);
    await deleteExpiredAttachments(test.runtime);
    expect(await test.handle.db.select().from(attachments).where(eq(attachments.id, attached.id))).toHaveLength(0);
    test.clock.set(new Date());
    // The attachment's own history, from upload to deletion.
    const history = await test.handle.db.select().from(events).where(and(eq(events.recordType, 'attachment'), eq(events.recordId, attached.id))).orderBy(asc(events.id));
    expect(history.map((event) => event.action)).toEqual(['attachment.uploaded', 'attachment.attached', 'attachment.released', 'attachment.expired']);
    expect(history[1]!.changes).toEqual({ attachedTo: { recordType: 'ticket_message', recordId: expect.any(String) } });
  });
});
