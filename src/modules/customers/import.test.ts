import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';
import { drainJobs } from '../../platform/jobs/worker.js';
import { accounts, companies, contactEmails, contacts, customerPhones } from './customers.tables.js';
import { cleanUpImportFiles } from './import-cleanup.job.js';
import { customerImports as customerImportsTable } from './import.tables.js';
import { importFaults, runImport } from './import.service.js';

let test: TestApp;
let admin: SignedIn;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'patron-import-'));

beforeAll(async () => {
  test = await createTestApp({ config: { DATA_DIR: dataDir } });
  admin = await signIn(test);
  const field = await call('POST', '/custom-fields', { recordKind: 'contact', key: 'tier', label: 'Loyalty tier', type: 'text' });
  expect(field.statusCode, field.body).toBe(201);
});
afterAll(async () => {
  await test?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  return test.app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, payload });
}

async function upload(content: Buffer, fileName: string, query: string) {
  const response = await test.app.inject({
    method: 'POST',
    url: `/api/v1/customer-imports?fileName=${encodeURIComponent(fileName)}&${query}`,
    headers: { ...admin.headers, 'content-type': 'application/octet-stream' },
    payload: content,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function commitAndRun(id: string) {
  const committed = await call('POST', `/customer-imports/${id}/commit`);
  expect(committed.statusCode, committed.body).toBe(202);
  await drainJobs(test.runtime);
  return (await call('GET', `/customer-imports/${id}`)).json();
}

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** BOM, semicolons, a quoted newline, empty lines, a repeated and an invalid email, formula cells. */
const nastyCsv = Buffer.concat([
  bom,
  Buffer.from(
    [
      'First name;Last name;E-mail;Phone;Company;Loyalty tier;Notes',
      'Zoë;Ångström;zoe@nasty.test;+44 20 7946 0000;"Acme;\nNorth";gold;ignored',
      '',
      'Bob;Formula;bob@nasty.test;;=HYPERLINK("http://evil.test","x");@silver;',
      ';;;;;;',
      'Zed;Again;ZOE@nasty.test;;;;',
      'Ivy;Invalid;not-an-email;;;;',
      '"Quoted ""Q""";Name;quoted@nasty.test;;-2+3;;',
      '',
    ].join('\r\n'),
  ),
]);

describe('importing a nasty CSV of contacts', () => {
  it('detects the layout, suggests the mapping, previews, commits and reports the bad rows', async () => {
    const created = await upload(nastyCsv, 'nasty.csv', 'kind=contact&key=email');
    expect(created).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', status: 'mapping' });
    expect(created.headers).toEqual(['First name', 'Last name', 'E-mail', 'Phone', 'Company', 'Loyalty tier', 'Notes']);
    expect(created.mapping).toEqual(['firstName', 'lastName', 'email', 'phone', 'companyName', 'cf.tier', null]);

    const preview = (await call('POST', `/customer-imports/${created.id}/preview`)).json();
    expect(preview).toMatchObject({ rowsRead: 5, complete: true, toCreate: 3, toUpdate: 0, inError: 2 });
    expect(preview.rows.find((row: { rowNumber: number }) => row.rowNumber === 4).message).toMatch(/repeats row 2/);
    expect(preview.rows.find((row: { rowNumber: number }) => row.rowNumber === 5).message).toMatch(/^email/);

    const finished = await commitAndRun(created.id);
    expect(finished).toMatchObject({ status: 'completed', totalRows: 5, committedRows: 5, createdCount: 3, updatedCount: 0, errorCount: 2 });

    const [zoe] = await test.handle.db.select().from(contacts).where(eq(contacts.email, 'zoe@nasty.test'));
    expect(zoe).toMatchObject({ firstName: 'Zoë', lastName: 'Ångström', companyName: 'Acme;\nNorth', source: 'import', customFields: { tier: 'gold' } });
    const [bob] = await test.handle.db.select().from(contacts).where(eq(contacts.email, 'bob@nasty.test'));
    expect(bob!.companyName).toBe('=HYPERLINK("http://evil.test","x")');
    const createdEvents = await test.handle.db.select().from(events).where(and(eq(events.recordId, zoe!.id), eq(events.action, 'contact.created')));
    expect(createdEvents).toHaveLength(1);
    expect(createdEvents[0]!.changes).toMatchObject({ emails: [{ email: 'zoe@nasty.test', isDefault: true }], customFields: { tier: 'gold' } });

    const report = await call('GET', `/customer-imports/${created.id}/errors.csv`);
    expect(report.statusCode).toBe(200);
    const lines = parse(report.body, { bom: true }) as string[][];
    expect(lines[0]).toEqual([...created.headers, 'Row', 'Error']);
    expect(lines.slice(1).map((line) => [line[2], line[7]])).toEqual([
      ['ZOE@nasty.test', '4'],
      ['not-an-email', '5'],
    ]);
    expect(lines[2]![8]).toMatch(/email/);
  });

  it('exports the filtered list with formula cells neutralised, as CSV and XLSX', async () => {
    const csv = await call('GET', '/contacts/export?q=nasty.test&format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    const rows = parse(csv.body, { bom: true }) as string[][];
    expect(rows[0]).toContain('Loyalty tier');
    const bob = rows.find((row) => row.includes('bob@nasty.test'))!;
    expect(bob).toContain(`'=HYPERLINK("http://evil.test","x")`);
    const quoted = rows.find((row) => row.includes('quoted@nasty.test'))!;
    expect(quoted).toContain("'-2+3");
    expect(rows.filter((row) => row.some((value) => value.endsWith('@nasty.test')))).toHaveLength(3);

    const xlsx = await test.app.inject({ method: 'GET', url: '/api/v1/contacts/export?q=nasty.test&format=xlsx', headers: admin.headers });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toContain(`'=HYPERLINK("http://evil.test","x")`);
  });

  it('reads a Windows-1252 file', async () => {
    const latin = Buffer.from('Name,Email\r\nJos\xe9 Pe\xf1a,jose@latin.test\r\n', 'latin1');
    const created = await upload(latin, 'latin.csv', 'kind=contact');
    expect(created).toMatchObject({ encoding: 'windows-1252', delimiter: ',', mapping: ['fullName', 'email'] });
    expect(await commitAndRun(created.id)).toMatchObject({ createdCount: 1, errorCount: 0 });
    const [jose] = await test.handle.db.select().from(contacts).where(eq(contacts.email, 'jose@latin.test'));
    expect(jose).toMatchObject({ firstName: 'José', lastName: 'Peña' });
  });

  it('imports the first sheet of an XLSX workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Contacts');
    sheet.addRow(['Email', 'First name', 'Last name', 'tier']);
    sheet.addRow(['xl1@xlsx.test', 'Excel', 'One', 'silver']);
    sheet.addRow([]);
    sheet.addRow(['xl2@xlsx.test', 'Excel', 'Two', 'bronze']);
    const created = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'book.xlsx', 'kind=contact');
    expect(created).toMatchObject({ format: 'xlsx', mapping: ['email', 'firstName', 'lastName', 'cf.tier'] });
    expect(await commitAndRun(created.id)).toMatchObject({ status: 'completed', createdCount: 2, errorCount: 0 });
    const rows = await test.handle.db.select().from(contacts).where(like(contacts.email, '%@xlsx.test'));
    expect(rows.map((row) => row.customFields.tier).sort()).toEqual(['bronze', 'silver']);
  });
});

describe('upserts by each natural key', () => {
  it('updates by email instead of duplicating', async () => {
    const first = await upload(Buffer.from('email,first name\nup@key.test,Before\n'), 'a.csv', 'kind=contact&key=email');
    await commitAndRun(first.id);
    const second = await upload(Buffer.from('email,first name,job title\nUP@key.test,After,Buyer\nnew@key.test,New,\n'), 'b.csv', 'kind=contact&key=email');
    expect((await call('POST', `/customer-imports/${second.id}/preview`)).json()).toMatchObject({ toCreate: 1, toUpdate: 1 });
    expect(await commitAndRun(second.id)).toMatchObject({ createdCount: 1, updatedCount: 1 });
    const rows = await test.handle.db.select().from(contactEmails).where(sql`lower(${contactEmails.email}) = 'up@key.test'`);
    expect(rows).toHaveLength(1);
    const [contact] = await test.handle.db.select().from(contacts).where(eq(contacts.id, rows[0]!.contactId));
    expect(contact).toMatchObject({ firstName: 'After', jobTitle: 'Buyer' });
    expect(await test.handle.db.select().from(events).where(and(eq(events.recordId, contact!.id), eq(events.action, 'contact.updated')))).toHaveLength(1);
  });

  it('updates by identifier, by account number and by id', async () => {
    const byIdentifier = await upload(Buffer.from('ID number,first name\nAB-123,Ida\n'), 'i.csv', 'kind=contact&key=identifier&identifierKind=id_number');
    expect(byIdentifier.mapping).toEqual(['identifier.id_number', 'firstName']);
    await commitAndRun(byIdentifier.id);
    const again = await upload(Buffer.from('ID number,first name\nab 123,Idabel\n'), 'i2.csv', 'kind=contact&key=identifier&identifierKind=id_number');
    expect(await commitAndRun(again.id)).toMatchObject({ createdCount: 0, updatedCount: 1 });
    expect(await test.handle.db.select().from(contacts).where(eq(contacts.firstName, 'Idabel'))).toHaveLength(1);

    const byAccount = await upload(Buffer.from('Account number,first name,email\nERP-9,Acc,acc@key.test\n'), 'n.csv', 'kind=contact&key=accountNumber');
    expect(await commitAndRun(byAccount.id)).toMatchObject({ createdCount: 1 });
    const [account] = await test.handle.db.select().from(accounts).where(eq(accounts.number, 'ERP-9'));
    expect(account!.contactId).toBeTruthy();
    const accountAgain = await upload(Buffer.from('Account number,first name\nerp-9,Accie\n'), 'n2.csv', 'kind=contact&key=accountNumber');
    expect(await commitAndRun(accountAgain.id)).toMatchObject({ createdCount: 0, updatedCount: 1 });

    const byId = await upload(Buffer.from(`id,last name\n${account!.contactId},Renamed\n00000000-0000-4000-8000-000000000000,Nobody\n`), 'id.csv', 'kind=contact&key=id');
    expect(await commitAndRun(byId.id)).toMatchObject({ updatedCount: 1, errorCount: 1 });
    const [renamed] = await test.handle.db.select().from(contacts).where(eq(contacts.id, account!.contactId!));
    expect(renamed).toMatchObject({ firstName: 'Accie', lastName: 'Renamed' });
  });

  it('imports companies by VAT number and accounts by number', async () => {
    const companiesFile = await upload(Buffer.from('Company name,VAT number,Website\nGlobex,GB 123.456,https://globex.test\nNo VAT Ltd,,\n'), 'c.csv', 'kind=company');
    expect(companiesFile.mapping).toEqual(['name', 'vatNumber', 'website']);
    expect(await commitAndRun(companiesFile.id)).toMatchObject({ createdCount: 1, errorCount: 1 });
    const [globex] = await test.handle.db.select().from(companies).where(eq(companies.name, 'Globex'));
    const accountsFile = await upload(Buffer.from('Account number,Account name,Holder VAT number,Classification\nG-1,Globex main,GB123456,gold\n'), 'a.csv', 'kind=account');
    expect(accountsFile.mapping).toEqual(['number', 'name', 'holderVatNumber', 'classification']);
    expect(await commitAndRun(accountsFile.id)).toMatchObject({ createdCount: 1, errorCount: 0 });
    const [account] = await test.handle.db.select().from(accounts).where(eq(accounts.number, 'G-1'));
    expect(account).toMatchObject({ companyId: globex!.id, classification: 'gold' });
  });
});

describe('resuming an import', () => {
  it('picks up after the last committed batch without duplicating rows', async () => {
    const lines = ['email,first name', ...Array.from({ length: 23 }, (_, index) => `r${index}@resume.test,Row ${index}`)];
    const created = await upload(Buffer.from(lines.join('\n')), 'resume.csv', 'kind=contact');
    await call('POST', `/customer-imports/${created.id}/commit`);
    importFaults.failInBatch = 3;
    await expect(runImport(test.runtime, created.id, { batchSize: 5 })).rejects.toThrow(/injected failure in batch 3/);
    importFaults.failInBatch = 0;
    const halfway = (await call('GET', `/customer-imports/${created.id}`)).json();
    expect(halfway).toMatchObject({ status: 'running', totalRows: 23, committedRows: 10, createdCount: 10 });
    expect(await test.handle.db.select().from(contacts).where(like(contacts.email, '%@resume.test'))).toHaveLength(10);

    // The queued job runs it again, from row 11.
    await drainJobs(test.runtime);
    const finished = (await call('GET', `/customer-imports/${created.id}`)).json();
    expect(finished).toMatchObject({ status: 'completed', committedRows: 23, createdCount: 23, errorCount: 0 });
    const rows = await test.handle.db.select().from(contacts).where(like(contacts.email, '%@resume.test'));
    expect(rows).toHaveLength(23);
    expect(new Set(rows.map((row) => row.email)).size).toBe(23);
    const created23 = await test.handle.db
      .select({ count: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.action, 'contact.created'), sql`${events.recordId} IN (SELECT id::text FROM contacts WHERE email LIKE '%@resume.test')`));
    expect(created23[0]!.count).toBe(23);
  });
});

