import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../access/access.tables.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
/** Values of the admin-defined custom fields, keyed by field key (see docs/adr/0003-customer-records.md). */
const customFields = () => jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({});
const tags = () => text('tags').array().notNull().default(sql`'{}'::text[]`);

export const lifecycleStates = ['prospect', 'financial'] as const;
export type LifecycleState = (typeof lifecycleStates)[number];

/** Organisations. A company may belong to a parent company (never to itself, directly or not). */
export const companies = pgTable(
  'companies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    vatNumber: text('vat_number'),
    /** vat_number upper-cased without spaces, dots or dashes: the natural key ERP sync matches on. */
    vatNumberKey: text('vat_number_key'),
    website: text('website'),
    parentId: uuid('parent_id').references((): AnyPgColumn => companies.id, { onDelete: 'set null' }),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    salesRepCode: text('sales_rep_code'),
    tags: tags(),
    disabled: boolean('disabled').notNull().default(false),
    customFields: customFields(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('companies_vat_number_key_idx').on(table.vatNumberKey),
    index('companies_name_idx').on(sql`lower(${table.name})`, table.id),
    index('companies_parent_idx').on(table.parentId),
    index('companies_tags_idx').using('gin', table.tags),
    index('companies_custom_fields_idx').using('gin', table.customFields),
  ],
);

/**
 * People Patron serves. `email` and `phone` repeat the default entry of contact_emails and
 * phones, so tickets, search and older callers read one column.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    firstName: text('first_name').notNull().default(''),
    lastName: text('last_name').notNull().default(''),
    email: text('email'),
    phone: text('phone'),
    /** Free-text organisation for a contact with no company record (or as typed on a form). */
    companyName: text('company_name'),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'set null' }),
    jobTitle: text('job_title'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    /** The sales rep's code in the ERP, which an import or sync sends instead of a user. */
    salesRepCode: text('sales_rep_code'),
    tags: tags(),
    lifecycleState: text('lifecycle_state').$type<LifecycleState>().notNull().default('prospect'),
    disabled: boolean('disabled').notNull().default(false),
    customFields: customFields(),
    /** How the contact first reached us: staff, portal, email, web_form, api, import. */
    source: text('source').notNull().default('staff'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('contacts_email_idx').on(sql`lower(${table.email})`),
    index('contacts_company_idx').on(table.companyId),
    index('contacts_owner_idx').on(table.ownerId),
    index('contacts_tags_idx').using('gin', table.tags),
    index('contacts_custom_fields_idx').using('gin', table.customFields),
    // Keyset pages of the unfiltered list, in each sort order the list offers.
    index('contacts_name_sort_idx').on(sql`lower(${table.lastName} || ' ' || ${table.firstName} || ' ' || coalesce(${table.email}, ''))`, table.id),
    index('contacts_created_idx').on(table.createdAt, table.id),
    index('contacts_updated_idx').on(table.updatedAt, table.id),
  ],
);

export type ContactRow = typeof contacts.$inferSelect;
export type CompanyRow = typeof companies.$inferSelect;

/** Every email of a contact; an address belongs to one contact only (the natural key for upserts). */
export const contactEmails = pgTable(
  'contact_emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    label: text('label').notNull().default('other'),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (table) => [uniqueIndex('contact_emails_email_idx').on(sql`lower(${table.email})`), index('contact_emails_contact_idx').on(table.contactId)],
);

export const identifierKinds = ['id_number', 'passport', 'social_security', 'vat_number'] as const;
export type IdentifierKind = (typeof identifierKinds)[number];

/** Official identifiers; the CRM.COM import finds existing contacts by them, so each is unique per kind. */
export const contactIdentifiers = pgTable(
  'contact_identifiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<IdentifierKind>().notNull(),
    value: text('value').notNull(),
    /** Upper case without spaces, dots or dashes. */
    valueKey: text('value_key').notNull(),
  },
  (table) => [uniqueIndex('contact_identifiers_key_idx').on(table.kind, table.valueKey), index('contact_identifiers_contact_idx').on(table.contactId)],
);

/** Phones of a contact or a company (exactly one of the two). */
export const customerPhones = pgTable(
  'customer_phones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    /** The number's digits alone, for matching however it was typed. */
    digits: text('digits').notNull(),
    label: text('label').notNull().default('other'),
    isDefault: boolean('is_default').notNull().default(false),
    position: integer('position').notNull().default(0),
  },
  (table) => [
    check('customer_phones_one_owner', sql`num_nonnulls(${table.contactId}, ${table.companyId}) = 1`),
    index('customer_phones_contact_idx').on(table.contactId),
    index('customer_phones_company_idx').on(table.companyId),
    index('customer_phones_digits_idx').on(table.digits),
  ],
);

