import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { businessUnits } from '../access/access.tables.js';
import type { TicketState } from './lifecycle.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/** Admin-defined status labels, each mapped to a fixed life-cycle state. */
export const ticketStatuses = pgTable(
  'ticket_statuses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    state: text('state').$type<TicketState>().notNull(),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('ticket_statuses_name_idx').on(sql`lower(${table.name})`)],
);

export const categoryKinds = ['request', 'response', 'temporary_resolution', 'final_resolution'] as const;
export type CategoryKind = (typeof categoryKinds)[number];
export const requestClassifications = ['information', 'advice', 'standard_change', 'service_access', 'request_for_change', 'incident'] as const;

/**
 * Hierarchical categories. `request` categories classify what the customer asked; the solution
 * kinds classify a response or resolution and may require the customer's acceptance.
 */
export const ticketCategories = pgTable(
  'ticket_categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<CategoryKind>().notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => ticketCategories.id, { onDelete: 'restrict' }),
    name: text('name').notNull(),
    classification: text('classification').$type<(typeof requestClassifications)[number]>(),
    requiresAcceptance: boolean('requires_acceptance').notNull().default(false),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index('ticket_categories_kind_idx').on(table.kind, table.parentId)],
);

export const priorityLevelKinds = ['impact', 'urgency', 'priority'] as const;

/** Impact levels, urgency levels and priorities; rank 1 is the highest. */
export const priorityLevels = pgTable(
  'priority_levels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<(typeof priorityLevelKinds)[number]>().notNull(),
    rank: integer('rank').notNull(),
    label: text('label').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (table) => [uniqueIndex('priority_levels_kind_rank_idx').on(table.kind, table.rank)],
);

/** Explicit impact x urgency cells; empty pairs are filled by the pure rule in priority.ts. */
export const priorityMatrix = pgTable(
  'priority_matrix',
  {
    impactId: uuid('impact_id').notNull().references(() => priorityLevels.id, { onDelete: 'cascade' }),
    urgencyId: uuid('urgency_id').notNull().references(() => priorityLevels.id, { onDelete: 'cascade' }),
    priorityId: uuid('priority_id').notNull().references(() => priorityLevels.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.impactId, table.urgencyId] })],
);

export const cancellationReasons = pgTable(
  'cancellation_reasons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('cancellation_reasons_name_idx').on(sql`lower(${table.name})`)],
);

/** Ticket types carry the operating rules: SLA, statuses, transitions, categories, who may create. */
export const ticketTypes = pgTable(
  'ticket_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    code: text('code').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    description: text('description').notNull().default(''),
    completeWithinAmount: integer('complete_within_amount'),
    completeWithinUnit: text('complete_within_unit').$type<'minutes' | 'hours' | 'days' | 'weeks'>(),
    recalculateOnRespond: boolean('recalculate_on_respond').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('ticket_types_name_idx').on(sql`lower(${table.name})`), uniqueIndex('ticket_types_code_idx').on(sql`lower(${table.code})`)],
);

export const ticketTypeStatuses = pgTable(
  'ticket_type_statuses',
  {
    typeId: uuid('type_id').notNull().references(() => ticketTypes.id, { onDelete: 'cascade' }),
    statusId: uuid('status_id').notNull().references(() => ticketStatuses.id, { onDelete: 'restrict' }),
    /** The status a ticket of this type gets when it enters this status's state. */
    isDefault: boolean('is_default').notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.typeId, table.statusId] })],
);

export const ticketTypeTransitions = pgTable(
  'ticket_type_transitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    typeId: uuid('type_id').notNull().references(() => ticketTypes.id, { onDelete: 'cascade' }),
    fromStatusId: uuid('from_status_id').notNull().references(() => ticketStatuses.id, { onDelete: 'cascade' }),
    toStatusId: uuid('to_status_id').notNull().references(() => ticketStatuses.id, { onDelete: 'cascade' }),
    userIds: uuid('user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    unitIds: uuid('unit_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (table) => [index('ticket_type_transitions_type_idx').on(table.typeId, table.fromStatusId)],
);

export const ticketTypeCategories = pgTable(
  'ticket_type_categories',
  {
    typeId: uuid('type_id').notNull().references(() => ticketTypes.id, { onDelete: 'cascade' }),
    categoryId: uuid('category_id').notNull().references(() => ticketCategories.id, { onDelete: 'cascade' }),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.typeId, table.categoryId] })],
);

export const ticketTypeCancellationReasons = pgTable(
  'ticket_type_cancellation_reasons',
  {
    typeId: uuid('type_id').notNull().references(() => ticketTypes.id, { onDelete: 'cascade' }),
    reasonId: uuid('reason_id').notNull().references(() => cancellationReasons.id, { onDelete: 'cascade' }),
    isDefault: boolean('is_default').notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.typeId, table.reasonId] })],
);

/** Units whose members may create tickets of a type; none listed means everyone may. */
export const ticketTypeCreatorUnits = pgTable(
  'ticket_type_creator_units',
  {
    typeId: uuid('type_id').notNull().references(() => ticketTypes.id, { onDelete: 'cascade' }),
    unitId: uuid('unit_id').notNull().references(() => businessUnits.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.typeId, table.unitId] })],
);

export type TicketStatusRow = typeof ticketStatuses.$inferSelect;
export type TicketTypeRow = typeof ticketTypes.$inferSelect;
export type TicketCategoryRow = typeof ticketCategories.$inferSelect;
