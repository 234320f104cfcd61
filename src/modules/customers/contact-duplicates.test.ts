import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { queryRows } from '../../platform/db/client.js';
import { findDuplicateContacts } from './contact-duplicates.service.js';
import { customerTestClient, fields } from './customer-test-client.js';
import { emailKey, emailKeySql } from './duplicate-rules.js';

type Client = Awaited<ReturnType<typeof customerTestClient>>;
let test: TestApp;
let call: Client['call'];
let created: Client['created'];

interface Pair {
  contact: { id: string; displayName: string };
  other: { id: string; displayName: string };
  score: number;
  reasons: { kind: string; label: string; values: string[]; similarity: number | null }[];
}

const ids: Record<string, string> = {};

/** Creates a contact a second after the previous one, so "newer" is well defined. */
async function contact(key: string, body: object) {
  test.clock.advance(1000);
  ids[key] = (await created('POST', '/contacts', body)).id;
  return ids[key]!;
}

/** Every pair of the whole-database scan, following the cursor to its end. */
async function allPairs(limit = 50): Promise<Pair[]> {
  const pairs: Pair[] = [];
  let cursor: string | null = null;
  do {
    const response = await call('GET', `/contacts/duplicates?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as { items: Pair[]; nextCursor: string | null };
    pairs.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return pairs;
}

const pairOf = (pairs: Pair[], a: string, b: string) => pairs.find((pair) => (pair.contact.id === ids[a] && pair.other.id === ids[b]) || (pair.contact.id === ids[b] && pair.other.id === ids[a]));

beforeAll(async () => {
  test = await createTestApp();
  ({ call, created } = await customerTestClient(test));
  const acme = (await created('POST', '/companies', { name: 'Acme Trading' })).id;
  const globex = (await created('POST', '/companies', { name: 'Globex' })).id;
  await contact('janeDotted', { firstName: 'Jane', lastName: 'Doe', emails: [{ email: 'Jane.Doe+shop@Example.com' }] });
  await contact('janePlain', { firstName: 'J.', lastName: 'Doe', emails: [{ email: 'janedoe@example.com' }] });
  await contact('ukInternational', { firstName: 'Oliver', lastName: 'Twist', phones: [{ number: '+44 20 7946 0958' }] });
  await contact('ukNational', { firstName: 'Olly', lastName: 'T', phones: [{ number: '020 7946 0958' }], addresses: [{ kind: 'billing', city: 'London', country: 'GB' }] });
  await contact('digitsA', { firstName: 'Pat', lastName: 'One', phones: [{ number: '123-4567' }] });
  await contact('digitsB', { firstName: 'Sam', lastName: 'Two', phones: [{ number: '(123) 4567' }] });
  await contact('acmeJonathan', { firstName: 'Jonathan', lastName: 'Smith', companyId: acme });
  await contact('acmeJonathon', { firstName: 'Jonathon', lastName: 'Smith', companyId: acme });
  await contact('globexJonathan', { firstName: 'Jonathan', lastName: 'Smith', companyId: globex });
  await contact('freeTextAcme', { firstName: 'Jonathan', lastName: 'Smyth', companyName: ' ACME trading ' });
  await contact('noCompanyA', { firstName: 'Ann', lastName: 'Lee' });
  await contact('noCompanyB', { firstName: 'Anne', lastName: 'Lee' });
  await contact('loner', { firstName: 'Nobody', lastName: 'Alike', email: 'nobody@alike.test', phone: '+31 20 555 0101' });
});
afterAll(async () => {
  await test?.close();
});

describe('the duplicate scan', () => {
  it('finds near-miss emails, one phone written two ways, and similar names at one company, each with its reasons', async () => {
    const pairs = await allPairs();
    const email = pairOf(pairs, 'janeDotted', 'janePlain');
    expect(email?.reasons).toEqual([{ kind: 'email', label: 'same email', values: expect.arrayContaining(['Jane.Doe+shop@Example.com', 'janedoe@example.com']), similarity: null }]);
    expect(email?.score).toBe(90);
    // The newer contact of a pair is `contact`.
    expect(email?.contact.id).toBe(ids.janePlain);

    expect(pairOf(pairs, 'ukInternational', 'ukNational')?.reasons.map((reason) => reason.label)).toEqual(['same phone']);
    expect(pairOf(pairs, 'digitsA', 'digitsB')?.reasons.map((reason) => reason.label)).toEqual(['same phone']);

    const sameCompany = pairOf(pairs, 'acmeJonathan', 'acmeJonathon');
    expect(sameCompany?.reasons).toEqual([{ kind: 'name_company', label: 'similar name + same company', values: ['Jonathon Smith', 'Jonathan Smith'], similarity: expect.any(Number) }]);
    expect(sameCompany!.reasons[0]!.similarity).toBeGreaterThanOrEqual(0.5);
    // A company typed as free text matches the company record of that name.
    expect(pairOf(pairs, 'freeTextAcme', 'acmeJonathan')?.reasons.map((reason) => reason.kind)).toEqual(['name_company']);

    // The same name at another company, or with no company at all, is not a duplicate.
    expect(pairOf(pairs, 'acmeJonathan', 'globexJonathan')).toBeUndefined();
    expect(pairOf(pairs, 'noCompanyA', 'noCompanyB')).toBeUndefined();
    expect(pairs.some((pair) => pair.contact.id === ids.loner || pair.other.id === ids.loner)).toBe(false);

    // Each pair once, newest contact first.
    const keys = pairs.map((pair) => [pair.contact.id, pair.other.id].sort().join());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('adds up several reasons for one pair', async () => {
    await contact('multiA', { firstName: 'Maria', lastName: 'Garcia', companyName: 'Initech', email: 'maria.garcia@initech.test', phone: '+44 20 7946 0111' });
    await contact('multiB', { firstName: 'María', lastName: 'Garcia', companyName: 'initech', email: 'mariagarcia@initech.test', phone: '+44 (0)20 7946 0111' });
    const response = await call('GET', `/contacts/duplicates?contactId=${ids.multiB}`);
    expect(response.statusCode, response.body).toBe(200);
    const [pair] = (response.json() as { items: Pair[] }).items;
    expect(pair?.other.id).toBe(ids.multiA);
    expect(pair?.reasons.map((reason) => reason.kind).sort()).toEqual(['email', 'name_company', 'phone']);
    expect(pair?.score).toBeGreaterThanOrEqual(98);
  });

  it("lists one contact's duplicates best first, in both directions", async () => {
    await contact('janeThird', { firstName: 'Jane', lastName: 'Doe', emails: [{ email: 'jane.doe@example.com' }] });
    const response = await call('GET', `/contacts/duplicates?contactId=${ids.janeDotted}&limit=1`);
    const page = response.json() as { items: Pair[]; nextCursor: string | null };
    expect(page.items.map((pair) => pair.contact.id)).toEqual([ids.janeDotted]);
    expect(page.nextCursor).not.toBeNull();
    const next = (await call('GET', `/contacts/duplicates?contactId=${ids.janeDotted}&limit=1&cursor=${encodeURIComponent(page.nextCursor!)}`)).json() as { items: Pair[]; nextCursor: string | null };
    expect([page.items[0]!.other.id, next.items[0]!.other.id].sort()).toEqual([ids.janePlain, ids.janeThird].sort());
    expect(next.nextCursor).toBeNull();
    const unknown = await call('GET', '/contacts/duplicates?contactId=00000000-0000-4000-8000-000000000000');
    expect(unknown.statusCode).toBe(400);
    expect(fields(unknown)).toEqual(['query.contactId']);
  });

  it('walks the contacts a batch at a time and resumes after the last pair of a page, so nothing is missed or repeated', async () => {
    const everything = await allPairs(200);
    const collect = async (batch: number, limit: number) => {
      const found: Pair[] = [];
      let cursor: string | undefined;
      let requests = 0;
      do {
        const page = await findDuplicateContacts(test.ctx(), { limit, cursor }, { batch });
        found.push(...(page.items as Pair[]));
        cursor = page.nextCursor ?? undefined;
        if (cursor) expect(page.scannedThrough).toMatch(/^\d{4}-\d{2}-\d{2}T/);
        requests += 1;
      } while (cursor && requests < 100);
      return { found, requests };
    };
    const key = (pair: Pair) => `${pair.contact.id}>${pair.other.id}`;
    for (const [batch, limit] of [
      [3, 50],
      [50, 1],
      [2, 2],
      [1, 50],
    ] as const) {
      const { found, requests } = await collect(batch, limit);
      expect(found.map(key)).toEqual(everything.map(key));
      expect(requests).toBeGreaterThan(1);
    }
  });

  it('leaves out a pair marked as not duplicates, and contacts merged into another', async () => {
    const dismissed = await call('POST', '/contacts/duplicates/dismissals', { contactIds: [ids.digitsA, ids.digitsB] });
    expect(dismissed.statusCode, dismissed.body).toBe(204);
    expect((await call('POST', '/contacts/duplicates/dismissals', { contactIds: [ids.digitsB, ids.digitsA] })).statusCode).toBe(204);
    const same = await call('POST', '/contacts/duplicates/dismissals', { contactIds: [ids.digitsA, ids.digitsA] });
    expect(fields(same)).toEqual(['body.contactIds']);

    const merged = await call('POST', '/contacts/merge', { winnerId: ids.ukInternational, loserId: ids.ukNational });
    expect(merged.statusCode, merged.body).toBe(201);
    const pairs = await allPairs();
    expect(pairOf(pairs, 'digitsA', 'digitsB')).toBeUndefined();
    expect(pairs.some((pair) => pair.contact.id === ids.ukNational || pair.other.id === ids.ukNational)).toBe(false);
    expect(pairOf(pairs, 'janeDotted', 'janePlain')).toBeDefined();
  });

  it('compares emails in SQL exactly as emailKey does (the index and the rule agree)', async () => {
    const samples = ['Jane.Doe+shop@Example.com', 'j.a.n.e@googlemail.com', 'plain@x.test', 'a+b+c@d.e', 'UPPER.Case@Mail.Example.COM'];
    for (const sample of samples) {
      const [row] = await queryRows<{ key: string }>(test.handle.db, sql`SELECT ${emailKeySql(sql`${sample}::text`)} AS key`);
      expect(row?.key).toBe(emailKey(sample));
    }
  });

  it('compares names inside a big company by blocks of the same first letters, and ignores a free-text company shared by very many', async () => {
    const big = (await created('POST', '/companies', { name: 'Enormous Corp' })).id;
    // More contacts than bigCompany (100), with names nothing like each other.
    await test.handle.db.execute(sql`
      INSERT INTO contacts (first_name, last_name, company_id)
      SELECT substr(md5(g::text), 1, 8), substr(md5(g::text || 'x'), 1, 8), ${big}::uuid FROM generate_series(1, 120) AS g`);
    await test.handle.db.execute(sql`
      INSERT INTO contacts (first_name, last_name, company_name)
      SELECT substr(md5(g::text || 'y'), 1, 8), substr(md5(g::text || 'z'), 1, 8), 'Self-employed' FROM generate_series(1, 120) AS g`);
    await contact('bigRosalind', { firstName: 'Rosalind', lastName: 'Franklin', companyId: big });
    await contact('bigRosalyn', { firstName: 'Rosalyn', lastName: 'Franklin', companyId: big });
    await contact('selfHedy', { firstName: 'Hedy', lastName: 'Lamarr', companyName: 'Self-employed' });
    await contact('selfHedi', { firstName: 'Hedy', lastName: 'Lamar', companyName: 'self-employed' });
    const rosalyn = (await call('GET', `/contacts/duplicates?contactId=${ids.bigRosalyn}`)).json() as { items: Pair[] };
    expect(rosalyn.items.map((pair) => [pair.other.id, pair.reasons.map((reason) => reason.kind)])).toEqual([[ids.bigRosalind, ['name_company']]]);
    const hedy = (await call('GET', `/contacts/duplicates?contactId=${ids.selfHedi}`)).json() as { items: Pair[] };
    expect(hedy.items).toEqual([]);
    expect(pairOf(await allPairs(), 'bigRosalind', 'bigRosalyn')).toBeDefined();
  });

  it('needs the right to read customers, and to merge for dismissing', async () => {
    const outsider: SignedIn = await signIn(test, { rightKeys: ['care.config.read'] });
    expect((await call('GET', '/contacts/duplicates', undefined, outsider)).statusCode).toBe(403);
    const reader = await signIn(test, { rightKeys: ['customers.contacts.read'] });
    expect((await call('GET', '/contacts/duplicates', undefined, reader)).statusCode).toBe(200);
    expect((await call('POST', '/contacts/duplicates/dismissals', { contactIds: [ids.janeDotted, ids.janePlain] }, reader)).statusCode).toBe(403);
  });
});
