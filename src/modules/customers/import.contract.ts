import { z } from 'zod';
import { identifierKinds } from './customers.tables.js';
import { importKeys, importKinds, importStatuses } from './import.tables.js';
import { listContactsQuery } from './customers.contract.js';
import { recordId } from './shared.contract.js';

export const importSchema = z.object({
  id: recordId,
  kind: z.enum(importKinds),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  size: z.number().int(),
  encoding: z.enum(['utf-8', 'windows-1252']),
  delimiter: z.string(),
  headers: z.array(z.string()),
  mapping: z.array(z.string().nullable()).describe('Target field per column, null when ignored'),
  key: z.enum(importKeys),
  identifierKind: z.string().nullable(),
  status: z.enum(importStatuses),
  totalRows: z.number().int().nullable().describe('Data rows in the file, known once the job has counted them'),
  committedRows: z.number().int().describe('Data rows done (written or refused)'),
  createdCount: z.number().int(),
  updatedCount: z.number().int(),
  errorCount: z.number().int(),
  failure: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const importDetailSchema = importSchema.extend({
  targets: z.array(z.object({ key: z.string(), label: z.string() })).describe('The fields a column can be mapped to'),
});

export const createImportQuery = z.strictObject({
  kind: z.enum(importKinds),
  fileName: z.string().trim().min(1).max(255),
  key: z.enum(importKeys).optional().describe('Natural key to match rows on: email, identifier, accountNumber (contacts, accounts), vatNumber (companies) or id'),
  identifierKind: z.enum(identifierKinds).optional(),
});

export const updateImportBody = z.strictObject({
  mapping: z.array(z.string().max(100).nullable()).max(500).optional(),
  key: z.enum(importKeys).optional(),
  identifierKind: z.enum(identifierKinds).nullable().optional(),
});

export const importPreviewSchema = z.object({
  rowsRead: z.number().int(),
  complete: z.boolean().describe('Whether the dry run covered the whole file (else its first rows)'),
  toCreate: z.number().int(),
  toUpdate: z.number().int(),
  inError: z.number().int(),
  rows: z.array(z.object({ rowNumber: z.number().int(), action: z.enum(['create', 'update', 'error']), message: z.string().nullable(), values: z.array(z.string()) })),
});

export const listImportsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.iso.datetime({ offset: true }).optional(),
});

export const exportFormatQuery = { format: z.enum(['csv', 'xlsx']).default('csv') };
export const exportContactsQuery = listContactsQuery.omit({ cursor: true, limit: true }).extend(exportFormatQuery);
