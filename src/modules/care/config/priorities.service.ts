import { asc, eq } from 'drizzle-orm';
import type { ServiceContext } from '../../../platform/context.js';
import type { Queryable } from '../../../platform/db/client.js';
import { AppError } from '../../../platform/errors.js';
import { recordEvent } from '../../../platform/events/record-event.js';
import type { UpdatePriorityModelInput } from '../care-config.contract.js';
import { priorityLevels, priorityMatrix } from '../care-config.tables.js';
import { assertCanCare } from '../care.policy.js';
import { completePriorityMatrix, type MatrixCell } from '../priority.js';
import { forgetTicketTypeRules } from '../ticket-type-rules.js';

type Kind = 'impact' | 'urgency' | 'priority';
type LevelRow = typeof priorityLevels.$inferSelect;
const toLevel = (row: LevelRow) => ({ id: row.id, rank: row.rank, label: row.label, enabled: row.enabled, isDefault: row.isDefault });

async function readModel(db: Queryable) {
  const levels = await db.select().from(priorityLevels).orderBy(asc(priorityLevels.rank));
  const cells = await db.select().from(priorityMatrix);
  const ofKind = (kind: Kind) => levels.filter((level) => level.kind === kind);
  return { ofKind, cells, matrix: completePriorityMatrix(ofKind('impact'), ofKind('urgency'), ofKind('priority'), cells) };
}

export async function getPriorityModel(ctx: ServiceContext) {
  assertCanCare(ctx.actor, 'config.read');
  const { ofKind, cells, matrix } = await readModel(ctx.db);
  const explicit = new Set(cells.map((cell) => `${cell.impactId}:${cell.urgencyId}:${cell.priorityId}`));
  return {
    impacts: ofKind('impact').map(toLevel),
    urgencies: ofKind('urgency').map(toLevel),
    priorities: ofKind('priority').map(toLevel),
    matrix: matrix.map((cell) => ({ ...cell, explicit: explicit.has(`${cell.impactId}:${cell.urgencyId}:${cell.priorityId}`) })),
  };
}

const plural: Record<Kind, 'impacts' | 'urgencies' | 'priorities'> = { impact: 'impacts', urgency: 'urgencies', priority: 'priorities' };

/** Applies the listed level changes to the rows of one kind, checking ids and the one-default rule. */
function applyLevelChanges(rows: LevelRow[], kind: Kind, changes: UpdatePriorityModelInput['impacts']): LevelRow[] {
  const field = plural[kind];
  const next = rows.map((row) => ({ ...row }));
  changes.forEach((change, index) => {
    const row = next.find((candidate) => candidate.id === change.id);
    if (!row) throw AppError.invalid(`${field}.${index}.id`, `is not a${kind === 'impact' ? 'n' : ''} ${kind} level`);
    if (change.label !== undefined) row.label = change.label;
    if (change.enabled !== undefined) row.enabled = change.enabled;
    if (change.isDefault !== undefined) row.isDefault = change.isDefault;
  });
  if (kind === 'priority') return next;
  // Setting a default clears the others unless the request marks several itself.
  const marked = changes.filter((change) => change.isDefault);
  if (marked.length > 1) throw AppError.invalid(field, `mark only one default ${kind} level`);
  if (marked.length === 1) for (const row of next) row.isDefault = row.id === marked[0]!.id;
  const enabled = next.filter((row) => row.enabled);
  if (next.some((row) => row.isDefault && !row.enabled)) throw AppError.invalid(field, `a disabled ${kind} level cannot be the default`);
  if (enabled.length > 0 && enabled.filter((row) => row.isDefault).length !== 1) throw AppError.invalid(field, `mark exactly one enabled ${kind} level as the default`);
  return next;
}

function checkCells(cells: MatrixCell[], byKind: (kind: Kind) => LevelRow[]) {
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    if (!byKind('impact').some((l) => l.id === cell.impactId)) throw AppError.invalid(`matrix.${index}.impactId`, 'is not an impact level');
    if (!byKind('urgency').some((l) => l.id === cell.urgencyId)) throw AppError.invalid(`matrix.${index}.urgencyId`, 'is not an urgency level');
    if (!byKind('priority').some((l) => l.id === cell.priorityId)) throw AppError.invalid(`matrix.${index}.priorityId`, 'is not a priority');
    const pair = `${cell.impactId}:${cell.urgencyId}`;
    if (seen.has(pair)) throw AppError.invalid(`matrix.${index}`, 'repeats an impact x urgency pair');
    seen.add(pair);
  });
}

/** Replaces labels, enabled flags, defaults and the explicit matrix cells; empty pairs are filled on read. */
export async function updatePriorityModel(ctx: ServiceContext, input: UpdatePriorityModelInput) {
  assertCanCare(ctx.actor, 'config.manage');
  await ctx.db.transaction(async (tx) => {
    const { ofKind, cells: before } = await readModel(tx);
    const next = {
      impact: applyLevelChanges(ofKind('impact'), 'impact', input.impacts),
      urgency: applyLevelChanges(ofKind('urgency'), 'urgency', input.urgencies),
      priority: applyLevelChanges(ofKind('priority'), 'priority', input.priorities),
    };
    checkCells(input.matrix, (kind) => next[kind]);
    const changedLevels: Record<string, unknown>[] = [];
    for (const row of [...next.impact, ...next.urgency, ...next.priority]) {
      const old = ofKind(row.kind).find((candidate) => candidate.id === row.id)!;
      if (old.label === row.label && old.enabled === row.enabled && old.isDefault === row.isDefault) continue;
      await tx.update(priorityLevels).set({ label: row.label, enabled: row.enabled, isDefault: row.isDefault }).where(eq(priorityLevels.id, row.id));
      changedLevels.push({ id: row.id, kind: row.kind, from: toLevel(old), to: toLevel(row) });
    }
    await tx.delete(priorityMatrix);
    if (input.matrix.length) await tx.insert(priorityMatrix).values(input.matrix);
    await recordEvent(tx, ctx, { recordType: 'priority_model', recordId: 'priority_model', action: 'priority_model.updated', changes: { levels: changedLevels, matrix: { from: before.map(({ impactId, urgencyId, priorityId }) => ({ impactId, urgencyId, priorityId })), to: input.matrix } } });
  });
  forgetTicketTypeRules();
  return getPriorityModel(ctx);
}
