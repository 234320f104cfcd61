import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';

let test: TestApp;
let admin: SignedIn;

interface Match {
  field: string;
  text: string;
  highlights: { start: number; end: number }[];
}
interface Listed {
  id: string;
  displayName: string;
  matches?: Match[];
}

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  const people = [
    { firstName: 'Margaret', lastName: 'Thornton', email: 'm.thornton@northwind.test', phones: [{ number: '+1 (415) 555-0132', label: 'mobile' }], addresses: [{ kind: 'billing', postalCode: '94107', country: 'US' }] },
    { firstName: 'Jonathan', lastName: 'Whitaker', email: 'jon.whitaker@contoso.test', phones: [{ number: '020 7946 0958', label: 'work' }], addresses: [{ kind: 'shipping', postalCode: 'SW1A 1AA', country: 'GB' }] },
    { firstName: 'Priya', lastName: 'Raman', email: 'priya@fabrikam.test', emails: [{ email: 'priya@fabrikam.test' }, { email: 'p.raman@home.test' }] },
    { firstName: 'Marguerite', lastName: 'Duras', email: 'marguerite@lit.test' },
    { firstName: 'Tom', lastName: 'Thorn', email: 'tom@thorn.test' },
  ];
  for (const person of people) {
    const response = await call('POST', '/contacts', person);
    expect(response.statusCode, response.body).toBe(201);
  }
  const priya = await find('priya@fabrikam.test');
  const account = await call('POST', '/accounts', { number: 'ERP-77120', name: 'Raman trading', contactId: priya[0]!.id });
  expect(account.statusCode, account.body).toBe(201);
});
afterAll(async () => {
  await test?.close();
});

function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, who: SignedIn = admin) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });
}

async function find(q: string, extra = ''): Promise<Listed[]> {
  const response = await call('GET', `/contacts?q=${encodeURIComponent(q)}${extra}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

function marked(match: Match) {
  return match.highlights.map((range) => match.text.slice(range.start, range.end));
}

describe('contact search', () => {
  it('finds a contact by a misspelled name, best match first, and says the name matched', async () => {
    const found = await find('Margret Thornten');
    expect(found[0]!.displayName).toBe('Margaret Thornton');
    expect(found[0]!.matches![0]).toMatchObject({ field: 'name', text: 'Margaret Thornton' });
    expect(marked(found[0]!.matches![0]!)).toEqual(['Margaret', 'Thornton']);

    const oneWord = await find('whitacker');
    expect(oneWord.map((contact) => contact.displayName)).toEqual(['Jonathan Whitaker']);
    const partial = await find('marg');
    expect(partial.map((contact) => contact.displayName)).toEqual(expect.arrayContaining(['Margaret Thornton', 'Marguerite Duras']));
    // "thorn" is Tom's whole surname, and only the start of Margaret's: Tom ranks first.
    expect((await find('thorn')).map((contact) => contact.displayName).slice(0, 2)).toEqual(['Tom Thorn', 'Margaret Thornton']);
  });

  it('finds a phone from a fragment or another format, and says which number', async () => {
    const fragment = await find('555-0132');
    expect(fragment.map((contact) => contact.displayName)).toEqual(['Margaret Thornton']);
    expect(fragment[0]!.matches![0]).toMatchObject({ field: 'phone', text: '+14155550132 (+1 (415) 555-0132)' });

    const national = await find('(415) 5550132');
    expect(national.map((contact) => contact.displayName)).toEqual(['Margaret Thornton']);
    // Stored in the national format, searched in the international one.
    const international = await find('+44 20 7946 0958');
    expect(international.map((contact) => contact.displayName)).toEqual(['Jonathan Whitaker']);
    expect(international[0]!.matches![0]).toMatchObject({ field: 'phone', text: '+442079460958 (020 7946 0958)' });
  });

  it('finds an email by its beginning, any of a contact\'s emails, and marks the part typed', async () => {
    const prefix = await find('jon.whit');
    expect(prefix.map((contact) => contact.displayName)).toEqual(['Jonathan Whitaker']);
    expect(prefix[0]!.matches!.find((match) => match.field === 'email')).toMatchObject({ text: 'jon.whitaker@contoso.test', highlights: [{ start: 0, end: 8 }] });
    const second = await find('p.raman@');
    expect(second.map((contact) => contact.displayName)).toEqual(['Priya Raman']);
    expect(second[0]!.matches![0]!.text).toBe('p.raman@home.test');
  });

  it('finds by zip code however it is spaced, and by account number', async () => {
    const zip = await find('sw1a1aa');
    expect(zip.map((contact) => contact.displayName)).toEqual(['Jonathan Whitaker']);
    expect(zip[0]!.matches![0]).toMatchObject({ field: 'postalCode', text: 'SW1A 1AA' });
    expect((await find('94107')).map((contact) => contact.displayName)).toEqual(['Margaret Thornton']);

    const account = await find('erp-7712');
    expect(account.map((contact) => contact.displayName)).toEqual(['Priya Raman']);
    expect(account[0]!.matches![0]).toMatchObject({ field: 'accountNumber', text: 'ERP-77120', highlights: [{ start: 0, end: 8 }] });
  });

  it('pages ranked results with a keyset cursor, without repeats, and combines with filters', async () => {
    const all = await find('.test');
    expect(all.length).toBe(5);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await call('GET', `/contacts?q=.test&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const page: { items: Listed[]; nextCursor: string | null } = response.json();
      seen.push(...page.items.map((contact) => contact.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((contact) => contact.id));

    const byName = await find('thorn', '&sort=name');
    expect(byName.map((contact) => contact.displayName)).toEqual(['Tom Thorn', 'Margaret Thornton'].sort((a, b) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!)));
    const disabledOnly = await find('thorn', '&disabled=true');
    expect(disabledOnly).toEqual([]);
    expect((await call('GET', '/contacts?sort=relevance')).statusCode).toBe(400);
  });
});
