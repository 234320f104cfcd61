import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessUnits, users } from '../access/access.tables.js';
import { ticketCategories, ticketTypes } from '../care/care-config.tables.js';
import { tickets } from '../care/tickets.tables.js';
import { contacts } from '../customers/customers.tables.js';
import type { WebFormField } from './web-form-fields.js';

/**
 * Public forms admins build. The fields live with the form (a form is read and saved whole);
 * a target that is deleted later falls back to the default (type, no department, no category).
 */
export const webForms = pgTable(
  'web_forms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The form's public address: /forms/<slug>. */
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** Shown above the fields. */
    description: text('description').notNull().default(''),
    fields: jsonb('fields').$type<WebFormField[]>().notNull(),
    typeId: uuid('type_id').references(() => ticketTypes.id, { onDelete: 'set null' }),
    departmentId: uuid('department_id').references(() => businessUnits.id, { onDelete: 'set null' }),
    categoryId: uuid('category_id').references(() => ticketCategories.id, { onDelete: 'set null' }),
    /** The field whose answer becomes the case's subject; else the form's name. */
    subjectFieldKey: text('subject_field_key'),
    thankYouMessage: text('thank_you_message').notNull().default(''),
    /** Where a sender goes after a submission, instead of the thank-you message. */
    redirectUrl: text('redirect_url'),
    enabled: boolean('enabled').notNull().default(true),
    /** Kept by each submission in its own transaction, so lists never count submissions. */
    submissionCount: integer('submission_count').notNull().default(0),
    lastSubmissionAt: timestamp('last_submission_at', { withTimezone: true, mode: 'date' }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('web_forms_slug_idx').on(sql`lower(${table.slug})`)],
);
export type WebFormRow = typeof webForms.$inferSelect;

/**
 * What one submission said, as sent (after type checks), next to the case it opened. The labels
 * are kept as they were, so a later change to the form does not rewrite what was asked.
 */
export const webFormSubmissions = pgTable(
  'web_form_submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    formId: uuid('form_id')
      .notNull()
      .references(() => webForms.id, { onDelete: 'restrict' }),
    ticketId: uuid('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
    contactCreated: boolean('contact_created').notNull(),
    values: jsonb('values').$type<Record<string, string | number | boolean>>().notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('web_form_submissions_form_idx').on(table.formId, table.createdAt), index('web_form_submissions_ticket_idx').on(table.ticketId)],
);
export type WebFormSubmissionRow = typeof webFormSubmissions.$inferSelect;
