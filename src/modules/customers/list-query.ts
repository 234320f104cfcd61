import { eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { decodeTypedCursor, toPage } from '../../platform/http/pagination.js';
import { parseCustomFieldFilter, type FieldDefinition } from './custom-field-values.js';

/** The columns every customer record kind has, which the shared list filters work on. */
export interface ListableTable {
  id: PgColumn;
  ownerId: PgColumn;
  tags: PgColumn;
  disabled: PgColumn;
  createdAt: PgColumn;
  updatedAt: PgColumn;
  customFields: PgColumn;
}

export interface CommonFilters {
  ownerId?: string;
  tag?: string;
  disabled?: boolean;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  cf: string[];
}

/** LIKE pattern for a contains-match, with the user's own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Conditions for the filters all customer lists share. Equality on a custom field uses jsonb
 * containment, which the GIN index on custom_fields answers; ranges and contains read the value.
 */
export function commonConditions(table: ListableTable, query: CommonFilters, definitions: FieldDefinition[]): SQL[] {
  const conditions: SQL[] = [];
  if (query.ownerId) conditions.push(eq(table.ownerId, query.ownerId));
  if (query.tag) conditions.push(sql`${table.tags} @> ARRAY[${query.tag}]::text[]`);
  if (query.disabled !== undefined) conditions.push(eq(table.disabled, query.disabled));
  if (query.createdFrom) conditions.push(gte(table.createdAt, new Date(query.createdFrom)));
  if (query.createdTo) conditions.push(lte(table.createdAt, new Date(query.createdTo)));
  if (query.updatedFrom) conditions.push(gte(table.updatedAt, new Date(query.updatedFrom)));
  if (query.updatedTo) conditions.push(lte(table.updatedAt, new Date(query.updatedTo)));
  query.cf.forEach((text, index) => {
    const filter = parseCustomFieldFilter(text, definitions);
    if ('error' in filter) throw AppError.invalid(`query.cf.${index}`, filter.error);
    const key = filter.definition.key;
    const values = table.customFields;
    switch (filter.operator) {
      case 'eq':
        conditions.push(sql`${values} @> ${JSON.stringify({ [key]: filter.value })}::jsonb`);
        break;
      case 'contains':
        conditions.push(sql`lower(${values} ->> ${key}) LIKE ${containsPattern(String(filter.value))}`);
        break;
      case 'empty':
        conditions.push(sql`(${values} -> ${key}) IS NULL`);
        break;
      case 'gte':
      case 'lte': {
        const comparison = filter.operator === 'gte' ? sql`>=` : sql`<=`;
        // Dates are stored as YYYY-MM-DD text, which sorts as it reads; numbers as JSON numbers.
        const stored =
          filter.definition.type === 'number'
            ? sql`(CASE WHEN jsonb_typeof(${values} -> ${key}) = 'number' THEN (${values} ->> ${key})::numeric END)`
            : sql`(${values} ->> ${key})`;
        conditions.push(sql`${stored} ${comparison} ${filter.definition.type === 'number' ? sql`${filter.value}::numeric` : sql`${filter.value}`}`);
        break;
      }
    }
  });
  return conditions;
}

export interface SortSpec {
  /** The value rows sort by; never null. */
  key: SQL;
  kind: 'text' | 'timestamptz';
  direction: 'asc' | 'desc';
}

export const timestampText = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}(:\d{2})?$/);

/**
 * Keyset paging on (sort key, id): the cursor carries the last row's key as PostgreSQL text, so a
 * timestamp keeps its microseconds and the next page starts exactly after it.
 */
export function keyset(spec: SortSpec, id: PgColumn, cursor: string | undefined) {
  const sortText = spec.kind === 'timestamptz' ? sql<string>`(${spec.key})::text` : sql<string>`${spec.key}`;
  const after = decodeTypedCursor(cursor, spec.kind === 'timestamptz' ? timestampText : z.string().max(500), z.uuid());
  const comparison = spec.direction === 'asc' ? sql`>` : sql`<`;
  const typed = (value: string) => (spec.kind === 'timestamptz' ? sql`${value}::timestamptz` : sql`${value}::text`);
  return {
    sortText,
    condition: after ? sql`(${spec.key}, ${id}) ${comparison} (${typed(after.sort)}, ${after.id}::uuid)` : undefined,
    orderBy: spec.direction === 'asc' ? [sql`${spec.key} ASC`, sql`${id} ASC`] : [sql`${spec.key} DESC`, sql`${id} DESC`],
  };
}

/** A page of rows selected with the keyset's `sortText`, and the cursor after its last row. */
export function pageOf<Row extends { sortText: string }>(rows: Row[], limit: number, idOf: (row: Row) => string) {
  const page = toPage(rows, limit, (row) => ({ sort: row.sortText, id: idOf(row) }));
  return { rows: page.items, nextCursor: page.nextCursor };
}

export function sortDirection(sort: string, order: 'asc' | 'desc' | undefined): 'asc' | 'desc' {
  return order ?? (sort === 'created' || sort === 'updated' ? 'desc' : 'asc');
}
