import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestApp, signIn, type TestApp } from '../../../test/harness.js';
import { customerTestClient, fields } from './customer-test-client.js';

type Client = Awaited<ReturnType<typeof customerTestClient>>;
let test: TestApp;
let call: Client['call'];
let created: Client['created'];

beforeAll(async () => {
  test = await createTestApp();
  ({ call, created } = await customerTestClient(test));
  await created('POST', '/custom-fields', { recordKind: 'company', key: 'segment', label: 'Segment', type: 'text' });
  await created('POST', '/custom-fields', { recordKind: 'account', key: 'terms', label: 'Payment terms', type: 'text' });
  const parent = await created('POST', '/companies', { name: 'Export Group', tags: ['export'] });
  await created('POST', '/companies', { name: '=HYPERLINK("http://evil.test","click")', vatNumber: 'NL 123', parentId: parent.id, phones: [{ number: '+31 20 555 0101' }], tags: ['export', 'risky'], customFields: { segment: '@SUM(A1)' } });
  await created('POST', '/companies', { name: 'Not exported', tags: ['other'] });
  const holder = await created('POST', '/contacts', { firstName: 'Hold', lastName: 'Er', email: 'holder@export.test' });
  await created('POST', '/accounts', { number: 'EXP-1', name: '+1 trade', contactId: holder.id, classification: 'wholesale', tags: ['export'], customFields: { terms: '-30 days' } });
  await created('POST', '/accounts', { number: 'EXP-2', name: 'Group account', companyId: parent.id, classification: 'retail', tags: ['export'] });
});
afterAll(async () => {
  await test?.close();
});

function csvRows(body: string): string[][] {
  expect(body.charCodeAt(0)).toBe(0xfeff);
  return parse(body.slice(1)) as string[][];
}

describe('company and account exports', () => {
  it('exports the filtered companies as CSV with custom fields, neutralising formula cells', async () => {
    const response = await call('GET', '/companies/export?tag=export&sort=name');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toBe('attachment; filename="companies.csv"');
    const [header, ...rows] = csvRows(response.body);
    expect(header).toEqual(['Id', 'Name', 'VAT number', 'Website', 'Parent company', 'Phone', 'Owner', 'Sales rep code', 'Tags', 'Disabled', 'Created', 'Updated', 'Segment']);
    expect(rows.map((row) => row[1])).toEqual(["'=HYPERLINK(\"http://evil.test\",\"click\")", 'Export Group']);
    expect(rows[0]).toMatchObject({ 2: 'NL 123', 4: 'Export Group', 5: "'+31 20 555 0101", 8: 'export, risky', 12: "'@SUM(A1)" });
  });

  it('exports the filtered accounts as XLSX with their holders', async () => {
    const response = await call('GET', '/accounts/export?tag=export&format=xlsx&sort=number');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="accounts.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Accounts')!;
    const values = sheet.getSheetValues().slice(1).map((row) => (row as unknown[]).slice(1));
    expect(values[0]).toEqual(['Id', 'Number', 'Name', 'Holder type', 'Holder', 'Classification', 'Credit rating', 'Sales rep code', 'Owner', 'Tags', 'Disabled', 'Created', 'Updated', 'Payment terms']);
    expect(values.slice(1).map((row) => [row[1], row[2], row[3], row[4], row[5], row[13]])).toEqual([
      ['EXP-1', "'+1 trade", 'contact', 'Hold Er', 'wholesale', "'-30 days"],
      ['EXP-2', 'Group account', 'company', 'Export Group', 'retail', undefined],
    ]);
    const retail = csvRows((await call('GET', '/accounts/export?classification=retail')).body);
    expect(retail.slice(1).map((row) => row[1])).toEqual(['EXP-2']);
  });

  it('refuses a bad filter before the download starts, and needs the right to read customers', async () => {
    const bad = await call('GET', '/companies/export?cf=nope:eq:x');
    expect(bad.statusCode).toBe(400);
    expect(fields(bad)).toEqual(['query.cf.0']);
    const badFormat = await call('GET', '/accounts/export?format=pdf');
    expect(fields(badFormat)).toEqual(['query.format']);
    const outsider = await signIn(test, { rightKeys: ['care.config.read'] });
    expect((await call('GET', '/companies/export', undefined, outsider)).statusCode).toBe(403);
    expect((await call('GET', '/accounts/export', undefined, outsider)).statusCode).toBe(403);
  });
});
