import { bigint, boolean, customType, index, integer, jsonb, pgSequence, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { getTableColumns, sql } from 'drizzle-orm';
import { attachments } from '../../platform/attachments/attachments.tables.js';
import { businessUnits, users } from '../access/access.tables.js';
import { contacts } from '../customers/customers.tables.js';
import { cancellationReasons, priorityLevels, ticketCategories, ticketStatuses, ticketTypes } from './care-config.tables.js';
import type { Acceptance, TicketState } from './lifecycle.js';

/** PostgreSQL full-text document; written with to_tsvector in SQL, never read by the app. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const ticketNumberSequence = pgSequence('ticket_number_seq', { startWith: 1 });

export const ticketChannels = ['portal', 'email', 'web_form', 'phone', 'staff', 'api'] as const;
export type TicketChannel = (typeof ticketChannels)[number];

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The human number (#136) tickets are addressed by. */
    number: bigint('number', { mode: 'number' }).notNull().default(sql`nextval('ticket_number_seq')`),
    typeId: uuid('type_id').notNull().references(() => ticketTypes.id, { onDelete: 'restrict' }),
    statusId: uuid('status_id').notNull().references(() => ticketStatuses.id, { onDelete: 'restrict' }),
    state: text('state').$type<TicketState>().notNull(),
    categoryId: uuid('category_id').references(() => ticketCategories.id, { onDelete: 'restrict' }),
    impactId: uuid('impact_id').references(() => priorityLevels.id, { onDelete: 'restrict' }),
    urgencyId: uuid('urgency_id').references(() => priorityLevels.id, { onDelete: 'restrict' }),
    priorityId: uuid('priority_id').references(() => priorityLevels.id, { onDelete: 'restrict' }),
    departmentId: uuid('department_id').references(() => businessUnits.id, { onDelete: 'restrict' }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    contactName: text('contact_name').notNull().default(''),
    contactEmail: text('contact_email'),
    contactPhone: text('contact_phone'),
    subject: text('subject').notNull(),
    channel: text('channel').$type<TicketChannel>().notNull(),
    openedBy: text('opened_by').$type<'customer' | 'staff'>().notNull(),
    openedByUserId: uuid('opened_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdFromType: text('created_from_type'),
    createdFromId: text('created_from_id'),
    /** Category of the latest response or resolution, and whether the customer must accept it. */
    solutionCategoryId: uuid('solution_category_id').references(() => ticketCategories.id, { onDelete: 'restrict' }),
    acceptance: text('acceptance').$type<Acceptance>().notNull().default('not_required'),
    cancellationReasonId: uuid('cancellation_reason_id').references(() => cancellationReasons.id, { onDelete: 'restrict' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
    expectedCompletionAt: timestamp('expected_completion_at', { withTimezone: true, mode: 'date' }),
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    /** Set by the SLA job when the ticket first went past its expected completion. */
    overdueFlaggedAt: timestamp('overdue_flagged_at', { withTimezone: true, mode: 'date' }),
    lastActionBy: text('last_action_by').$type<'customer' | 'staff'>().notNull(),
    lastActionAt: timestamp('last_action_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Subject and every message, for the queue's text search (GIN-indexed). */
    searchVector: tsvector('search_vector').notNull().default(sql`''::tsvector`),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('tickets_number_idx').on(table.number),
    index('tickets_search_idx').using('gin', table.searchVector),
    // Lets a search for a common word walk tickets newest-first and stop at one page.
    index('tickets_last_action_idx').on(table.lastActionAt, table.id),
    index('tickets_queue_idx').on(table.statusId, table.lastActionAt, table.id),
    index('tickets_department_queue_idx').on(table.departmentId, table.statusId, table.lastActionAt, table.id),
    index('tickets_assignee_idx').on(table.assigneeId, table.state),
    index('tickets_contact_idx').on(table.contactId),
    index('tickets_due_idx').on(table.expectedCompletionAt).where(sql`${table.state} NOT IN ('completed', 'cancelled') AND ${table.overdueFlaggedAt} IS NULL`),
  ],
);

export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Orders messages written in the same millisecond, in the order they were written. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    /** Public messages reach the customer; internal notes are for staff only. */
    visibility: text('visibility').$type<'public' | 'internal'>().notNull(),
    authorType: text('author_type').$type<'customer' | 'staff' | 'system'>().notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('ticket_messages_ticket_idx').on(table.ticketId, table.seq)],
);

/** Files carried by a message, in the order they were given. An attachment belongs to one message. */
export const ticketMessageAttachments = pgTable(
  'ticket_message_attachments',
  {
    messageId: uuid('message_id').notNull().references(() => ticketMessages.id, { onDelete: 'cascade' }),
    // Restrict: the cleanup job can never delete an attachment a message still carries.
    attachmentId: uuid('attachment_id').notNull().references(() => attachments.id, { onDelete: 'restrict' }),
    position: integer('position').notNull(),
  },
  (table) => [primaryKey({ columns: [table.messageId, table.attachmentId] }), uniqueIndex('ticket_message_attachments_attachment_idx').on(table.attachmentId)],
);

export const ticketLinks = pgTable(
  'ticket_links',
  {
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    relatedTicketId: uuid('related_ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.relatedTicketId] })],
);

/**
 * Tickets per status and department, kept in the same transaction as every ticket write, so the
 * queue's counts never need a COUNT over the tickets table.
 */
export const ticketCounters = pgTable(
  'ticket_counters',
  {
    statusId: uuid('status_id').notNull().references(() => ticketStatuses.id, { onDelete: 'cascade' }),
    /** The nil UUID stands for "no department", so the primary key can cover it. */
    departmentKey: uuid('department_key').notNull(),
    /**
     * Each count is spread over a few rows that readers add up: a write locks one row until it
     * commits, and with one row per status every new ticket (a burst of email) would queue behind it.
     */
    stripe: smallint('stripe').notNull().default(0),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
    waitingOnStaff: bigint('waiting_on_staff', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.statusId, table.departmentKey, table.stripe] })],
);

/** Activities and other records that must be closed before a ticket completes (the guard's input). */
export const ticketLinkedRecords = pgTable(
  'ticket_linked_records',
  {
    ticketId: uuid('ticket_id').notNull().references(() => tickets.id, { onDelete: 'cascade' }),
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    open: boolean('open').notNull().default(true),
  },
  (table) => [primaryKey({ columns: [table.ticketId, table.recordType, table.recordId] })],
);

const { searchVector: _searchVector, ...ticketColumnsWithoutSearch } = getTableColumns(tickets);
/** Every ticket column but the search document, which can be large and is only queried in SQL. */
export const ticketColumns = ticketColumnsWithoutSearch;
export type TicketRow = Omit<typeof tickets.$inferSelect, 'searchVector'>;
export type TicketMessageRow = typeof ticketMessages.$inferSelect;

/** A user's saved queue filters ("My overdue", "Sales, waiting on us"). */
export const ticketSavedViews = pgTable(
  'ticket_saved_views',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('ticket_saved_views_user_name_idx').on(table.userId, sql`lower(${table.name})`)],
);

/**
 * The customer's rating of a completed ticket (1-5 and a comment), given once from the portal.
 * Staff see it on the ticket and in the feedback list.
 */
export const ticketFeedback = pgTable(
  'ticket_feedback',
  {
    ticketId: uuid('ticket_id').primaryKey().references(() => tickets.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    rating: integer('rating').notNull(),
    comment: text('comment').notNull().default(''),
    ratedBy: text('rated_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('ticket_feedback_created_idx').on(table.createdAt, table.ticketId)],
);
