import { and, asc, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import {
  priorityLevels,
  priorityMatrix,
  ticketCategories,
  ticketStatuses,
  ticketTypeCancellationReasons,
  ticketTypeCategories,
  ticketTypeCreatorUnits,
  ticketTypes,
  ticketTypeStatuses,
  ticketTypeTransitions,
  type CategoryKind,
  type TicketTypeRow,
} from './care-config.tables.js';
import type { TicketState, TransitionRule } from './lifecycle.js';
import { completePriorityMatrix, lookupPriority } from './priority.js';

/** Everything the engine needs to know about a ticket type, read in one place. */
export interface TicketTypeRules {
  type: TicketTypeRow;
  statuses: { id: string; name: string; state: TicketState; isDefault: boolean }[];
  transitions: TransitionRule[];
  categories: { id: string; kind: CategoryKind; requiresAcceptance: boolean; isDefault: boolean }[];
  /** Null means every reason is allowed. */
  cancellationReasonIds: string[] | null;
  /** Empty means everyone may create tickets of this type. */
  creatorUnitIds: string[];
}

/**
 * Type rules, the default type and the priority model are read by every ticket write but change
 * rarely, so they are cached for a few seconds. Configuration changes on this node clear the
 * caches at once; other nodes see them within the TTL.
 */
const rulesCache = new Map<string, { rules: TicketTypeRules; until: number }>();
const rulesCacheTtlMs = 5_000;
// Keyed by database, so two databases in one process (tests, benchmarks) never share an answer.
let configCache = new WeakMap<object, Map<string, { value: Promise<unknown>; until: number }>>();

/**
 * What identifies a database for the cache: drizzle's dialect object, which a database handle
 * shares with every transaction opened on it, so a ticket written inside another module's
 * transaction (mail, web forms) is served from the cache too. Configuration is written by the
 * config services, which clear the cache after they commit, never while a cached read runs.
 */
function databaseOf(db: Queryable): object {
  return (db._.session as unknown as { dialect?: object }).dialect ?? db;
}

export function forgetTicketTypeRules(): void {
  rulesCache.clear();
  configCache = new WeakMap();
}

function cachedConfig<T>(db: Queryable, key: string, read: () => Promise<T>): Promise<T> {
  const database = databaseOf(db);
  const entries = configCache.get(database) ?? new Map<string, { value: Promise<unknown>; until: number }>();
  configCache.set(database, entries);
  const cached = entries.get(key);
  if (cached && Date.now() < cached.until) return cached.value as Promise<T>;
  const value = read();
  entries.set(key, { value, until: Date.now() + rulesCacheTtlMs });
  // A failed read is not remembered: the next caller asks the database again.
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key);
  });
  return value;
}

export async function loadTicketTypeRules(db: Queryable, typeId: string, options: { fresh?: boolean } = {}): Promise<TicketTypeRules> {
  const cached = rulesCache.get(typeId);
  if (!options.fresh && cached && Date.now() < cached.until) return cached.rules;
  const rules = await readTicketTypeRules(db, typeId);
  rulesCache.set(typeId, { rules, until: Date.now() + rulesCacheTtlMs });
  return rules;
}

async function readTicketTypeRules(db: Queryable, typeId: string): Promise<TicketTypeRules> {
  const [type] = await db.select().from(ticketTypes).where(eq(ticketTypes.id, typeId));
  if (!type) throw AppError.invalid('typeId', 'unknown ticket type');
  const [statuses, transitions, categories, reasons, units] = await Promise.all([
    db
      .select({ id: ticketStatuses.id, name: ticketStatuses.name, state: ticketStatuses.state, isDefault: ticketTypeStatuses.isDefault })
      .from(ticketTypeStatuses)
      .innerJoin(ticketStatuses, eq(ticketStatuses.id, ticketTypeStatuses.statusId))
      .where(eq(ticketTypeStatuses.typeId, typeId))
      .orderBy(asc(ticketStatuses.position)),
    db.select().from(ticketTypeTransitions).where(eq(ticketTypeTransitions.typeId, typeId)),
    db
      .select({ id: ticketCategories.id, kind: ticketCategories.kind, requiresAcceptance: ticketCategories.requiresAcceptance, isDefault: ticketTypeCategories.isDefault })
      .from(ticketTypeCategories)
      .innerJoin(ticketCategories, eq(ticketCategories.id, ticketTypeCategories.categoryId))
      .where(eq(ticketTypeCategories.typeId, typeId)),
    db.select().from(ticketTypeCancellationReasons).where(eq(ticketTypeCancellationReasons.typeId, typeId)),
    db.select().from(ticketTypeCreatorUnits).where(eq(ticketTypeCreatorUnits.typeId, typeId)),
  ]);
  return {
    type,
    statuses,
    transitions: transitions.map((t) => ({ fromStatusId: t.fromStatusId, toStatusId: t.toStatusId, userIds: t.userIds, unitIds: t.unitIds })),
    categories,
    cancellationReasonIds: reasons.length ? reasons.map((r) => r.reasonId) : null,
    creatorUnitIds: units.map((u) => u.unitId),
  };
}

