import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { contactEmails, contacts } from './customers.tables.js';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { customerTestClient, fields } from './customer-test-client.js';

type Client = Awaited<ReturnType<typeof customerTestClient>>;
let test: TestApp;
let admin: SignedIn;
let call: Client['call'];
let created: Client['created'];
let historyOf: Client['historyOf'];

beforeAll(async () => {
  test = await createTestApp();
  ({ admin, call, created, historyOf } = await customerTestClient(test));
});
afterAll(async () => {
  await test?.close();
});

describe('contacts with several emails, phones, addresses and identifiers', () => {
  it('keeps one default of each, mirrors the defaults in email and phone, and records the lists in history', async () => {
    const contact = await created('POST', '/contacts', {
      firstName: 'Ada',
      lastName: 'Byron',
      emails: [
        { email: 'ada@work.test', label: 'work' },
        { email: 'ada@home.test', label: 'home', isDefault: true },
      ],
      phones: [{ number: '+44 20 7946 0101', label: 'mobile' }],
      addresses: [
        { kind: 'billing', line1: '1 Main St', city: 'London', postalCode: 'N1 1AA', country: 'gb' },
        { kind: 'shipping', line1: 'Dock 4', city: 'Leeds', country: 'GB' },
        { kind: 'shipping', line1: 'Dock 5', city: 'Leeds', country: 'GB', isDefault: true },
      ],
      identifiers: [{ kind: 'passport', value: 'X 123-456' }],
      tags: ['vip', 'vip', 'b2b'],
    });
    expect(contact).toMatchObject({ email: 'ada@home.test', phone: '+44 20 7946 0101', tags: ['vip', 'b2b'], lifecycleState: 'prospect', disabled: false });
    expect(contact.emails.map((e: { isDefault: boolean }) => e.isDefault)).toEqual([false, true]);
    expect(contact.addresses.map((a: { kind: string; isDefault: boolean; country: string }) => [a.kind, a.isDefault, a.country])).toEqual([
      ['billing', true, 'GB'],
      ['shipping', false, 'GB'],
      ['shipping', true, 'GB'],
    ]);

    // The shorthand `email` makes an existing entry the default; a new phone list replaces the old one.
    const updated = await call('PATCH', `/contacts/${contact.id}`, { version: 1, email: 'ada@work.test', phones: [{ number: '020 7946 0999', label: 'work' }] });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ email: 'ada@work.test', phone: '020 7946 0999', emails: [{ email: 'ada@work.test', isDefault: true }, { email: 'ada@home.test', isDefault: false }], version: 2 });
    const history = await historyOf(contact.id);
    expect(history.map((event) => event.action)).toEqual(['contact.created', 'contact.updated']);
    expect(Object.keys(history[1]!.changes as object).sort()).toEqual(['email', 'emails', 'phone', 'phones']);
  });

  it('reads a contact that has only the email and phone columns (older rows, the scale seed) as one default entry each', async () => {
    const [legacy] = await test.handle.db.insert(contacts).values({ firstName: 'Old', lastName: 'Row', email: 'old.row@legacy.test', phone: '555 0100' }).returning();
    const read = (await call('GET', `/contacts/${legacy!.id}`)).json();
    expect(read).toMatchObject({ emails: [{ email: 'old.row@legacy.test', isDefault: true }], phones: [{ number: '555 0100', isDefault: true }] });
    const found = await call('PUT', '/contacts/by-key?key=email&value=OLD.ROW@legacy.test', { jobTitle: 'Found' });
    expect(found.statusCode).toBe(200);
    expect(found.json()).toMatchObject({ id: legacy!.id, jobTitle: 'Found', emails: [{ email: 'old.row@legacy.test' }] });
    // Editing the list writes the rows, so the address is now unique to this contact.
    await call('PATCH', `/contacts/${legacy!.id}`, { version: 2, emails: [{ email: 'old.row@legacy.test' }] });
    expect((await call('POST', '/contacts', { firstName: 'Copy', email: 'old.row@legacy.test' })).statusCode).toBe(409);
  });

  it('names the offending entry: two defaults, an email listed twice, an email or identifier another contact has', async () => {
    const twoDefaults = await call('POST', '/contacts', { firstName: 'T', emails: [{ email: 'a@two.test', isDefault: true }, { email: 'b@two.test', isDefault: true }] });
    expect(twoDefaults.statusCode).toBe(400);
    expect(fields(twoDefaults)).toEqual(['emails.1.isDefault']);
    const twice = await call('POST', '/contacts', { firstName: 'T', emails: [{ email: 'same@two.test' }, { email: 'SAME@two.test' }] });
    expect(fields(twice)).toEqual(['emails.1.email']);
    const badAddress = await call('POST', '/contacts', { firstName: 'T', addresses: [{ kind: 'home' }] });
    expect(badAddress.statusCode).toBe(400);
    expect(fields(badAddress)[0]).toBe('body.addresses.0.kind');

    await created('POST', '/contacts', { firstName: 'Owner', email: 'taken@two.test', identifiers: [{ kind: 'vat_number', value: 'GB 123.456' }] });
    const emailTaken = await call('POST', '/contacts', { firstName: 'Other', emails: [{ email: 'free@two.test' }, { email: 'Taken@Two.test' }] });
    expect(emailTaken.statusCode).toBe(409);
    expect(fields(emailTaken)).toEqual(['emails.1.email']);
    const identifierTaken = await call('POST', '/contacts', { firstName: 'Other', identifiers: [{ kind: 'vat_number', value: 'gb123456' }] });
    expect(identifierTaken.statusCode).toBe(409);
    expect(fields(identifierTaken)).toEqual(['identifiers.0.value']);
    // Nothing of the refused writes was kept.
    expect(await test.handle.db.select().from(contactEmails).where(eq(contactEmails.email, 'free@two.test'))).toEqual([]);
    expect(await test.handle.db.select().from(contacts).where(eq(contacts.firstName, 'Other'))).toEqual([]);
  });

  it('links a company and an owner, refusing unknown ones by field', async () => {
    const company = await created('POST', '/companies', { name: 'Linked Ltd' });
    const owner = await signIn(test, { rightKeys: ['customers.contacts.read'], email: 'owner.rep@example.com' });
    const contact = await created('POST', '/contacts', { firstName: 'Lin', companyId: company.id, ownerId: owner.userId, salesRepCode: 'R7', jobTitle: 'Buyer' });
    expect(contact).toMatchObject({ companyName: 'Linked Ltd', company: { id: company.id, name: 'Linked Ltd' }, owner: { id: owner.userId }, salesRepCode: 'R7' });
    const unknownCompany = await call('POST', '/contacts', { firstName: 'X', companyId: '00000000-0000-4000-8000-000000000000' });
    expect(fields(unknownCompany)).toEqual(['companyId']);
    const unknownOwner = await call('POST', '/contacts', { firstName: 'X', ownerId: '00000000-0000-4000-8000-000000000000' });
    expect(fields(unknownOwner)).toEqual(['ownerId']);
    const companyDetail = (await call('GET', `/companies/${company.id}`)).json();
    expect(companyDetail.contacts.map((c: { id: string }) => c.id)).toEqual([contact.id]);
  });
});

