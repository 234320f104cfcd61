import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('company hierarchy under concurrent moves', () => {
  it('lets only one of two moves that together would form a loop succeed', async () => {
    const a = await created('POST', '/companies', { name: 'Loop A' });
    const b = await created('POST', '/companies', { name: 'Loop B' });
    const [first, second] = await Promise.all([call('PATCH', `/companies/${a.id}`, { version: 1, parentId: b.id }), call('PATCH', `/companies/${b.id}`, { version: 1, parentId: a.id })]);
    expect([first!.statusCode, second!.statusCode].sort()).toEqual([200, 400]);
    const loser = first!.statusCode === 400 ? first! : second!;
    expect(fields(loser)).toEqual(['parentId']);
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

describe('batch changes on companies and accounts', () => {
  it('tag, assign and disable selected companies and accounts, with the right for each kind', async () => {
    const one = await created('POST', '/companies', { name: 'Batch One' });
    const two = await created('POST', '/companies', { name: 'Batch Two', tags: ['old'] });
    const batch = await call('POST', '/companies/batch', { ids: [one.id, two.id], addTags: ['q4'], removeTags: ['old'], ownerId: admin.userId });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.json()).toEqual({ updated: 2 });
    expect((await call('GET', `/companies/${two.id}`)).json()).toMatchObject({ tags: ['q4'], owner: { id: admin.userId }, version: 2 });
    expect((await historyOf(two.id)).map((event) => event.action)).toEqual(['company.created', 'company.updated']);
    const listed = (await call('GET', '/companies?tag=q4&sort=name')).json().items;
    expect(listed.map((c: { name: string }) => c.name)).toEqual(['Batch One', 'Batch Two']);

    const account = await created('POST', '/accounts', { number: 'B-1', companyId: one.id });
    expect((await call('POST', '/accounts/batch', { ids: [account.id], disabled: true })).json()).toEqual({ updated: 1 });
    expect((await call('GET', '/accounts?disabled=true')).json().items.map((a: { number: string }) => a.number)).toEqual(['B-1']);
    expect(fields(await call('POST', '/accounts/batch', { ids: [one.id], disabled: true }))).toEqual(['ids.0']);
    expect(fields(await call('POST', '/accounts/batch', { ids: [account.id] }))).toEqual(['body.ids']);

    const manager = await signIn(test, { rightKeys: ['customers.contacts.manage'], email: 'batch.manager@example.com' });
    expect((await call('POST', '/companies/batch', { ids: [one.id], disabled: true }, manager)).statusCode).toBe(200);
    expect((await call('POST', '/accounts/batch', { ids: [account.id], disabled: false }, manager)).statusCode).toBe(403);
  });
});

describe('rights', () => {
  it('are checked on the server for companies, accounts, custom fields and upserts', async () => {
    const reader = await signIn(test, { rightKeys: ['customers.contacts.read'], email: 'rights.reader@example.com' });
    const manager = await signIn(test, { rightKeys: ['customers.contacts.manage'], email: 'rights.manager@example.com' });
    const company = await created('POST', '/companies', { name: 'Rights Co' }, manager);
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