export function defaultTicketTypeId(db: Queryable): Promise<string> {
  return cachedConfig(db, 'defaultTicketType', async () => {
    const [chosen] = await db.select({ id: ticketTypes.id }).from(ticketTypes).orderBy(desc(ticketTypes.isDefault), asc(ticketTypes.createdAt)).limit(1);
    if (!chosen) throw AppError.invalid('typeId', 'no ticket type is configured yet; create one first');
    return chosen.id;
  });
}

/** The type's default status for a state: the marked default, else the only one, else the first. */
export function defaultStatusFor(rules: TicketTypeRules, state: TicketState) {
  const inState = rules.statuses.filter((status) => status.state === state);
  return inState.find((status) => status.isDefault) ?? inState[0];
}

/** The type's default category of a kind, or undefined when it has none. */
export function defaultCategoryFor(rules: TicketTypeRules, kind: CategoryKind) {
  const ofKind = rules.categories.filter((category) => category.kind === kind);
  return ofKind.find((category) => category.isDefault) ?? (ofKind.length === 1 ? ofKind[0] : undefined);
}

/** Impact/urgency defaults and the priority their pair maps to in the (completed) matrix. */
export async function resolvePriority(db: Queryable, impactId: string | undefined, urgencyId: string | undefined) {
  const { levels, cells } = await cachedConfig(db, 'priorityModel', async () => {
    const [levels, cells] = await Promise.all([db.select().from(priorityLevels), db.select().from(priorityMatrix)]);
    return { levels, cells };
  });
  const ofKind = (kind: 'impact' | 'urgency' | 'priority') => levels.filter((level) => level.kind === kind);
  const pick = (kind: 'impact' | 'urgency', given: string | undefined, field: string) => {
    if (given) {
      const level = ofKind(kind).find((l) => l.id === given && l.enabled);
      if (!level) throw AppError.invalid(field, `unknown or disabled ${kind} level`);
      return level.id;
    }
    return ofKind(kind).find((l) => l.isDefault && l.enabled)?.id ?? null;
  };
  const impact = pick('impact', impactId, 'impactId');
  const urgency = pick('urgency', urgencyId, 'urgencyId');
  if (!impact || !urgency) return { impactId: impact, urgencyId: urgency, priorityId: null };
  const matrix = completePriorityMatrix(ofKind('impact'), ofKind('urgency'), ofKind('priority'), cells);
  return { impactId: impact, urgencyId: urgency, priorityId: lookupPriority(matrix, impact, urgency) ?? null };
}

/** Checks a category id against the type's allowed categories of a kind (any of that kind if the type lists none). */
export async function assertCategoryAllowed(db: Queryable, rules: TicketTypeRules, categoryId: string, kind: CategoryKind, field: string) {
  const allowed = rules.categories.filter((category) => category.kind === kind);
  if (allowed.length > 0) {
    const found = allowed.find((category) => category.id === categoryId);
    if (!found) throw AppError.invalid(field, `this category is not allowed for tickets of type ${rules.type.name}`);
    return found;
  }
  const [row] = await db.select().from(ticketCategories).where(and(eq(ticketCategories.id, categoryId), eq(ticketCategories.kind, kind)));
  if (!row) throw AppError.invalid(field, `unknown ${kind.replace(/_/g, ' ')} category`);
  return { id: row.id, kind: row.kind, requiresAcceptance: row.requiresAcceptance, isDefault: false };
}