export const addressKinds = ['billing', 'shipping', 'other'] as const;
export type AddressKind = (typeof addressKinds)[number];

/** Postal addresses of a contact or a company; at most one default per kind. */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<AddressKind>().notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    line1: text('line1').notNull().default(''),
    line2: text('line2').notNull().default(''),
    city: text('city').notNull().default(''),
    region: text('region').notNull().default(''),
    postalCode: text('postal_code').notNull().default(''),
    /** ISO 3166-1 alpha-2. */
    country: text('country').notNull().default(''),
    position: integer('position').notNull().default(0),
  },
  (table) => [
    check('customer_addresses_one_owner', sql`num_nonnulls(${table.contactId}, ${table.companyId}) = 1`),
    index('customer_addresses_contact_idx').on(table.contactId),
    index('customer_addresses_company_idx').on(table.companyId),
    index('customer_addresses_postal_code_idx').on(table.postalCode),
  ],
);

/** The trading relationship (possibly an ERP customer) of one contact or one company. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    name: text('name').notNull().default(''),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'restrict' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'restrict' }),
    classification: text('classification'),
    creditRating: text('credit_rating'),
    salesRepCode: text('sales_rep_code'),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    tags: tags(),
    disabled: boolean('disabled').notNull().default(false),
    customFields: customFields(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    check('accounts_one_holder', sql`num_nonnulls(${table.contactId}, ${table.companyId}) = 1`),
    uniqueIndex('accounts_number_idx').on(sql`lower(${table.number})`),
    index('accounts_contact_idx').on(table.contactId),
    index('accounts_company_idx').on(table.companyId),
    index('accounts_tags_idx').using('gin', table.tags),
    index('accounts_custom_fields_idx').using('gin', table.customFields),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;

export const accountRoles = ['admin', 'buyer', 'approver', 'viewer'] as const;
export type AccountRole = (typeof accountRoles)[number];

/** Contacts who act on an account (CIMCloud's many logins on one ERP account), with their role. */
export const accountContacts = pgTable(
  'account_contacts',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    contactId: uuid('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade' }),
    role: text('role').$type<AccountRole>().notNull().default('buyer'),
    createdAt: createdAt(),
  },
  (table) => [primaryKey({ columns: [table.accountId, table.contactId] }), index('account_contacts_contact_idx').on(table.contactId)],
);

export const customerRecordKinds = ['contact', 'company', 'account'] as const;
export type CustomerRecordKind = (typeof customerRecordKinds)[number];
export const customFieldTypes = ['text', 'number', 'date', 'choice', 'boolean', 'email', 'url'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

/** Admin-defined fields per record kind; their values live in each record's custom_fields. */
export const customFieldDefinitions = pgTable(
  'custom_field_definitions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recordKind: text('record_kind').$type<CustomerRecordKind>().notNull(),
    /** Stable machine name used in the API, filters and import mapping. */
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').$type<CustomFieldType>().notNull(),
    /** The allowed values of a choice field. */
    options: jsonb('options').$type<string[]>().notNull().default([]),
    required: boolean('required').notNull().default(false),
    position: integer('position').notNull().default(0),
    /** Archived fields keep their stored values but are no longer shown or accepted. */
    archived: boolean('archived').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('custom_field_definitions_key_idx').on(table.recordKind, table.key)],
);

export type CustomFieldDefinitionRow = typeof customFieldDefinitions.$inferSelect;

/**
 * Notes on a contact, company or account (exactly one). Internal notes are for staff; external
 * ones may be shown to the customer (portal, later).
 *
 * Attachments (when the attachments platform lands): a `customer_note_attachments(note_id,
 * attachment_id)` table here, `attachmentIds` on createNoteBody, and createNote calling the
 * platform's claimAttachments(tx, ctx, ids, 'attachmentIds', { recordType: 'customer_note',
 * recordId: note.id }) in its transaction, as ticket messages do.
 */
export const customerNotes = pgTable(
  'customer_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contactId: uuid('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
    companyId: uuid('company_id').references(() => companies.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    visibility: text('visibility').$type<'internal' | 'external'>().notNull().default('internal'),
    body: text('body').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    check('customer_notes_one_record', sql`num_nonnulls(${table.contactId}, ${table.companyId}, ${table.accountId}) = 1`),
    index('customer_notes_contact_idx').on(table.contactId, table.createdAt),
    index('customer_notes_company_idx').on(table.companyId, table.createdAt),
    index('customer_notes_account_idx').on(table.accountId, table.createdAt),
  ],
);

export type CustomerNoteRow = typeof customerNotes.$inferSelect;
