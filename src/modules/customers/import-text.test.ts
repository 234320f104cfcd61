import { describe, expect, it } from 'vitest';
import { mappingErrors, suggestMapping } from './import-mapping.js';
import { prepareRow } from './import-rows.js';
import { ImportKeyRegistry } from './import-key-registry.js';
import { neutraliseFormula, sniffDelimiter } from './import-text.js';

describe('neutraliseFormula', () => {
  it('prefixes cells a spreadsheet would run as a formula', () => {
    for (const cell of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });
  it('leaves other cells alone', () => {
    for (const cell of ['', 'Ada', ' =not first', "'already", '1=1', 'a@b.test']) expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe('sniffDelimiter', () => {
  it('finds semicolons, tabs and commas, ignoring those inside quotes', () => {
    expect(sniffDelimiter('a;b;c\n1;2;3\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('name,city\n"Smith; John",Paris\n')).toBe(',');
    expect(sniffDelimiter('"a,b";c\n"d,e";f\n')).toBe(';');
    expect(sniffDelimiter('single\nvalue\n')).toBe(',');
  });
});

describe('suggestMapping', () => {
  it('maps CIMCloud and CRM.COM headers and custom fields by key or label', () => {
    const headers = ['First Name', 'Last Name', 'E-Mail Address', 'Identifiers', 'Address Street Name', 'Address Postal Code', 'Address Country', 'Loyalty tier', 'score', 'Unknown'];
    const custom = [
      { key: 'tier', label: 'Loyalty tier' },
      { key: 'score', label: 'Score' },
    ];
    expect(suggestMapping('contact', headers, custom)).toEqual(['firstName', 'lastName', 'email', 'identifiers', 'address.line1', 'address.postalCode', 'address.country', 'cf.tier', 'cf.score', null]);
  });
  it('suggests a field for one column only, and refuses mapping it twice', () => {
    expect(suggestMapping('contact', ['Email', 'Mail'], [])).toEqual(['email', null]);
    expect(mappingErrors('contact', ['email', 'email', 'nonsense'], [])).toHaveLength(2);
  });
});

describe('prepareRow', () => {
  const settings = { kind: 'contact' as const, key: 'email' as const, mapping: ['email', 'fullName', 'identifiers', 'tags'] };
  it('builds the contact input and its key', () => {
    const prepared = prepareRow(settings, ['Ada@Example.test', 'Ada King Lovelace', 'id_number|123,passport_number|P9', 'vip; b2b']);
    expect(prepared).toMatchObject({
      row: { keyValue: 'ada@example.test', input: { firstName: 'Ada King', lastName: 'Lovelace', tags: ['vip', 'b2b'], identifiers: [{ kind: 'id_number', value: '123' }, { kind: 'passport', value: 'P9' }] } },
    });
  });
  it('names the column a bad value is in', () => {
    expect(prepareRow(settings, ['nope', 'A B', '', ''])).toEqual({ error: expect.stringMatching(/^email: /) });
    expect(prepareRow(settings, ['a@b.test', 'A B', 'shoe_size|42', ''])).toEqual({ error: expect.stringMatching(/^identifiers: /) });
    expect(prepareRow(settings, ['', 'A B', '', ''])).toEqual({ error: expect.stringMatching(/^email: empty/) });
  });
});

describe('ImportKeyRegistry', () => {
  it('answers the first row of a key and keeps every key apart through growth', () => {
    const registry = new ImportKeyRegistry();
    for (let row = 2; row < 200_002; row += 1) expect(registry.firstRowOrAdd(`person${row}@example.test`, row)).toBeUndefined();
    expect(registry.size).toBe(200_000);
    expect(registry.firstRowOrAdd('person2@example.test', 999_999)).toBe(2);
    expect(registry.firstRowOrAdd('person200001@example.test', 999_999)).toBe(200_001);
    expect(registry.firstRowOrAdd('someone-new@example.test', 7)).toBeUndefined();
  });
});