describe('lists', () => {
  it('filter by owner, tag, disabled and date range, sort by name or date, and page with keyset cursors', async () => {
    const rep = await signIn(test, { rightKeys: ['customers.contacts.read'], email: 'list.rep@example.com' });
    test.clock.advance(60_000);
    const start = test.clock.now().toISOString();
    const made: { id: string; lastName: string }[] = [];
    for (const [index, lastName] of ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo'].entries()) {
      test.clock.advance(1000);
      made.push(await created('POST', '/contacts', { firstName: 'List', lastName, tags: index % 2 ? ['odd'] : ['even'], ownerId: index < 2 ? rep.userId : null }));
    }
    const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((item) => made.find((m) => m.id === item.id)?.lastName ?? '?');
    expect(ids(await call('GET', `/contacts?createdFrom=${start}&sort=name`))).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo']);
    expect(ids(await call('GET', `/contacts?createdFrom=${start}&sort=created`))).toEqual(['Echo', 'bravo', 'Charlie', 'alpha', 'Delta']);
    expect(ids(await call('GET', `/contacts?createdFrom=${start}&sort=name&order=desc`))).toEqual(['Echo', 'Delta', 'Charlie', 'bravo', 'alpha']);
    expect(ids(await call('GET', `/contacts?createdFrom=${start}&tag=odd&sort=name`))).toEqual(['alpha', 'bravo']);
    expect(ids(await call('GET', `/contacts?ownerId=${rep.userId}&sort=name`))).toEqual(['alpha', 'Delta']);
    const middle = new Date(new Date(start).getTime() + 2500).toISOString();
    expect(ids(await call('GET', `/contacts?createdFrom=${start}&createdTo=${middle}&sort=created&order=asc`))).toEqual(['Delta', 'alpha']);

    for (const sort of ['name', 'created', 'updated']) {
      for (const order of ['asc', 'desc']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await call('GET', `/contacts?createdFrom=${start}&sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          expect(response.statusCode, response.body).toBe(200);
          seen.push(...ids(response));
          cursor = response.json().nextCursor;
        } while (cursor);
        const whole = ids(await call('GET', `/contacts?createdFrom=${start}&sort=${sort}&order=${order}`));
        expect(seen).toEqual(whole);
      }
    }
    expect((await call('GET', '/contacts?sort=created&cursor=eyJzb3J0IjoieCIsImlkIjoxfQ')).statusCode).toBe(400);

    // Batch: assign owner, tag, untag and disable the selected rows.
    const batch = await call('POST', '/contacts/batch', { ids: [made[2]!.id, made[4]!.id], ownerId: rep.userId, addTags: ['q4'], removeTags: ['even'], disabled: true });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toEqual({ updated: 2 });
    expect(ids(await call('GET', `/contacts?createdFrom=${start}&disabled=true&sort=name`))).toEqual(['Charlie', 'Echo']);
    const charlie = (await call('GET', `/contacts/${made[2]!.id}`)).json();
    expect(charlie).toMatchObject({ tags: ['q4'], disabled: true, owner: { id: rep.userId }, version: 2 });
    expect((await historyOf(made[2]!.id)).map((event) => event.action)).toEqual(['contact.created', 'contact.updated']);
    expect(fields(await call('POST', '/contacts/batch', { ids: [made[0]!.id, '00000000-0000-4000-8000-000000000000'], disabled: true }))).toEqual(['ids.1']);
  });
});

describe('notes', () => {
  it('adds internal and external notes to contacts, companies and accounts, as events of the record', async () => {
    const contact = await created('POST', '/contacts', { firstName: 'Noted' });
    const note = await created('POST', `/contacts/${contact.id}/notes`, { body: 'Prefers phone calls' });
    expect(note).toMatchObject({ visibility: 'internal', body: 'Prefers phone calls', author: { id: admin.userId } });
    await created('POST', `/contacts/${contact.id}/notes`, { body: 'Thanks for your order', visibility: 'external' });
    const listed = (await call('GET', `/contacts/${contact.id}/notes`)).json().items;
    expect(listed.map((n: { visibility: string }) => n.visibility).sort()).toEqual(['external', 'internal']);
    const edited = await call('PATCH', `/contacts/${contact.id}/notes/${note.id}`, { version: 1, body: 'Prefers email' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await call('PATCH', `/contacts/${contact.id}/notes/${note.id}`, { version: 1, body: 'x' })).statusCode).toBe(412);
    expect((await call('DELETE', `/contacts/${contact.id}/notes/${note.id}`)).statusCode).toBe(204);
    expect((await historyOf(contact.id)).map((event) => event.action)).toEqual(['contact.created', 'contact.note_added', 'contact.note_added', 'contact.note_updated', 'contact.note_deleted']);

    const company = await created('POST', '/companies', { name: 'Noted Co' });
    await created('POST', `/companies/${company.id}/notes`, { body: 'Key account' });
    const account = await created('POST', '/accounts', { number: 'N-1', companyId: company.id });
    await created('POST', `/accounts/${account.id}/notes`, { body: 'Net 30' });
    expect((await call('GET', `/accounts/${account.id}/notes`)).json().items).toHaveLength(1);
    expect((await call('GET', `/contacts/00000000-0000-4000-8000-000000000000/notes`)).statusCode).toBe(404);

    // An agent may note and edit their own note, not someone else's.
    const agent = await signIn(test, { rightKeys: ['care.tickets.work'], email: 'note.agent@example.com' });
    const own = await created('POST', `/contacts/${contact.id}/notes`, { body: 'Called back' }, agent);
    expect((await call('PATCH', `/contacts/${contact.id}/notes/${own.id}`, { version: 1, body: 'Called twice' }, agent)).statusCode).toBe(200);
    const others = (await call('GET', `/contacts/${contact.id}/notes`)).json().items.find((n: { author: { id: string } }) => n.author.id === admin.userId);
    expect((await call('DELETE', `/contacts/${contact.id}/notes/${others.id}`, undefined, agent)).statusCode).toBe(403);
  });
});

