/**
 * Exports of customer lists to CSV or XLSX: the same filters as the list, read page by page and
 * streamed out, every text cell neutralised against formula injection.
 */
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ServiceContext } from '../../platform/context.js';
import type { ListAccountsQuery } from './accounts.contract.js';
import { listAccounts } from './accounts.service.js';
import type { ListCompaniesQuery } from './companies.contract.js';
import { listCompanies } from './companies.service.js';
import { listContacts } from './contacts.service.js';
import type { Contact, ListContactsQuery } from './customers.contract.js';
import type { CustomerRecordKind } from './customers.tables.js';
import { activeFieldDefinitions } from './custom-fields.service.js';
import { neutraliseFormula } from './import-text.js';

export type ExportFormat = 'csv' | 'xlsx';
type CompanySummary = Awaited<ReturnType<typeof listCompanies>>['items'][number];
type AccountSummary = Awaited<ReturnType<typeof listAccounts>>['items'][number];

const contactColumns: [string, (contact: Contact) => unknown][] = [
  ['Id', (contact) => contact.id],
  ['First name', (contact) => contact.firstName],
  ['Last name', (contact) => contact.lastName],
  ['Email', (contact) => contact.email],
  ['Phone', (contact) => contact.phone],
  ['Company', (contact) => contact.companyName],
  ['Job title', (contact) => contact.jobTitle],
  ['Owner', (contact) => contact.owner?.name],
  ['Sales rep code', (contact) => contact.salesRepCode],
  ['Tags', (contact) => contact.tags.join(', ')],
  ['Life cycle', (contact) => contact.lifecycleState],
  ['Disabled', (contact) => contact.disabled],
  ['Source', (contact) => contact.source],
  ['Created', (contact) => contact.createdAt],
  ['Updated', (contact) => contact.updatedAt],
];

const companyColumns: [string, (company: CompanySummary) => unknown][] = [
  ['Id', (company) => company.id],
  ['Name', (company) => company.name],
  ['VAT number', (company) => company.vatNumber],
  ['Website', (company) => company.website],
  ['Parent company', (company) => company.parent?.name],
  ['Phone', (company) => company.phone],
  ['Owner', (company) => company.owner?.name],
  ['Sales rep code', (company) => company.salesRepCode],
  ['Tags', (company) => company.tags.join(', ')],
  ['Disabled', (company) => company.disabled],
  ['Created', (company) => company.createdAt],
  ['Updated', (company) => company.updatedAt],
];

const accountColumns: [string, (account: AccountSummary) => unknown][] = [
  ['Id', (account) => account.id],
  ['Number', (account) => account.number],
  ['Name', (account) => account.name],
  ['Holder type', (account) => account.holder.kind],
  ['Holder', (account) => account.holder.name],
  ['Classification', (account) => account.classification],
  ['Credit rating', (account) => account.creditRating],
  ['Sales rep code', (account) => account.salesRepCode],
  ['Owner', (account) => account.owner?.name],
  ['Tags', (account) => account.tags.join(', ')],
  ['Disabled', (account) => account.disabled],
  ['Created', (account) => account.createdAt],
  ['Updated', (account) => account.updatedAt],
];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return neutraliseFormula(String(value));
}

type PageReader<Item> = (cursor: string | undefined, limit: number) => Promise<{ items: Item[]; nextCursor: string | null }>;
type Columns<Item> = [string, (item: Item) => unknown][];

/** Every record a list's filters select, a page at a time, as rows of cells (header first). */
async function* listRows<Item extends { customFields: Record<string, unknown> }>(ctx: ServiceContext, recordKind: CustomerRecordKind, columns: Columns<Item>, readPage: PageReader<Item>): AsyncGenerator<string[]> {
  const definitions = await activeFieldDefinitions(ctx.db, recordKind);
  yield [...columns.map(([header]) => header), ...definitions.map((definition) => definition.label)].map(cell);
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor, 200);
    for (const item of page.items) {
      yield [...columns.map(([, read]) => cell(read(item))), ...definitions.map((definition) => cell(item.customFields[definition.key]))];
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** A list as a download. One page is read before the answer starts, so a bad filter is still a clean 400. */
async function exportList<Item extends { customFields: Record<string, unknown> }>(ctx: ServiceContext, recordKind: CustomerRecordKind, columns: Columns<Item>, readPage: PageReader<Item>, format: ExportFormat, sheetName: string): Promise<Readable> {
  await readPage(undefined, 1);
  const rows = listRows(ctx, recordKind, columns, readPage);
  return format === 'xlsx' ? xlsxStream(rows, sheetName) : csvStream(rows);
}

/** Rows of cells as a CSV byte stream (UTF-8 with a BOM, so spreadsheets read accents right). */
export function csvStream(rows: AsyncIterable<string[]>): Readable {
  const output = stringify({ bom: true });
  Readable.from(rows).pipe(output);
  return output;
}

/** Rows of cells as an XLSX byte stream, written row by row. */
export function xlsxStream(rows: AsyncIterable<string[]>, sheetName: string): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  void (async () => {
    try {
      for await (const row of rows) sheet.addRow(row).commit();
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      output.destroy(error as Error);
    }
  })();
  return output;
}

export async function exportContacts(ctx: ServiceContext, query: Omit<ListContactsQuery, 'cursor' | 'limit'>, format: ExportFormat): Promise<Readable> {
  return exportList(ctx, 'contact', contactColumns, (cursor, limit) => listContacts(ctx, { ...query, cursor, limit }), format, 'Contacts');
}

export async function exportCompanies(ctx: ServiceContext, query: Omit<ListCompaniesQuery, 'cursor' | 'limit'>, format: ExportFormat): Promise<Readable> {
  return exportList(ctx, 'company', companyColumns, (cursor, limit) => listCompanies(ctx, { ...query, cursor, limit }), format, 'Companies');
}

export async function exportAccounts(ctx: ServiceContext, query: Omit<ListAccountsQuery, 'cursor' | 'limit'>, format: ExportFormat): Promise<Readable> {
  return exportList(ctx, 'account', accountColumns, (cursor, limit) => listAccounts(ctx, { ...query, cursor, limit }), format, 'Accounts');
}