describe('what an import writes', () => {
  it('stores imported phones in E.164, national numbers read in the address country', async () => {
    const created = await upload(Buffer.from('Email,Phone,Mobile,Country\ne164@phones.test,020 7946 0123,+1 (415) 555-0100,GB\nnone@phones.test,not a number 12,,\n'), 'phones.csv', 'kind=contact');
    expect(created.mapping).toEqual(['email', 'phone', 'mobile', 'address.country']);
    expect(await commitAndRun(created.id)).toMatchObject({ createdCount: 2, errorCount: 0 });
    const phones = await test.handle.db
      .select({ email: contacts.email, number: customerPhones.number, e164: customerPhones.e164, isDefault: customerPhones.isDefault })
      .from(customerPhones)
      .innerJoin(contacts, eq(contacts.id, customerPhones.contactId))
      .where(like(contacts.email, '%@phones.test'))
      .orderBy(contacts.email, customerPhones.position);
    expect(phones).toEqual([
      { email: 'e164@phones.test', number: '020 7946 0123', e164: '+442079460123', isDefault: true },
      { email: 'e164@phones.test', number: '+1 (415) 555-0100', e164: '+14155550100', isDefault: false },
      { email: 'none@phones.test', number: 'not a number 12', e164: null, isDefault: true },
    ]);
    // The same number typed another way finds the contact through its E.164 form.
    const found = (await call('GET', `/contacts?q=${encodeURIComponent('+44 20 7946 0123')}`)).json();
    expect(found.items.map((item: { email: string }) => item.email)).toContain('e164@phones.test');
  });

  it('adds the emails and phones of an update to the contact\'s and keeps the ones it had', async () => {
    const contact = await call('POST', '/contacts', {
      firstName: 'Merle',
      emails: [
        { email: 'merle@merge.test', label: 'work', isDefault: true },
        { email: 'merle.home@merge.test', label: 'home' },
      ],
      phones: [{ number: '+44 20 7946 0999', label: 'work', isDefault: true }],
      addresses: [{ kind: 'shipping', isDefault: true, line1: '2 Dock Road', city: 'Leeds', country: 'GB' }],
    });
    expect(contact.statusCode, contact.body).toBe(201);
    const created = await upload(Buffer.from('Email,Secondary email,Mobile,City,Country\nMERLE@merge.test,merle.new@merge.test,+44 7700 900123,Bath,GB\n'), 'merge.csv', 'kind=contact&key=email');
    expect(created.mapping).toEqual(['email', 'email2', 'mobile', 'address.city', 'address.country']);
    expect(await commitAndRun(created.id)).toMatchObject({ createdCount: 0, updatedCount: 1, errorCount: 0 });
    const after = (await call('GET', `/contacts/${contact.json().id}`)).json();
    expect(after.emails).toEqual([
      { email: 'merle@merge.test', label: 'work', isDefault: true },
      { email: 'merle.home@merge.test', label: 'home', isDefault: false },
      { email: 'merle.new@merge.test', label: 'other', isDefault: false },
    ]);
    expect(after.phones).toEqual([
      { number: '+44 20 7946 0999', label: 'work', isDefault: true },
      { number: '+44 7700 900123', label: 'mobile', isDefault: false },
    ]);
    expect(after.addresses.map((address: { kind: string; city: string }) => `${address.kind} ${address.city}`)).toEqual(['shipping Leeds', 'billing Bath']);
  });

  it('finds a key a batch before gave away as a second email, with batches written side by side', async () => {
    const lines = [
      'email,secondary email,first name,job title',
      'one@sides.test,shared@sides.test,One,',
      'two@sides.test,,Two,',
      'shared@sides.test,,,Buyer',
      'four@sides.test,,Four,',
      'five@sides.test,,Five,',
    ];
    const created = await upload(Buffer.from(lines.join('\n')), 'sides.csv', 'kind=contact&key=email');
    expect(created.mapping).toEqual(['email', 'email2', 'firstName', 'jobTitle']);
    await call('POST', `/customer-imports/${created.id}/commit`);
    // Two writers on PostgreSQL; PGlite's one connection writes the batches in turn.
    const finished = await runImport(test.runtime, created.id, { batchSize: 2, writers: 2 });
    expect(finished).toMatchObject({ status: 'completed', committedRows: 5, createdCount: 4, updatedCount: 1, errorCount: 0 });
    const [one] = await test.handle.db.select().from(contacts).where(eq(contacts.email, 'one@sides.test'));
    expect(one).toMatchObject({ firstName: 'One', jobTitle: 'Buyer' });
    expect(await test.handle.db.select().from(contacts).where(like(contacts.email, '%@sides.test'))).toHaveLength(4);
  });

  it('refuses only the row whose second email another contact has, and creates the rest of its batch', async () => {
    expect((await call('POST', '/contacts', { firstName: 'Taken', email: 'taken@halves.test' })).statusCode).toBe(201);
    const lines = ['email,secondary email,first name', ...Array.from({ length: 20 }, (_, index) => `r${index}@halves.test,${index === 13 ? 'TAKEN@halves.test' : ''},Row ${index}`)];
    const created = await upload(Buffer.from(lines.join('\n')), 'halves.csv', 'kind=contact&key=email');
    await call('POST', `/customer-imports/${created.id}/commit`);
    const finished = await runImport(test.runtime, created.id, { batchSize: 20 });
    expect(finished).toMatchObject({ status: 'completed', createdCount: 19, errorCount: 1 });
    const report = parse((await call('GET', `/customer-imports/${created.id}/errors.csv`)).body, { bom: true }) as string[][];
    expect(report.slice(1).map((line) => [line[3], line[4]])).toEqual([['15', expect.stringMatching(/TAKEN@halves.test belongs to another contact/)]]);
    const imported = await test.handle.db.select().from(contacts).where(like(contacts.email, 'r%@halves.test'));
    expect(imported).toHaveLength(19);
    const emails = await test.handle.db.select().from(contactEmails).where(like(contactEmails.email, '%@halves.test'));
    expect(emails).toHaveLength(20);
  });

  it('records one event per contact created, with the import as the actor', async () => {
    const created = await upload(Buffer.from('email,first name\nev1@events.test,Eve\nev2@events.test,Evan\n'), 'events.csv', 'kind=contact');
    await commitAndRun(created.id);
    const written = await test.handle.db
      .select({ action: events.action, actorLabel: events.actorLabel, changes: events.changes })
      .from(events)
      .where(sql`${events.recordId} IN (SELECT id::text FROM contacts WHERE email LIKE '%@events.test')`);
    expect(written).toHaveLength(2);
    expect(written.every((event) => event.action === 'contact.created' && event.changes.source === 'import')).toBe(true);
  });
});

