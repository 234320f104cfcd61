import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';
import { contacts } from './customers.tables.js';

let test: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin, headers: Record<string, string> = {}) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: { ...who.headers, ...headers }, payload });
}

async function createContact(body: object) {
  const response = await call('POST', '/contacts', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('contacts', () => {
  it('creates, reads, updates with a version and records each change as an event', async () => {
    const created = await createContact({ firstName: 'Nora', lastName: 'Quist', email: 'nora@example.com', phone: '+44 20 7946 0018', companyName: 'Quist Ltd' });
    expect(created).toMatchObject({ displayName: 'Nora Quist', version: 1, stats: { openTickets: 0, totalTickets: 0, lastContactAt: null } });
    const fetched = await call('GET', `/contacts/${created.id}`);
    expect(fetched.headers.etag).toBe('W/"1"');

    const stale = await call('PATCH', `/contacts/${created.id}`, { version: 2, phone: '+1' });
    expect(stale.statusCode).toBe(412);
    const missingVersion = await call('PATCH', `/contacts/${created.id}`, { phone: '+1' });
    expect(missingVersion.statusCode).toBe(428);
    const updated = await call('PATCH', `/contacts/${created.id}`, { phone: '+44 20 7946 0000' }, admin, { 'if-match': 'W/"1"' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ phone: '+44 20 7946 0000', version: 2 });

    const history = await test.handle.db.select().from(events).where(eq(events.recordId, created.id));
    expect(history.map((event) => event.action)).toEqual(['contact.created', 'contact.updated']);
    expect(history[1]!.changes).toMatchObject({ phone: { from: '+44 20 7946 0018', to: '+44 20 7946 0000' } });
  });

  it('refuses a contact with neither a name nor an email, and a bad email, naming the field', async () => {
    const nameless = await call('POST', '/contacts', { phone: '123' });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().errors[0].field).toContain('firstName');
    const badEmail = await call('POST', '/contacts', { firstName: 'X', email: 'not-an-email' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().errors[0].field).toContain('email');
  });

  it('finds contacts by part of a name, email, company or phone digits, and pages by name', async () => {
    for (const [firstName, lastName, email, phone] of [
      ['Zed', 'Alpha', 'zed.alpha@search.test', '(555) 010-2233'],
      ['Zoe', 'Beta', 'zoe@search.test', '555 010 9999'],
      ['Zack', 'Gamma', 'zack@other.test', null],
    ] as const) {
      await createContact({ firstName, lastName, email, phone });
    }
    const byName = (await call('GET', '/contacts?q=zoe')).json().items;
    expect(byName.map((c: { displayName: string }) => c.displayName)).toEqual(['Zoe Beta']);
    const byDomain = (await call('GET', '/contacts?q=search.test')).json().items;
    expect(byDomain).toHaveLength(2);
    const byDigits = (await call('GET', '/contacts?q=0102233')).json().items;
    expect(byDigits.map((c: { lastName: string }) => c.lastName)).toEqual(['Alpha']);
    const literalPercent = (await call('GET', '/contacts?q=%25')).json().items;
    expect(literalPercent).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { lastName: string }[]; nextCursor: string | null } = (await call('GET', `/contacts?q=z&sort=name&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((c) => c.lastName));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['Alpha', 'Beta', 'Gamma']));
    expect((await call('GET', '/contacts?cursor=nonsense')).statusCode).toBe(400);
  });

  it("shows the contact's ticket figures, and refuses to delete a contact who has tickets", async () => {
    const contact = await createContact({ firstName: 'Tia', lastName: 'Tickets', email: 'tia@example.com' });
    const ticket = await call('POST', '/tickets', { subject: 'Help', contact: { contactId: contact.id }, createdFrom: { type: 'contact', id: contact.id } });
    expect(ticket.statusCode, ticket.body).toBe(201);
    expect(ticket.json()).toMatchObject({ contact: { contactId: contact.id, name: 'Tia Tickets', email: 'tia@example.com' }, createdFrom: { type: 'contact', id: contact.id } });
    const detail = (await call('GET', `/contacts/${contact.id}`)).json();
    expect(detail.stats).toMatchObject({ openTickets: 1, totalTickets: 1, lastContactAt: expect.any(String) });
    const listed = (await call('GET', `/tickets?contactId=${contact.id}`)).json().items;
    expect(listed.map((t: { number: number }) => t.number)).toEqual([ticket.json().number]);

    const refused = await call('DELETE', `/contacts/${contact.id}`);
    expect(refused.statusCode).toBe(409);
    expect((await test.handle.db.select().from(contacts).where(eq(contacts.id, contact.id))).length).toBe(1);

    const loner = await createContact({ email: 'loner@example.com' });
    expect(loner.displayName).toBe('loner@example.com');
    expect((await call('DELETE', `/contacts/${loner.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/contacts/${loner.id}`)).statusCode).toBe(404);
  });

  it('checks rights on the server: ticket workers may read, only managers may edit, only deleters may delete', async () => {
    const contact = await createContact({ firstName: 'Rita', email: 'rita@example.com' });
    const agent = await signIn(test, { rightKeys: ['care.tickets.work'], email: 'agent.contacts@example.com' });
    expect((await call('GET', `/contacts/${contact.id}`, undefined, agent)).statusCode).toBe(200);
    expect((await call('PATCH', `/contacts/${contact.id}`, { version: 1, firstName: 'R' }, agent)).statusCode).toBe(403);
    expect((await call('POST', '/contacts', { firstName: 'New' }, agent)).statusCode).toBe(403);
    const nobody = await signIn(test, { rightKeys: ['access.users.read'], email: 'nobody.contacts@example.com' });
    expect((await call('GET', '/contacts', undefined, nobody)).statusCode).toBe(403);
    const manager = await signIn(test, { rightKeys: ['customers.contacts.manage'], email: 'manager.contacts@example.com' });
    expect((await call('DELETE', `/contacts/${contact.id}`, undefined, manager)).statusCode).toBe(403);
  });
});
