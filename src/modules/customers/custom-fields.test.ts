import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { customerTestClient, fields } from './customer-test-client.js';

type Client = Awaited<ReturnType<typeof customerTestClient>>;
let test: TestApp;
let call: Client['call'];
let created: Client['created'];

beforeAll(async () => {
  test = await createTestApp();
  ({ call, created } = await customerTestClient(test));
});
afterAll(async () => {
  await test?.close();
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

