import { z } from 'zod';
import { AppError } from '../errors.js';

export const paginationQuery = {
  cursor: z.string().max(500).optional().describe('Opaque cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1-200'),
};

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** A keyset position: the sort value and id of the last row on the previous page. */
export interface CursorPosition {
  sort: string | number;
  id: string | number;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorPosition;
    if (parsed && (typeof parsed.sort === 'string' || typeof parsed.sort === 'number') && parsed.id !== undefined) return parsed;
  } catch {
    // fall through
  }
  throw AppError.invalid('query.cursor', 'is not a cursor this API returned');
}

/** Takes `limit + 1` rows and turns the extra one into the next cursor. */
export function toPage<Row>(rows: Row[], limit: number, positionOf: (row: Row) => CursorPosition): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

/**
 * decodeCursor plus a check of the position's types: a forged or mangled cursor is then a 400
 * naming the cursor, not a database error on a uuid or bigint comparison.
 */
export function decodeTypedCursor<Sort extends z.ZodType, Id extends z.ZodType>(
  cursor: string | undefined,
  sort: Sort,
  id: Id,
): { sort: z.infer<Sort>; id: z.infer<Id> } | undefined {
  const position = decodeCursor(cursor);
  if (!position) return undefined;
  const parsed = z.object({ sort, id }).safeParse(position);
  if (!parsed.success) throw AppError.invalid('query.cursor', 'is not a cursor this API returned');
  return parsed.data as { sort: z.infer<Sort>; id: z.infer<Id> };
}
