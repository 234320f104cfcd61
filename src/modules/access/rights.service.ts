import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { ServiceContext } from '../../platform/context.js';
import type { Queryable } from '../../platform/db/client.js';
import { AppError, isUniqueViolation } from '../../platform/errors.js';
import { recordEvent } from '../../platform/events/record-event.js';
import type { createRightBody } from './access.contract.js';
import { assertCan } from './access.policy.js';
import { rights } from './access.tables.js';
import { builtInRightDefinitions, customRightPrefix } from './rights.js';
import { forgetCachedActors } from './actors.service.js';

/** Writes the rights modules define in code into the `rights` table, so grants can reference them. */
export async function syncBuiltInRights(db: Queryable): Promise<void> {
  const definitions = builtInRightDefinitions();
  if (definitions.length === 0) return;
  await db
    .insert(rights)
    .values(definitions.map((d) => ({ key: d.key, module: d.module, label: d.label, description: d.description ?? '', builtIn: true })))
    .onConflictDoUpdate({
      target: rights.key,
      set: { module: sql`excluded.module`, label: sql`excluded.label`, description: sql`excluded.description`, builtIn: sql`true` },
    });
}

function toRight(row: typeof rights.$inferSelect) {
  return { key: row.key, module: row.module, label: row.label, description: row.description, builtIn: row.builtIn };
}

/** Every signed-in staff member may list rights: the UI needs their labels. */
export async function listRights(ctx: ServiceContext) {
  if (ctx.actor.kind !== 'user' && ctx.actor.kind !== 'system') throw new AppError('unauthenticated', 'Sign in first');
  const rows = await ctx.db.select().from(rights).orderBy(asc(rights.module), asc(rights.key));
  return rows.map(toRight);
}

export async function createRight(ctx: ServiceContext, input: z.infer<typeof createRightBody>) {
  assertCan(ctx.actor, 'group.manage');
  const key = input.key.startsWith(customRightPrefix) ? input.key : `${customRightPrefix}${input.key}`;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx.insert(rights).values({ key, module: 'custom', label: input.label, description: input.description, builtIn: false }).returning();
      await recordEvent(tx, ctx, { recordType: 'right', recordId: key, action: 'right.created', changes: { label: input.label, description: input.description } });
      return toRight(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict(`The right ${key} already exists`, 'key');
    throw error;
  }
}

export async function deleteRight(ctx: ServiceContext, key: string): Promise<void> {
  assertCan(ctx.actor, 'group.manage');
  const [row] = await ctx.db.select().from(rights).where(eq(rights.key, key));
  if (!row) throw AppError.notFound('Right');
  if (row.builtIn) throw new AppError('unprocessable', 'Built-in rights come with the code and cannot be deleted');
  await ctx.db.transaction(async (tx) => {
    // Grants go with the right (ON DELETE CASCADE), which the event records.
    await tx.delete(rights).where(eq(rights.key, key));
    await recordEvent(tx, ctx, { recordType: 'right', recordId: key, action: 'right.deleted', changes: { label: row.label } });
  });
  forgetCachedActors();
}
