/**
 * Exports of customer lists to CSV or XLSX: the same filters as the list, read page by page and
 * streamed out, every text cell neutralised against formula injection.
 */
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ServiceContext } from '../../platform/context.js';
import { listContacts } from './contacts.service.js';
import type { Contact, ListContactsQuery } from './customers.contract.js';
import { activeFieldDefinitions } from './custom-fields.service.js';
import { neutraliseFormula } from './import-text.js';

export type ExportFormat = 'csv' | 'xlsx';

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

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return neutraliseFormula(String(value));
}

/** Every contact the filters select, a page at a time, as rows of cells (header first). */
async function* contactRows(ctx: ServiceContext, query: Omit<ListContactsQuery, 'cursor' | 'limit'>): AsyncGenerator<string[]> {
  const definitions = await activeFieldDefinitions(ctx.db, 'contact');
  yield [...contactColumns.map(([header]) => header), ...definitions.map((definition) => definition.label)].map(cell);
  let cursor: string | undefined;
  do {
    const page = await listContacts(ctx, { ...query, cursor, limit: 200 });
    for (const contact of page.items) {
      yield [...contactColumns.map(([, read]) => cell(read(contact))), ...definitions.map((definition) => cell(contact.customFields[definition.key]))];
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
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
  // The first page runs before the answer starts, so a bad filter is still a clean 400.
  const rows = contactRows(ctx, query);
  const first = await rows.next();
  async function* all() {
    if (!first.done) yield first.value;
    yield* rows;
  }
  await listContacts(ctx, { ...query, limit: 1 });
  return format === 'xlsx' ? xlsxStream(all(), 'Contacts') : csvStream(all());
}
