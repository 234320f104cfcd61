import { and, asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors.js';
import { diffFields, recordEvent } from '../../../platform/events/record-event.js';
import { staleVersionError } from '../../../platform/http/versioning.js';
import type { createTicketCategoryBody, UpdateTicketCategoryInput } from '../care-config.contract.js';
import { ticketCategories, type CategoryKind, type TicketCategoryRow } from '../care-config.tables.js';
import { assertCanCare } from '../care.policy.js';
import { forgetTicketTypeRules } from '../ticket-type-rules.js';

/** "Hardware / Printers": a category's place in its tree. */
export function categoryPath(row: TicketCategoryRow, byId: Map<string, TicketCategoryRow>): string {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let current: TicketCategoryRow | undefined = row; current && !seen.has(current.id); current = current.parentId ? byId.get(current.parentId) : undefined) {
    seen.add(current.id);
    names.unshift(current.name);
  }
  return names.join(' / ');
}

const toCategory = (row: TicketCategoryRow, byId: Map<string, TicketCategoryRow>) => ({
  id: row.id,
  kind: row.kind,
  parentId: row.parentId,
  name: row.name,
  path: categoryPath(row, byId),
  classification: row.classification ?? null,
  requiresAcceptance: row.requiresAcceptance,
  position: row.position,
  version: row.version,
});

/** Flat list in tree order: parents before their children, siblings by position then name. */
export async function listTicketCategories(ctx: ServiceContext, query: { kind?: CategoryKind }) {
  assertCanCare(ctx.actor, 'config.read');
  const rows = await ctx.db.select().from(ticketCategories).where(query.kind ? eq(ticketCategories.kind, query.kind) : undefined).orderBy(asc(ticketCategories.position), asc(ticketCategories.name));
  // Parents are always of the same kind, so one kind's rows are enough to build its paths.
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered: TicketCategoryRow[] = [];
  const placed = new Set<string>();
  const visit = (parentId: string | null) => {
    for (const row of rows) {
      if (row.parentId !== parentId || placed.has(row.id)) continue;
      placed.add(row.id);
      ordered.push(row);
      visit(row.id);
    }
  };
  visit(null);
  return { items: ordered.map((row) => toCategory(row, byId)) };
}

async function describeCategory(db: Queryable, id: string) {
  const [row] = await db.select().from(ticketCategories).where(eq(ticketCategories.id, id));
  if (!row) throw AppError.notFound('Ticket category');
  const sameKind = await db.select().from(ticketCategories).where(eq(ticketCategories.kind, row.kind));
  return toCategory(row, new Map(sameKind.map((r) => [r.id, r])));
}

function checkKindRules(kind: CategoryKind, input: { classification?: string | null; requiresAcceptance?: boolean }) {
  if (kind !== 'request' && input.classification) throw AppError.invalid('classification', 'only request categories have a classification');
  if (kind === 'request' && input.requiresAcceptance) throw AppError.invalid('requiresAcceptance', 'only response and resolution categories can require acceptance');
}

async function checkParent(db: Queryable, kind: CategoryKind, parentId: string, movingId?: string) {
  const [parent] = await db.select().from(ticketCategories).where(eq(ticketCategories.id, parentId));
  if (!parent) throw AppError.invalid('parentId', 'unknown category');
  if (parent.kind !== kind) throw AppError.invalid('parentId', `the parent is a ${parent.kind} category, not ${kind}`);
  if (!movingId) return;
  // Locks the kind's tree for the rest of the transaction, so two concurrent moves cannot build a cycle.
  const ancestors = await db.select({ id: ticketCategories.id, parentId: ticketCategories.parentId }).from(ticketCategories).where(eq(ticketCategories.kind, kind)).for('update');
  const parentOf = new Map(ancestors.map((row) => [row.id, row.parentId]));
  const seen = new Set<string>();
  for (let current: string | null | undefined = parentId; current && !seen.has(current); current = parentOf.get(current)) {
    if (current === movingId) throw new AppError('unprocessable', 'A category cannot move under itself or one of its own subcategories', { errors: [{ field: 'parentId', message: 'is the category itself or one of its descendants' }] });
    seen.add(current);
  }
}

export async function createTicketCategory(ctx: ServiceContext, input: z.infer<typeof createTicketCategoryBody>) {
  assertCanCare(ctx.actor, 'config.manage');
  if (input.kind === 'request' && !input.classification) throw AppError.invalid('classification', 'request categories need a classification');
  checkKindRules(input.kind, input);
  if (input.parentId) await checkParent(ctx.db, input.kind, input.parentId);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(ticketCategories).values({ ...input, parentId: input.parentId ?? null, classification: input.classification ?? null }).returning();
    await recordEvent(tx, ctx, { recordType: 'ticket_category', recordId: row!.id, action: 'ticket_category.created', changes: { ...input } });
    return row!.id;
  });
  forgetTicketTypeRules();
  return describeCategory(ctx.db, id);
}

/** Renames, moves (within its kind's tree), reclassifies or reorders a category. Its kind never changes. */
export async function updateTicketCategory(ctx: ServiceContext, id: string, expectedVersion: number, input: UpdateTicketCategoryInput) {
  assertCanCare(ctx.actor, 'config.manage');
  const before = await describeCategory(ctx.db, id);
  checkKindRules(before.kind, input);
  await ctx.db.transaction(async (tx) => {
    if (input.parentId) await checkParent(tx, before.kind, input.parentId, id);
    const [row] = await tx
      .update(ticketCategories)
      .set({ ...input, updatedAt: ctx.clock.now(), version: sql`${ticketCategories.version} + 1` })
      .where(and(eq(ticketCategories.id, id), eq(ticketCategories.version, expectedVersion)))
      .returning();
    if (!row) throw staleVersionError('This category');
    const after = { ...before, ...input };
    await recordEvent(tx, ctx, { recordType: 'ticket_category', recordId: id, action: 'ticket_category.updated', changes: diffFields(before, after, ['version', 'path']) });
  });
  forgetTicketTypeRules();
  return describeCategory(ctx.db, id);
}