describe('cleaning up import files', () => {
  it('expires imports never committed and removes files no import needs', async () => {
    const stale = await upload(Buffer.from('email\nstale@cleanup.test\n'), 'stale.csv', 'kind=contact');
    const fresh = await upload(Buffer.from('email\nfresh@cleanup.test\n'), 'fresh.csv', 'kind=contact');
    const storeDir = path.join(dataDir, 'imports');
    const [staleRow] = await test.handle.db.select().from(customerImportsTable).where(eq(customerImportsTable.id, stale.id));
    const [freshRow] = await test.handle.db.select().from(customerImportsTable).where(eq(customerImportsTable.id, fresh.id));
    const stray = path.join(storeDir, 'left-by-a-crash.upload');
    fs.writeFileSync(stray, 'email\n');
    const longAgo = new Date(Date.now() - 8 * 24 * 3600_000);
    await test.handle.db.update(customerImportsTable).set({ createdAt: longAgo }).where(eq(customerImportsTable.id, stale.id));
    fs.utimesSync(stray, longAgo, longAgo);

    expect(await cleanUpImportFiles(test.runtime)).toEqual({ expiredImports: 1, removedFiles: 1 });
    expect(fs.existsSync(path.join(storeDir, staleRow!.storageKey))).toBe(false);
    expect(fs.existsSync(stray)).toBe(false);
    expect(fs.existsSync(path.join(storeDir, freshRow!.storageKey))).toBe(true);
    const expired = (await call('GET', `/customer-imports/${stale.id}`)).json();
    expect(expired).toMatchObject({ status: 'failed', failure: expect.stringMatching(/not committed/) });
    expect((await call('POST', `/customer-imports/${stale.id}/commit`)).statusCode).toBe(409);
    const history = await test.handle.db.select().from(events).where(and(eq(events.recordId, stale.id), eq(events.action, 'customer_import.expired')));
    expect(history).toHaveLength(1);
    // A second run finds nothing more to do.
    expect(await cleanUpImportFiles(test.runtime)).toEqual({ expiredImports: 0, removedFiles: 0 });
  });
});
