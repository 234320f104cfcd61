import { count, sql } from 'drizzle-orm';
import { systemActor } from '../../platform/actor.js';
import { systemClock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/db/client.js';
import { recordEvent } from '../../platform/events/record-event.js';
import { businessUnits } from '../access/access.tables.js';
import {
  cancellationReasons,
  priorityLevels,
  ticketCategories,
  ticketStatuses,
  ticketTypeCategories,
  ticketTypes,
  ticketTypeStatuses,
} from './care-config.tables.js';
import type { TicketState } from './lifecycle.js';

const defaultStatuses: { name: string; state: TicketState; isTypeDefault: boolean }[] = [
  { name: 'New', state: 'pending', isTypeDefault: true },
  { name: 'In Process', state: 'responded', isTypeDefault: true },
  { name: 'On Hold', state: 'responded', isTypeDefault: false },
  { name: 'Resolved', state: 'final_resolved', isTypeDefault: true },
  { name: 'Completed', state: 'completed', isTypeDefault: true },
  { name: 'Cancelled', state: 'cancelled', isTypeDefault: true },
];

const levelLabels = {
  impact: ['High', 'Medium', 'Low'],
  urgency: ['High', 'Medium', 'Low'],
  priority: ['Critical', 'High', 'Medium', 'Low', 'Planning'],
} as const;

/**
 * The configuration the simple 3dCart loop runs on out of the box. Runs on every start and
 * only fills what is missing, so admins' later changes are never overwritten.
 */
export async function ensureCareDefaults(db: Queryable): Promise<void> {
  const context = { actor: systemActor('care-defaults'), clock: systemClock };
  await db.transaction(async (tx) => {
    // Nodes starting together against one PostgreSQL database take turns (a no-op on PGlite).
    await tx.execute(sql`SELECT pg_advisory_xact_lock(7243012)`);
    for (const name of ['General', 'Sales', 'Customer Support']) {
      const [unit] = await tx.insert(businessUnits).values({ name }).onConflictDoNothing().returning({ id: businessUnits.id });
      if (unit) await recordEvent(tx, context, { recordType: 'business_unit', recordId: unit.id, action: 'business_unit.created', changes: { name } });
    }
    const [existing] = await tx.select({ n: count() }).from(ticketStatuses);
    if (Number(existing?.n) > 0) return;

    const statuses = await tx
      .insert(ticketStatuses)
      .values(defaultStatuses.map((status, position) => ({ name: status.name, state: status.state, position })))
      .returning();
    for (const status of statuses) await recordEvent(tx, context, { recordType: 'ticket_status', recordId: status.id, action: 'ticket_status.created', changes: { name: status.name, state: status.state } });

    for (const kind of ['impact', 'urgency', 'priority'] as const) {
      await tx.insert(priorityLevels).values(
        levelLabels[kind].map((label, index) => ({ kind, rank: index + 1, label, isDefault: kind !== 'priority' && label === 'Medium' })),
      ).onConflictDoNothing();
    }
    await recordEvent(tx, context, { recordType: 'priority_model', recordId: 'priority_model', action: 'priority_model.updated', changes: { levels: levelLabels } });
    const reasons = await tx.insert(cancellationReasons).values(['Duplicate', 'Opened by mistake', 'Customer withdrew'].map((name) => ({ name }))).onConflictDoNothing().returning();
    for (const reason of reasons) await recordEvent(tx, context, { recordType: 'cancellation_reason', recordId: reason.id, action: 'cancellation_reason.created', changes: { name: reason.name } });

    const categories = await tx
      .insert(ticketCategories)
      .values([
        { kind: 'request' as const, name: 'General question', classification: 'information' as const },
        { kind: 'request' as const, name: 'Problem', classification: 'incident' as const },
        { kind: 'response' as const, name: 'Answer' },
        { kind: 'final_resolution' as const, name: 'Solution' },
        { kind: 'final_resolution' as const, name: 'Solution needing confirmation', requiresAcceptance: true },
      ])
      .returning();
    for (const category of categories) await recordEvent(tx, context, { recordType: 'ticket_category', recordId: category.id, action: 'ticket_category.created', changes: { kind: category.kind, name: category.name } });

    const [type] = await tx
      .insert(ticketTypes)
      .values({ name: 'General request', code: 'GENERAL', isDefault: true, description: 'Anything a customer asks', completeWithinAmount: 3, completeWithinUnit: 'days' })
      .returning();
    await tx.insert(ticketTypeStatuses).values(
      statuses.map((status) => ({ typeId: type!.id, statusId: status.id, isDefault: defaultStatuses.find((d) => d.name === status.name)!.isTypeDefault })),
    );
    const defaultCategoryNames = ['General question', 'Answer', 'Solution'];
    await tx.insert(ticketTypeCategories).values(categories.map((category) => ({ typeId: type!.id, categoryId: category.id, isDefault: defaultCategoryNames.includes(category.name) })));
    await recordEvent(tx, context, { recordType: 'ticket_type', recordId: type!.id, action: 'ticket_type.created', changes: { name: type!.name, code: type!.code } });
  });
}
