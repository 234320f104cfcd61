import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { customerTestClient, fields } from './customer-test-client.js';

type Client = Awaited<ReturnType<typeof customerTestClient>>;
let test: TestApp;
let call: Client['call'];
let created: Client['created'];
let historyOf: Client['historyOf'];

beforeAll(async () => {
  test = await createTestApp();
  ({ call, created, historyOf } = await customerTestClient(test));
});
afterAll(async () => {
  await test?.close();
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
    const company = await created('POST', '/companies', { name: 'Holder Co' });
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

describe('concurrent upserts', () => {
  it('of one new customer create it once and update it with the other', async () => {
    const responses = await Promise.all(
      ['Race', 'Racer', 'Racing'].map((firstName) => call('PUT', '/contacts/by-key?key=email&value=race@erp.test', { firstName })),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(responses.map((response) => response.json().id)).size).toBe(1);
    const accounts = await Promise.all(['A', 'B'].map((creditRating) => call('PUT', '/accounts/by-number/RACE-1', { contactId: responses[0]!.json().id, creditRating })));
    expect(accounts.map((response) => response.statusCode).sort()).toEqual([200, 201]);
  });

  it('of tickets from one new customer link both tickets to one contact', async () => {
    const tickets = await Promise.all(['First', 'Second', 'Third'].map((subject) => call('POST', '/tickets', { subject, contact: { email: 'twice@new.test', name: 'Twice New' } })));
    expect(tickets.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(tickets.map((response) => response.json().contact.contactId)).size).toBe(1);
    const listed = (await call('GET', '/contacts?q=twice@new.test')).json().items;
    expect(listed).toHaveLength(1);
  });
});

describe('upsert of companies and accounts', () => {
  it('finds a company by its VAT number however typed, and an account by its number, creating them when new', async () => {
    const created = await call('PUT', '/companies/by-vat/NL 8888.77.B01', { name: 'Sync BV', website: 'https://sync.test' });
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

