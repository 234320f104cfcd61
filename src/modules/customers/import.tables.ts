import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../access/access.tables.js';

export const importKinds = ['contact', 'company', 'account'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKeys = ['email', 'identifier', 'accountNumber', 'vatNumber', 'id'] as const;
export type ImportKey = (typeof importKeys)[number];
export const importStatuses = ['mapping', 'queued', 'running', 'completed', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/**
 * One file of contacts, companies or accounts being imported. The worker commits rows in
 * batches and moves `committed_rows` forward in the same transaction as each batch, so a
 * restarted import skips exactly the rows already written.
 */
export const customerImports = pgTable(
  'customer_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<ImportKind>().notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').$type<'csv' | 'xlsx'>().notNull(),
    /** Where the uploaded bytes are, relative to the import store. */
    storageKey: text('storage_key').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    encoding: text('encoding').$type<'utf-8' | 'windows-1252'>().notNull().default('utf-8'),
    delimiter: text('delimiter').notNull().default(','),
    headers: jsonb('headers').$type<string[]>().notNull().default([]),
    /** Target field per column (null: ignored), in column order. */
    mapping: jsonb('mapping').$type<(string | null)[]>().notNull().default([]),
    key: text('key').$type<ImportKey>().notNull(),
    identifierKind: text('identifier_kind'),
    status: text('status').$type<ImportStatus>().notNull().default('mapping'),
    /** Data rows read so far (committed or not yet); the total once finished. */
    totalRows: integer('total_rows'),
    /** Data rows whose outcome is committed: the resume point. */
    committedRows: integer('committed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    failure: text('failure'),
    createdById: uuid('created_by_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('customer_imports_created_idx').on(table.createdAt, table.id)],
);

export type CustomerImportRow = typeof customerImports.$inferSelect;

/** Rows an import refused, with the row as it was in the file, for the error report. */
export const customerImportErrors = pgTable(
  'customer_import_errors',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => customerImports.id, { onDelete: 'cascade' }),
    /** The row's number in the file, the header being row 1. */
    rowNumber: integer('row_number').notNull(),
    values: jsonb('values').$type<string[]>().notNull(),
    message: text('message').notNull(),
  },
  (table) => [primaryKey({ columns: [table.importId, table.rowNumber] })],
);
