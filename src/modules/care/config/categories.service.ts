import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/record-event.js';
import type { createTicketCategoryBody } from '../care-config.contract.js';
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

export async function listTicketCategories(ctx: ServiceContext, query: { kind?: CategoryKind }) {
  assertCanCare(ctx.actor, 'config.read');
  const rows = await ctx.db.select().from(ticketCategories).where(query.kind ? eq(ticketCategories.kind, query.kind) : undefined).orderBy(asc(ticketCategories.position), asc(ticketCategories.name));
  // Parents are always of the same kind, so one kind's rows are enough to build its paths.
  const byId = new Map(rows.map((row) => [row.id, row]));
  const items = rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    parentId: row.parentId,
    name: row.name,
    path: categoryPath(row, byId),
    classification: row.classification ?? null,
    requiresAcceptance: row.requiresAcceptance,
    position: row.position,
    version: row.version,
  }));
  return { items: items.sort((a, b) => a.path.localeCompare(b.path)) };
}

export async function createTicketCategory(ctx: ServiceContext, input: z.infer<typeof createTicketCategoryBody>) {
  assertCanCare(ctx.actor, 'config.manage');
  if (input.kind === 'request' && !input.classification) throw AppError.invalid('classification', 'request categories need a classification');
  if (input.kind !== 'request' && input.classification) throw AppError.invalid('classification', 'only request categories have a classification');
  if (input.kind === 'request' && input.requiresAcceptance) throw AppError.invalid('requiresAcceptance', 'only response and resolution categories can require acceptance');
  if (input.parentId) {
    const [parent] = await ctx.db.select().from(ticketCategories).where(eq(ticketCategories.id, input.parentId));
    if (!parent) throw AppError.invalid('parentId', 'unknown category');
    if (parent.kind !== input.kind) throw AppError.invalid('parentId', `the parent is a ${parent.kind} category, not ${input.kind}`);
  }
  const created = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.insert(ticketCategories).values({ ...input, parentId: input.parentId ?? null, classification: input.classification ?? null }).returning();
    await recordEvent(tx, ctx, { recordType: 'ticket_category', recordId: row!.id, action: 'ticket_category.created', changes: { ...input } });
    return row!;
  });
  forgetTicketTypeRules();
  const listed = await listTicketCategories(ctx, { kind: input.kind });
  return listed.items.find((item) => item.id === created.id)!;
}
