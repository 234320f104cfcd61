import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';

let test: TestApp;
let admin: SignedIn;
let statuses: Record<string, string>;
let contact: { id: string; version: number };
let ticketNumber: number;

interface Group {
  kind: string;
  items: { title: string; path: string; matches: { field: string; text: string; highlights: { start: number; end: number }[] }[] }[];
  more: boolean;
  seeAllPath: string;
}
interface Entry {
  id: number;
  kind: string;
  action: string;
  title: string;
  summary: string | null;
  occurredAt: string;
}

function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, who: SignedIn = admin) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });
}

async function ok(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const response = await call(method, url, payload);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  statuses = Object.fromEntries(((await ok('GET', '/ticket-statuses')).items as { id: string; name: string }[]).map((s) => [s.name, s.id]));
  const minute = 60_000;
  contact = await ok('POST', '/contacts', { firstName: 'Ingrid', lastName: 'Halvorsen', email: 'ingrid@fjord.test', phone: '+47 912 34 567' });
  test.clock.advance(minute);
  await ok('POST', '/companies', { name: 'Halvorsen Fisheries' });
  const ticket = await ok('POST', '/tickets', { subject: 'Broken propeller on delivery', contact: { contactId: contact.id }, message: { body: 'The halvorsen shipment arrived damaged.' }, openedBy: 'customer', channel: 'email' });
  ticketNumber = ticket.number;
  test.clock.advance(minute);
  await ok('POST', `/contacts/${contact.id}/notes`, { body: 'Prefers phone calls in the morning' });
  test.clock.advance(minute);
  const assigned = await ok('POST', `/tickets/${ticketNumber}/assignment`, { version: ticket.version, assigneeId: admin.userId });
  test.clock.advance(minute);
  const answered = await ok('POST', `/tickets/${ticketNumber}/transitions`, { version: assigned.version, statusId: statuses['In Process'], message: { body: 'A new propeller is on its way.' } });
  test.clock.advance(minute);
  await ok('POST', `/tickets/${ticketNumber}/transitions`, { version: answered.version, statusId: statuses['Completed'] });
  test.clock.advance(minute);
  await ok('PATCH', `/contacts/${contact.id}`, { version: 1, jobTitle: 'Harbour master' });
  // Someone else's ticket never shows on Ingrid's timeline.
  await ok('POST', '/tickets', { subject: 'Other customer', contact: { name: 'Ola Nordmann', email: 'ola@fjord.test' } });
});
afterAll(async () => {
  await test?.close();
});

describe('global search', () => {
  it('groups contacts, companies and tickets, each saying why it matched', async () => {
    const { groups } = (await ok('GET', '/search?q=halvorsen')) as { groups: Group[] };
    expect(groups.map((group) => group.kind)).toEqual(['contact', 'company', 'ticket']);
    const [people, companies, tickets] = groups as [Group, Group, Group];
    expect(people.items[0]).toMatchObject({ title: 'Ingrid Halvorsen', path: `/customers/${contact.id}` });
    expect(people.items[0]!.matches[0]).toMatchObject({ field: 'name', highlights: [{ start: 7, end: 16 }] });
    expect(people.seeAllPath).toBe('/customers?q=halvorsen');
    expect(companies.items[0]).toMatchObject({ title: 'Halvorsen Fisheries', path: expect.stringMatching(/^\/customers\/companies\//) });
    // The ticket matched in a message, not the subject: the snippet says so and marks the word.
    expect(tickets.items[0]!.path).toBe(`/tickets/${ticketNumber}`);
    const why = tickets.items[0]!.matches[0]!;
    expect(why.field).toBe('message');
    expect(why.highlights.map((range) => why.text.slice(range.start, range.end).toLowerCase())).toEqual(['halvorsen']);
  });

  it('finds a misspelled name and a ticket subject word, and limits each kind', async () => {
    const typo = (await ok('GET', '/search?q=halvorson')).groups as Group[];
    expect(typo[0]!.items[0]!.title).toBe('Ingrid Halvorsen');
    const subject = (await ok('GET', '/search?q=propel&kinds=ticket')).groups as Group[];
    expect(subject).toHaveLength(1);
    expect(subject[0]!.items[0]!.matches[0]).toMatchObject({ field: 'subject', text: 'Broken propeller on delivery', highlights: [{ start: 7, end: 16 }] });
    const phone = (await ok('GET', '/search?q=91234567')).groups as Group[];
    expect(phone[0]!.items[0]!.matches[0]).toMatchObject({ field: 'phone' });
    expect((await call('GET', '/search?q=')).statusCode).toBe(400);
  });

  it('searches only what the user may read: no tickets without ticket rights, nothing without customer rights', async () => {
    const reader = await signIn(test, { rightKeys: ['customers.contacts.read'] });
    const kinds = ((await call('GET', '/search?q=halvorsen', undefined, reader)).json().groups as Group[]).map((group) => group.kind);
    expect(kinds).toEqual(['contact', 'company']);
    const nobody = await signIn(test, { rightKeys: ['access.users.read'] });
    const response = await call('GET', '/search?q=halvorsen', undefined, nobody);
    expect(response.statusCode).toBe(200);
    expect(response.json().groups).toEqual([]);
  });
});

describe('customer timeline', () => {
  it('shows the contact\'s events newest first: ticket opened, answered, completed, the note and changes', async () => {
    const { items } = (await ok('GET', `/contacts/${contact.id}/timeline`)) as { items: Entry[] };
    expect(items.map((entry) => [entry.kind, entry.title])).toEqual([
      ['contact', 'Details changed'],
      ['ticket', `Ticket #${ticketNumber} completed`],
      // The answer and the status change share a moment; the later-written event comes first.
      ['ticket', `Ticket #${ticketNumber} moved to responded`],
      ['ticket', `Ticket #${ticketNumber} answered`],
      ['note', 'Note added'],
      ['ticket', `Customer wrote on ticket #${ticketNumber}`],
      ['ticket', `Ticket #${ticketNumber} opened`],
      ['contact', 'Contact created'],
    ]);
    const times = items.map((entry) => entry.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(items.find((entry) => entry.kind === 'note')!.summary).toBe('Prefers phone calls in the morning');
    expect(items[0]!.summary).toBe('Changed job title');
  });

  it('filters by kind and pages with a cursor without gaps or repeats', async () => {
    const notes = (await ok('GET', `/contacts/${contact.id}/timeline?kind=note`)).items as Entry[];
    expect(notes.map((entry) => entry.kind)).toEqual(['note']);
    const two = (await ok('GET', `/contacts/${contact.id}/timeline?kind=note&kind=contact`)).items as Entry[];
    expect(new Set(two.map((entry) => entry.kind))).toEqual(new Set(['note', 'contact']));

    const all = ((await ok('GET', `/contacts/${contact.id}/timeline`)).items as Entry[]).map((entry) => entry.id);
    const paged: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = await ok('GET', `/contacts/${contact.id}/timeline?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.items.map((entry) => entry.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect((await call('GET', `/contacts/${contact.id}/timeline?kind=gossip`)).statusCode).toBe(400);
    expect((await call('GET', `/contacts/${contact.id}/timeline?cursor=bad`)).statusCode).toBe(400);
  });

  it('leaves out ticket events for a reader without ticket rights', async () => {
    const reader = await signIn(test, { rightKeys: ['customers.contacts.read'] });
    const response = await call('GET', `/contacts/${contact.id}/timeline`, undefined, reader);
    expect(response.statusCode).toBe(200);
    expect(new Set((response.json().items as Entry[]).map((entry) => entry.kind))).toEqual(new Set(['contact', 'note']));
  });
});
