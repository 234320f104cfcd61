import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';
import { contactEmails, contacts } from './customers.tables.js';

let test: TestApp;
let admin: SignedIn;

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
});

function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, who: SignedIn = admin, headers: Record<string, string> = {}) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: { ...who.headers, ...headers }, payload });
}

async function created(method: 'POST' | 'PUT', url: string, body: object, who: SignedIn = admin) {
  const response = await call(method, url, body, who);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function historyOf(recordId: string) {
  return test.handle.db.select().from(events).where(eq(events.recordId, recordId)).orderBy(events.id);
}

function fields(response: { json(): { errors?: { field: string }[] } }) {
  return (response.json().errors ?? []).map((error) => error.field);
}

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

describe('companies', () => {
  it('creates with phones, addresses and a VAT number unique however typed, and refuses parent cycles', async () => {
    const group = await created('POST', '/companies', { name: 'Group Holdings', vatNumber: 'DE 999 888', website: 'https://group.test', phones: [{ number: '+49 30 1234' }], addresses: [{ kind: 'billing', city: 'Berlin', country: 'DE' }] });
    expect(group).toMatchObject({ phone: '+49 30 1234', addresses: [{ kind: 'billing', isDefault: true }] });
    const vatTaken = await call('POST', '/companies', { name: 'Copy', vatNumber: 'de999888' });
    expect(vatTaken.statusCode).toBe(409);
    expect(fields(vatTaken)).toEqual(['vatNumber']);
    const badWebsite = await call('POST', '/companies', { name: 'Bad', website: 'javascript:alert(1)' });
    expect(fields(badWebsite)).toEqual(['body.website']);

    const division = await created('POST', '/companies', { name: 'Division', parentId: group.id });
    const team = await created('POST', '/companies', { name: 'Team', parentId: division.id });
    expect(team.parent).toEqual({ id: division.id, name: 'Division' });
    expect((await call('GET', `/companies/${group.id}`)).json().children).toEqual([{ id: division.id, name: 'Division' }]);

    const loop = await call('PATCH', `/companies/${group.id}`, { version: 1, parentId: team.id });
    expect(loop.statusCode).toBe(400);
    expect(fields(loop)).toEqual(['parentId']);
    const self = await call('PATCH', `/companies/${group.id}`, { version: 1, parentId: group.id });
    expect(fields(self)).toEqual(['parentId']);
    const stale = await call('PATCH', `/companies/${team.id}`, { version: 9, name: 'Team B' });
    expect(stale.statusCode).toBe(412);
    const moved = await call('PATCH', `/companies/${team.id}`, { parentId: group.id, name: 'Team B' }, admin, { 'if-match': 'W/"1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: 'Team B', parent: { id: group.id }, version: 2 });
    expect((await historyOf(team.id)).map((event) => event.action)).toEqual(['company.created', 'company.updated']);

    const listed = (await call('GET', `/companies?parentId=${group.id}&sort=name`)).json().items;
    expect(listed.map((c: { name: string }) => c.name)).toEqual(['Division', 'Team B']);
  });
});

describe('accounts', () => {
  it('belongs to a contact or a company, has a unique number, makes its contacts financial, and lists who acts on it', async () => {
    const company = await created('POST', '/companies', { name: 'Buyers Inc' });
    const alice = await created('POST', '/contacts', { firstName: 'Alice', lastName: 'Buyer', email: 'alice@buyers.test', companyId: company.id });
    const bob = await created('POST', '/contacts', { firstName: 'Bob', lastName: 'Approver', email: 'bob@buyers.test', companyId: company.id });
    const neither = await call('POST', '/accounts', { number: 'C-1' });
    expect(fields(neither)).toEqual(['body.contactId']);

    const account = await created('POST', '/accounts', {
      number: 'C-1001',
      name: 'Buyers main',
      companyId: company.id,
      classification: 'wholesale',
      creditRating: 'A',
      salesRepCode: 'R7',
      contacts: [
        { contactId: alice.id, role: 'admin' },
        { contactId: bob.id, role: 'approver' },
      ],
    });
    expect(account).toMatchObject({ holder: { kind: 'company', id: company.id, name: 'Buyers Inc' }, classification: 'wholesale', creditRating: 'A' });
    expect(account.contacts.map((c: { name: string; role: string }) => [c.name, c.role]).sort()).toEqual([
      ['Alice Buyer', 'admin'],
      ['Bob Approver', 'approver'],
    ]);
    const aliceNow = (await call('GET', `/contacts/${alice.id}`)).json();
    expect(aliceNow).toMatchObject({ lifecycleState: 'financial', version: 2, accounts: [{ id: account.id, number: 'C-1001', role: 'admin' }] });
    expect((await historyOf(alice.id)).map((event) => event.action)).toEqual(['contact.created', 'contact.updated']);

    const duplicate = await call('POST', '/accounts', { number: 'c-1001', contactId: alice.id });
    expect(duplicate.statusCode).toBe(409);
    expect(fields(duplicate)).toEqual(['number']);

    const own = await created('POST', '/accounts', { number: 'P-7', contactId: bob.id });
    expect(own.holder).toEqual({ kind: 'contact', id: bob.id, name: 'Bob Approver' });
    const bobAccounts = (await call('GET', `/accounts?contactId=${bob.id}&sort=number`)).json().items;
    expect(bobAccounts.map((a: { number: string }) => a.number)).toEqual(['C-1001', 'P-7']);

    const updated = await call('PATCH', `/accounts/${account.id}`, { version: 1, creditRating: 'B', contacts: [{ contactId: alice.id, role: 'buyer' }] });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ creditRating: 'B', version: 2, contacts: [{ id: alice.id, role: 'buyer' }] });
    const accountHistory = await historyOf(account.id);
    expect(accountHistory.map((event) => event.action)).toEqual(['account.created', 'account.updated']);
    expect(Object.keys(accountHistory[1]!.changes as object).sort()).toEqual(['contacts', 'creditRating']);
    expect((await call('PATCH', `/accounts/${account.id}`, { version: 1, creditRating: 'C' })).statusCode).toBe(412);

    // A contact with an account cannot be deleted out from under it.
    expect((await call('DELETE', `/contacts/${bob.id}`)).statusCode).toBe(409);
  });
});

describe('custom fields', () => {
  it('are defined per record kind, validate values on write naming customFields.<key>, and filter lists', async () => {
    const define = (body: object) => created('POST', '/custom-fields', body);
    await define({ recordKind: 'contact', key: 'tier', label: 'Tier', type: 'choice', options: ['gold', 'silver'] });
    await define({ recordKind: 'contact', key: 'score', label: 'Score', type: 'number' });
    await define({ recordKind: 'contact', key: 'renewal', label: 'Renewal', type: 'date' });
    await define({ recordKind: 'contact', key: 'newsletter', label: 'Newsletter', type: 'boolean' });
    await define({ recordKind: 'contact', key: 'homepage', label: 'Homepage', type: 'url' });
    await define({ recordKind: 'contact', key: 'assistant', label: 'Assistant email', type: 'email' });
    const note = await define({ recordKind: 'contact', key: 'note', label: 'Note', type: 'text' });
    await define({ recordKind: 'company', key: 'tier', label: 'Company tier', type: 'text', required: true });

    const duplicate = await call('POST', '/custom-fields', { recordKind: 'contact', key: 'tier', label: 'Again', type: 'text' });
    expect(duplicate.statusCode).toBe(409);
    const choiceWithout = await call('POST', '/custom-fields', { recordKind: 'contact', key: 'x', label: 'X', type: 'choice' });
    expect(fields(choiceWithout)).toEqual(['body.options']);
    const badKey = await call('POST', '/custom-fields', { recordKind: 'contact', key: 'Bad Key', label: 'X', type: 'text' });
    expect(fields(badKey)).toEqual(['body.key']);

    const invalid = await call('POST', '/contacts', {
      firstName: 'Val',
      customFields: { tier: 'bronze', score: 'many', renewal: '2026-02-30', newsletter: 'yes', homepage: 'ftp://x', assistant: 'nope', unknown: 'x' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(fields(invalid).sort()).toEqual(['customFields.assistant', 'customFields.homepage', 'customFields.newsletter', 'customFields.renewal', 'customFields.score', 'customFields.tier', 'customFields.unknown']);
    const companyMissing = await call('POST', '/companies', { name: 'No tier' });
    expect(fields(companyMissing)).toEqual(['customFields.tier']);
    expect((await call('POST', '/companies', { name: 'Tiered', customFields: { tier: 'top' } })).statusCode).toBe(201);

    const gold = await created('POST', '/contacts', { firstName: 'Gold', lastName: 'Filter', customFields: { tier: 'gold', score: '42', renewal: '2026-03-01', newsletter: true, note: 'Prefers VIP lounge' } });
    expect(gold.customFields).toEqual({ tier: 'gold', score: 42, renewal: '2026-03-01', newsletter: true, note: 'Prefers VIP lounge' });
    const silver = await created('POST', '/contacts', { firstName: 'Silver', lastName: 'Filter', customFields: { tier: 'silver', score: 7, renewal: '2027-01-01' } });
    await created('POST', '/contacts', { firstName: 'Plain', lastName: 'Filter' });

    const names = async (query: string) => (await call('GET', `/contacts?q=filter&${query}`)).json().items.map((c: { firstName: string }) => c.firstName).sort();
    expect(await names('cf=tier:eq:gold')).toEqual(['Gold']);
    expect(await names('cf=score:gte:10')).toEqual(['Gold']);
    expect(await names('cf=score:lte:10')).toEqual(['Silver']);
    expect(await names('cf=renewal:lte:2026-12-31')).toEqual(['Gold']);
    expect(await names('cf=newsletter:eq:true')).toEqual(['Gold']);
    expect(await names('cf=note:contains:vip')).toEqual(['Gold']);
    expect(await names('cf=tier:empty:')).toEqual(['Plain']);
    expect(await names('cf=score:gte:1&cf=tier:eq:silver')).toEqual(['Silver']);
    const badFilter = await call('GET', '/contacts?cf=tier:gte:gold');
    expect(badFilter.statusCode).toBe(400);
    expect(fields(badFilter)).toEqual(['query.cf.0']);
    expect(fields(await call('GET', '/contacts?cf=nosuch:eq:1'))).toEqual(['query.cf.0']);

    // Updates merge values; null removes one; archived fields are no longer accepted.
    const merged = await call('PATCH', `/contacts/${silver.id}`, { version: 1, customFields: { score: null, note: 'call first' } });
    expect(merged.json().customFields).toEqual({ tier: 'silver', renewal: '2027-01-01', note: 'call first' });
    const archived = await call('PATCH', `/custom-fields/${note.id}`, { version: 1, archived: true });
    expect(archived.statusCode, archived.body).toBe(200);
    expect(fields(await call('PATCH', `/contacts/${silver.id}`, { version: 2, customFields: { note: 'x' } }))).toEqual(['customFields.note']);
    const listed = (await call('GET', '/custom-fields?recordKind=contact')).json().items;
    expect(listed.map((f: { key: string }) => f.key)).not.toContain('note');
    expect((await call('GET', '/custom-fields?recordKind=contact&includeArchived=true')).json().items.map((f: { key: string }) => f.key)).toContain('note');
    const renamed = await call('PATCH', `/custom-fields/${note.id}`, { version: 1, label: 'Old' });
    expect(renamed.statusCode).toBe(412);
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

describe('upsert by natural key', () => {
  it('creates then updates the contact an email, an identifier or an account number points at', async () => {
    const first = await call('PUT', '/contacts/by-key?key=email&value=Sync@ERP.test', { firstName: 'Syn', lastName: 'C', phone: '+1 555 0100' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ email: 'Sync@ERP.test', source: 'api' });
    const again = await call('PUT', '/contacts/by-key?key=email&value=sync@erp.test', { firstName: 'Sync', salesRepCode: 'R9' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, firstName: 'Sync', lastName: 'C', salesRepCode: 'R9', phone: '+1 555 0100', version: 2 });

    const byId = await call('PUT', '/contacts/by-key?key=identifier&identifierKind=id_number&value=ID-77', { firstName: 'Ident', email: 'ident@erp.test' });
    expect(byId.statusCode).toBe(201);
    expect(byId.json().identifiers).toEqual([{ kind: 'id_number', value: 'ID-77' }]);
    const byIdAgain = await call('PUT', '/contacts/by-key?key=identifier&identifierKind=id_number&value=id77', { lastName: 'Found' });
    expect(byIdAgain.statusCode).toBe(200);
    expect(byIdAgain.json()).toMatchObject({ id: byId.json().id, firstName: 'Ident', lastName: 'Found' });

    const byAccount = await call('PUT', '/contacts/by-key?key=accountNumber&value=ERP-500', { firstName: 'Acct', email: 'acct@erp.test' });
    expect(byAccount.statusCode).toBe(201);
    expect(byAccount.json()).toMatchObject({ lifecycleState: 'financial', accounts: [{ number: 'ERP-500', role: 'holder' }] });
    const byAccountAgain = await call('PUT', '/contacts/by-key?key=accountNumber&value=erp-500', { jobTitle: 'Owner' });
    expect(byAccountAgain.statusCode).toBe(200);
    expect(byAccountAgain.json()).toMatchObject({ id: byAccount.json().id, jobTitle: 'Owner' });

    expect(fields(await call('PUT', '/contacts/by-key?key=identifier&value=1', { firstName: 'X' }))).toEqual(['query.identifierKind']);
    expect(fields(await call('PUT', '/contacts/by-key?key=email&value=nope', { firstName: 'X' }))).toEqual(['query.value']);
    const company = await created('POST', '/companies', { name: 'Holder Co', customFields: { tier: 'x' } });
    await created('POST', '/accounts', { number: 'CO-1', companyId: company.id });
    expect((await call('PUT', '/contacts/by-key?key=accountNumber&value=CO-1', { firstName: 'X' })).statusCode).toBe(409);

    // A ticket from an address the contact has (not the default) finds that contact.
    await call('PATCH', `/contacts/${first.json().id}`, { version: 2, emails: [{ email: 'sync@erp.test' }, { email: 'sync.second@erp.test' }] });
    const ticket = await call('POST', '/tickets', { subject: 'Hello', contact: { email: 'Sync.Second@erp.test', name: 'Sync' } });
    expect(ticket.statusCode, ticket.body).toBe(201);
    expect(ticket.json().contact.contactId).toBe(first.json().id);
    const fresh = await call('POST', '/tickets', { subject: 'New person', contact: { email: 'brand.new@erp.test', name: 'Brand New', phone: '+1 555 0199' } });
    const freshContact = (await call('GET', `/contacts/${fresh.json().contact.contactId}`)).json();
    expect(freshContact).toMatchObject({ firstName: 'Brand', lastName: 'New', emails: [{ email: 'brand.new@erp.test', isDefault: true }], phones: [{ number: '+1 555 0199', isDefault: true }] });
    const byFreshEmail = await call('PUT', '/contacts/by-key?key=email&value=brand.new@erp.test', { jobTitle: 'Found' });
    expect(byFreshEmail.json().id).toBe(freshContact.id);
  });
});

describe('upsert of companies and accounts', () => {
  it('finds a company by its VAT number however typed, and an account by its number, creating them when new', async () => {
    const created = await call('PUT', '/companies/by-vat/NL 8888.77.B01', { name: 'Sync BV', website: 'https://sync.test', customFields: { tier: 'erp' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Sync BV', vatNumber: 'NL 8888.77.B01' });
    const updated = await call('PUT', '/companies/by-vat/nl888877b01', { salesRepCode: 'R1' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ id: created.json().id, name: 'Sync BV', salesRepCode: 'R1', version: 2 });
    expect(fields(await call('PUT', '/companies/by-vat/XX1', { website: 'https://nameless.test' }))).toEqual(['name']);

    const noHolder = await call('PUT', '/accounts/by-number/SYNC-1', { creditRating: 'A' });
    expect(noHolder.statusCode).toBe(400);
    expect(fields(noHolder)).toEqual(['contactId']);
    const account = await call('PUT', '/accounts/by-number/SYNC-1', { companyId: created.json().id, creditRating: 'A' });
    expect(account.statusCode, account.body).toBe(201);
    const again = await call('PUT', '/accounts/by-number/sync-1', { creditRating: 'B', classification: 'retail' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: account.json().id, number: 'SYNC-1', creditRating: 'B', classification: 'retail', holder: { kind: 'company', id: created.json().id } });
    expect((await historyOf(account.json().id)).map((event) => event.action)).toEqual(['account.created', 'account.updated']);
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

    const company = await created('POST', '/companies', { name: 'Noted Co', customFields: { tier: 'y' } });
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

describe('rights', () => {
  it('are checked on the server for companies, accounts, custom fields and upserts', async () => {
    const reader = await signIn(test, { rightKeys: ['customers.contacts.read'], email: 'rights.reader@example.com' });
    const manager = await signIn(test, { rightKeys: ['customers.contacts.manage'], email: 'rights.manager@example.com' });
    const company = await created('POST', '/companies', { name: 'Rights Co', customFields: { tier: 'z' } }, manager);
    expect((await call('GET', `/companies/${company.id}`, undefined, reader)).statusCode).toBe(200);
    expect((await call('GET', '/accounts', undefined, reader)).statusCode).toBe(200);
    expect((await call('POST', '/companies', { name: 'Nope' }, reader)).statusCode).toBe(403);
    expect((await call('POST', '/accounts', { number: 'R-1', companyId: company.id }, manager)).statusCode).toBe(403);
    expect((await call('POST', '/custom-fields', { recordKind: 'account', key: 'k', label: 'K', type: 'text' }, manager)).statusCode).toBe(403);
    expect((await call('GET', '/custom-fields', undefined, reader)).statusCode).toBe(200);
    expect((await call('PUT', '/contacts/by-key?key=email&value=r@r.test', { firstName: 'R' }, reader)).statusCode).toBe(403);
    expect((await call('PUT', '/contacts/by-key?key=accountNumber&value=R-2', { firstName: 'R' }, manager)).statusCode).toBe(403);
    expect((await call('POST', '/contacts/batch', { ids: [company.id], disabled: true }, reader)).statusCode).toBe(403);
    expect((await call('POST', `/companies/${company.id}/notes`, { body: 'x' }, reader)).statusCode).toBe(403);
    const fieldsAdmin = await signIn(test, { rightKeys: ['customers.fields.manage'], email: 'rights.fields@example.com' });
    expect((await call('POST', '/custom-fields', { recordKind: 'account', key: 'k', label: 'K', type: 'text' }, fieldsAdmin)).statusCode).toBe(201);
    const nobody = await signIn(test, { rightKeys: ['access.users.read'], email: 'rights.nobody@example.com' });
    expect((await call('GET', '/companies', undefined, nobody)).statusCode).toBe(403);
    expect((await call('GET', `/history/company/${company.id}`, undefined, reader)).statusCode).toBe(200);
  });
});
