import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';
import { subscribeToEvents } from '../../platform/events/subscriptions.js';
import { registerJobHandler } from '../../platform/jobs/handlers.js';
import { jobs } from '../../platform/jobs/jobs.tables.js';
import { drainJobs } from '../../platform/jobs/worker.js';
import { outgoingMails } from '../../platform/mail/mail.tables.js';
import { contacts } from '../customers/customers.tables.js';
import { tickets } from './tickets.tables.js';

let test: TestApp;
let admin: SignedIn;
let statuses: Record<string, string>;
let reasons: { id: string; name: string }[];

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  const listed = await test.app.inject({ url: '/api/v1/ticket-statuses', headers: admin.headers });
  statuses = Object.fromEntries((listed.json().items as { id: string; name: string }[]).map((s) => [s.name, s.id]));
  reasons = (await test.app.inject({ url: '/api/v1/cancellation-reasons', headers: admin.headers })).json().items;
});
afterAll(async () => {
  await test?.close();
});

async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });
}

async function openTicket(extra: object = {}, who: SignedIn = admin) {
  const response = await call('POST', '/tickets', { subject: 'Where is my order?', contact: { name: 'Ann Buyer', email: 'ann@example.com', phone: '+1 555 0100' }, message: { body: 'It has been a week.' }, openedBy: 'customer', channel: 'portal', ...extra }, who);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('the 3dCart ticket loop, out of the box', () => {
  it('a customer request waits on staff; staff respond with a status change; the customer is the last to speak again; staff close it', async () => {
    const ticket = await openTicket();
    expect(ticket).toMatchObject({ state: 'pending', statusId: statuses['New'], lastActionBy: 'customer', waitingOnStaff: true, number: expect.any(Number) });
    expect(ticket.keyDates.expectedCompletionAt).not.toBeNull();
    // createTicket answers with the row it wrote; it must be the ticket a later read returns.
    expect((await call('GET', `/tickets/${ticket.number}`)).json()).toEqual(ticket);
    const counts = async () => Object.fromEntries(((await call('GET', '/tickets/counts')).json().items as { statusId: string; count: number }[]).map((c) => [c.statusId, c.count]));
    const before = await counts();
    expect(before[statuses['New']!]).toBeGreaterThanOrEqual(1);

    // Progress needs a user: the first try is refused with the allowed next statuses.
    const unassigned = await call('POST', `/tickets/${ticket.number}/transitions`, { version: ticket.version, statusId: statuses['In Process'], message: { body: 'Looking into it.' } });
    expect(unassigned.statusCode).toBe(409);
    expect(unassigned.json().code).toBe('transition_not_allowed');

    const assigned = (await call('POST', `/tickets/${ticket.number}/assignment`, { version: ticket.version, assigneeId: admin.userId })).json();
    const responded = await call('POST', `/tickets/${ticket.number}/transitions`, { version: assigned.version, statusId: statuses['In Process'], message: { body: 'We are looking into it.' } });
    expect(responded.statusCode, responded.body).toBe(200);
    expect(responded.json()).toMatchObject({ state: 'responded', lastActionBy: 'staff', waitingOnStaff: false });
    const after = await counts();
    expect(after[statuses['New']!]).toBe(before[statuses['New']!]! - 1);
    expect(after[statuses['In Process']!]).toBe((before[statuses['In Process']!] ?? 0) + 1);

    const messages = (await call('GET', `/tickets/${ticket.number}/messages`)).json().items;
    expect(messages.map((m: { authorType: string; body: string }) => [m.authorType, m.body])).toEqual([
      ['customer', 'It has been a week.'],
      ['staff', 'We are looking into it.'],
    ]);
    const note = await call('POST', `/tickets/${ticket.number}/messages`, { body: 'Carrier says Tuesday', visibility: 'internal' });
    expect(note.statusCode).toBe(201);

    const current = (await call('GET', `/tickets/${ticket.number}`)).json();
    const completed = await call('POST', `/tickets/${ticket.number}/transitions`, { version: current.version, statusId: statuses['Completed'] });
    expect(completed.statusCode, completed.body).toBe(200);
    expect(completed.json().state).toBe('completed');
    expect(completed.json().keyDates.completedAt).not.toBeNull();

    // Completed tickets cannot be edited.
    const edit = await call('PATCH', `/tickets/${ticket.number}`, { version: completed.json().version, subject: 'Changed' });
    expect(edit.statusCode).toBe(409);
    const history = (await call('GET', `/tickets/${ticket.number}/history`)).json().items.map((e: { action: string }) => e.action);
    expect(history).toEqual(expect.arrayContaining(['ticket.created', 'ticket.message_added', 'ticket.assigned', 'ticket.status_changed', 'ticket.note_added']));
  });

  it('staff open a ticket from a customer record with "email customer"', async () => {
    const first = await openTicket();
    const ticket = await openTicket({ contact: { contactId: first.contact.contactId }, openedBy: 'staff', channel: 'staff', emailCustomer: true, createdFrom: { type: 'contact', id: first.contact.contactId } });
    expect(ticket.contact).toMatchObject({ contactId: first.contact.contactId, name: 'Ann Buyer', email: 'ann@example.com' });
    expect(ticket.createdFrom).toEqual({ type: 'contact', id: first.contact.contactId });
    await drainJobs(test.runtime);
    const mails = await test.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.toAddress, 'ann@example.com'));
    expect(mails.some((m) => m.subject.startsWith(`[#${ticket.number}]`))).toBe(true);
  });

  it('links the contact found by email, or creates one in the transaction that writes the ticket', async () => {
    subscribeToEvents('ticket.created', 'test.ticket_created');
    registerJobHandler('test.ticket_created', async () => undefined);
    const response = await call('POST', '/tickets', { subject: 'Cleo asks', contact: { name: 'Cleo  de Vries', email: 'Cleo@Example.com', phone: '+31 20 555' }, channel: 'portal' });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    const [event] = await test.runtime.db.select().from(events).where(and(eq(events.recordId, created.id), eq(events.action, 'ticket.created')));
    expect(event!.changes).toEqual({ number: created.number, subject: 'Cleo asks', statusId: created.statusId, typeId: created.typeId, channel: 'portal', contactId: created.contact.contactId, assigneeId: null, departmentId: null });
    const queued = await test.runtime.db.select().from(jobs).where(eq(jobs.name, 'test.ticket_created'));
    expect(queued.map((job) => job.payload)).toEqual([{ eventId: event!.id, action: 'ticket.created' }]);
    const [contact] = await test.runtime.db.select().from(contacts).where(eq(contacts.id, created.contact.contactId));
    expect(contact).toMatchObject({ firstName: 'Cleo', lastName: 'de Vries', email: 'Cleo@Example.com', phone: '+31 20 555', source: 'portal' });
    // The contact the ticket created has its own event, in the same request.
    const [contactCreated] = await test.runtime.db.select().from(events).where(and(eq(events.recordId, contact!.id), eq(events.action, 'contact.created')));
    expect(contactCreated).toMatchObject({ requestId: event!.requestId, changes: { firstName: 'Cleo', lastName: 'de Vries', source: 'portal' } });
    // Found case-insensitively: the contact's own name and phone fill what the request leaves out.
    const found = await openTicket({ contact: { email: 'cleo@example.COM' } });
    expect(found.contact).toEqual({ contactId: contact!.id, name: 'Cleo de Vries', email: 'cleo@example.COM', phone: '+31 20 555' });
    const renamed = await openTicket({ contact: { email: 'cleo@example.com', name: 'C. de Vries', phone: '+31 6 1' } });
    expect(renamed.contact).toEqual({ contactId: contact!.id, name: 'C. de Vries', email: 'cleo@example.com', phone: '+31 6 1' });
    // Without an email every ticket gets a new contact; a new contact named by email alone.
    const [a, b] = [await openTicket({ contact: { name: 'Walk In' } }), await openTicket({ contact: { name: 'Walk In' } })];
    expect(a.contact.contactId).not.toBe(b.contact.contactId);
    expect(a.contact).toMatchObject({ name: 'Walk In', email: null, phone: null });
    const byEmail = await openTicket({ contact: { email: 'nobody.yet@example.com' } });
    expect(byEmail.contact).toMatchObject({ name: 'nobody.yet@example.com', email: 'nobody.yet@example.com' });
    const [named] = await test.runtime.db.select().from(contacts).where(eq(contacts.id, byEmail.contact.contactId));
    expect(named).toMatchObject({ firstName: 'nobody.yet', lastName: '' });
    // The insert that looked for the address and found nobody wrote nothing: one event, and the
    // queue counters still add up to the tickets there are.
    expect(await test.runtime.db.select().from(events).where(and(eq(events.recordId, byEmail.id), eq(events.action, 'ticket.created')))).toHaveLength(1);
    const counted = (await call('GET', '/tickets/counts')).json().items.reduce((sum: number, item: { count: number }) => sum + item.count, 0);
    expect(counted).toBe((await test.runtime.db.select().from(tickets)).length);

    const unknown = await call('POST', '/tickets', { subject: 'x', contact: { contactId: '00000000-0000-4000-8000-000000000000' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('contact.contactId');
    const nobody = await call('POST', '/tickets', { subject: 'x', contact: {} });
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().errors[0].field).toBe('contact');
  });

  it('cancels only while pending and only with a reason', async () => {
    const ticket = await openTicket();
    const noReason = await call('POST', `/tickets/${ticket.number}/transitions`, { version: ticket.version, statusId: statuses['Cancelled'] });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('cancellationReasonId');
    const cancelled = await call('POST', `/tickets/${ticket.number}/transitions`, { version: ticket.version, statusId: statuses['Cancelled'], cancellationReasonId: reasons[0]!.id });
    expect(cancelled.json().state).toBe('cancelled');

    const other = await openTicket();
    const assigned = (await call('POST', `/tickets/${other.number}/assignment`, { version: other.version, assigneeId: admin.userId })).json();
    const responded = (await call('POST', `/tickets/${other.number}/transitions`, { version: assigned.version, statusId: statuses['In Process'] })).json();
    const late = await call('POST', `/tickets/${other.number}/transitions`, { version: responded.version, statusId: statuses['Cancelled'], cancellationReasonId: reasons[0]!.id });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'transition_not_allowed' });
    expect(Array.isArray(late.json().allowedNextStatusIds)).toBe(true);
  });

  it('refuses completion while a linked record is open', async () => {
    const ticket = await openTicket();
    const assigned = (await call('POST', `/tickets/${ticket.number}/assignment`, { version: ticket.version, assigneeId: admin.userId })).json();
    const responded = (await call('POST', `/tickets/${ticket.number}/transitions`, { version: assigned.version, statusId: statuses['In Process'] })).json();
    expect(responded.allowedNextStatusIds).toContain(statuses['Completed']);
    await test.runtime.db.execute(
      // An activity linked to the ticket (activities come later; the guard reads this table).
      (await import('drizzle-orm')).sql`INSERT INTO ticket_linked_records (ticket_id, record_type, record_id, open) VALUES (${ticket.id}, 'activity', 'call-1', true)`,
    );
    expect((await call('GET', `/tickets/${ticket.number}`)).json().allowedNextStatusIds).not.toContain(statuses['Completed']);
    const refused = await call('POST', `/tickets/${ticket.number}/transitions`, { version: responded.version, statusId: statuses['Completed'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('still open');
    const deleted = await call('DELETE', `/tickets/${ticket.number}`);
    expect(deleted.statusCode).toBe(409);
    expect(deleted.json().detail).toContain('cancel it instead');
  });

  it('deletes a ticket nothing refers to; links only tickets of one customer', async () => {
    const a = await openTicket();
    const b = await openTicket();
    const stranger = await openTicket({ contact: { name: 'Bob Other', email: 'bob@example.com' } });
    expect((await call('POST', `/tickets/${a.number}/links`, { relatedNumber: stranger.number })).statusCode).toBe(422);
    const linked = await call('POST', `/tickets/${a.number}/links`, { relatedNumber: b.number });
    expect(linked.json().relatedTicketNumbers).toEqual([b.number]);
    expect((await call('GET', `/tickets/${b.number}`)).json().relatedTicketNumbers).toEqual([a.number]);
    expect((await call('DELETE', `/tickets/${stranger.number}`)).statusCode).toBe(204);
    expect((await call('GET', `/tickets/${stranger.number}`)).statusCode).toBe(404);
  });
});

describe('the queue', () => {
  it('filters by status and assignee, and pages by last action without repeats', async () => {
    for (let i = 0; i < 5; i += 1) {
      await openTicket({ subject: `Queue ticket ${i}` });
      test.clock.advance(1000);
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { number: number }[]; nextCursor: string | null } = (await call('GET', `/tickets?statusId=${statuses['New']}&assignee=unassigned&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((t: { number: number }) => t.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const all = (await call('GET', `/tickets?statusId=${statuses['New']}&assignee=unassigned&limit=200`)).json().items as { number: number; lastActionAt: string }[];
    expect(seen).toEqual(all.map((t) => t.number));
    const times = all.map((t) => t.lastActionAt);
    expect(times).toEqual([...times].sort().reverse());
    const searched = (await call('GET', '/tickets?q=Queue%20ticket%203')).json().items;
    expect(searched.map((t: { subject: string }) => t.subject)).toEqual(['Queue ticket 3']);
    const byMessage = (await call('GET', '/tickets?q=been%20a%20week&limit=200')).json().items;
    expect(byMessage.length).toBeGreaterThan(5);
    // Partial words match, punctuation is harmless, and #number finds the ticket.
    expect((await call('GET', '/tickets?q=Queu%20tick%204')).json().items.map((t: { subject: string }) => t.subject)).toEqual(['Queue ticket 4']);
    expect((await call('GET', `/tickets?q=${encodeURIComponent("'):* | !")}`)).statusCode).toBe(200);
    const byNumber = (await call('GET', `/tickets?q=%23${seen[0]}`)).json().items;
    expect(byNumber.map((t: { number: number }) => t.number)).toContain(seen[0]);
  });

  it('a user without ticket rights gets 403', async () => {
    const outsider = await signIn(test, { rightKeys: [] });
    expect((await call('GET', '/tickets', undefined, outsider)).statusCode).toBe(403);
    expect((await call('POST', '/tickets', { subject: 'x', contact: { name: 'y' } }, outsider)).statusCode).toBe(403);
  });
});

describe('SLA', () => {
  it('flags an overdue ticket once, with an event, when the clock passes its expected completion', async () => {
    const ticket = await openTicket({ subject: 'Slow one' });
    expect(ticket.keyDates.overdue).toBe(false);
    test.clock.advance(4 * 86_400_000);
    // Four days on, the old session has expired: sign in again.
    admin = await signIn(test);
    const readResponse = await call('GET', `/tickets/${ticket.number}`);
    expect(readResponse.statusCode, readResponse.body).toBe(200);
    const read = readResponse.json();
    expect(read.keyDates.overdue).toBe(true);
    expect(read.keyDates.overdueMs).toBeGreaterThan(0);
    await drainJobs(test.runtime);
    await drainJobs(test.runtime);
    const flagged = await test.runtime.db.select().from(events).where(eq(events.recordId, ticket.id));
    expect(flagged.filter((e) => e.action === 'ticket.overdue')).toHaveLength(1);
    const overdueList = (await call('GET', '/tickets?overdue=true&limit=200')).json().items.map((t: { number: number }) => t.number);
    expect(overdueList).toContain(ticket.number);
  });
});

describe('saved views', () => {
  it('each user keeps their own named queue filters', async () => {
    const created = await call('POST', '/ticket-views', { name: 'My overdue', filters: { assignee: 'me', overdue: 'true', sort: 'due' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().filters).toEqual({ assignee: 'me', overdue: 'true', sort: 'due' });
    expect((await call('POST', '/ticket-views', { name: 'my overdue', filters: {} })).statusCode).toBe(409);
    expect((await call('POST', '/ticket-views', { name: 'Bad', filters: { sort: 'sideways' } })).statusCode).toBe(400);
    const colleague = await signIn(test, { rightKeys: ['care.tickets.read'] });
    expect((await call('GET', '/ticket-views', undefined, colleague)).json().items).toEqual([]);
    expect((await call('DELETE', `/ticket-views/${created.json().id}`, undefined, colleague)).statusCode).toBe(404);
    expect((await call('DELETE', `/ticket-views/${created.json().id}`)).statusCode).toBe(204);
  });
});

describe('cursors', () => {
  it('a tampered cursor is a 400 naming it, not a server error', async () => {
    const forged = Buffer.from(JSON.stringify({ sort: 'yesterday', id: 'not-a-uuid' })).toString('base64url');
    for (const url of [`/tickets?cursor=${forged}`, `/tickets?sort=priority&cursor=${forged}`, `/users?cursor=${forged}`]) {
      const response = await call('GET', url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().errors[0].field).toBe('query.cursor');
    }
  });

  it('pages through every sort order', async () => {
    for (const sort of ['last_action', 'created', 'priority', 'due']) {
      const first = (await call('GET', `/tickets?sort=${sort}&limit=2`)).json();
      expect(first.nextCursor, sort).not.toBeNull();
      const second = await call('GET', `/tickets?sort=${sort}&limit=2&cursor=${first.nextCursor}`);
      expect(second.statusCode, `${sort}: ${second.body}`).toBe(200);
      const numbers = [...first.items, ...second.json().items].map((t: { number: number }) => t.number);
      expect(new Set(numbers).size).toBe(numbers.length);
    }
  });
});
