import { z } from 'zod';
import { paginationQuery } from '../../platform/http/pagination.js';
import { addressKinds } from './customers.tables.js';

/** Pieces every customer record's contract shares: contact points, tags, custom fields, list filters. */

export const recordId = z.uuid();
export const emailLabels = ['work', 'home', 'other'] as const;
export const phoneLabels = ['mobile', 'work', 'home', 'fax', 'other'] as const;

export const emailEntry = z.strictObject({
  email: z.email().max(254),
  label: z.enum(emailLabels).default('other'),
  isDefault: z.boolean().default(false),
});
export const phoneEntry = z.strictObject({
  number: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .refine((value) => /\d/.test(value), 'must contain digits'),
  label: z.enum(phoneLabels).default('other'),
  isDefault: z.boolean().default(false),
});
export const addressEntry = z.strictObject({
  kind: z.enum(addressKinds),
  isDefault: z.boolean().default(false),
  line1: z.string().trim().max(200).default(''),
  line2: z.string().trim().max(200).default(''),
  city: z.string().trim().max(100).default(''),
  region: z.string().trim().max(100).default(''),
  postalCode: z.string().trim().max(20).default(''),
  country: z
    .string()
    .trim()
    .regex(/^([A-Za-z]{2})?$/, 'must be a two-letter country code')
    .transform((value) => value.toUpperCase())
    .default(''),
});
export type EmailEntry = z.infer<typeof emailEntry>;
export type PhoneEntry = z.infer<typeof phoneEntry>;
export type AddressEntry = z.infer<typeof addressEntry>;

/** How the entries are answered (the input schemas above carry defaults and transforms). */
export const emailOutput = z.object({ email: z.string(), label: z.enum(emailLabels), isDefault: z.boolean() });
export const phoneOutput = z.object({ number: z.string(), label: z.enum(phoneLabels), isDefault: z.boolean() });
export const addressOutput = z.object({
  kind: z.enum(addressKinds),
  isDefault: z.boolean(),
  line1: z.string(),
  line2: z.string(),
  city: z.string(),
  region: z.string(),
  postalCode: z.string(),
  country: z.string(),
});

export const emailList = z.array(emailEntry).max(20);
export const phoneList = z.array(phoneEntry).max(20);
export const addressList = z.array(addressEntry).max(20);

export const tagList = z
  .array(z.string().trim().min(1).max(50))
  .max(50)
  .transform((tags) => [...new Set(tags)]);

/**
 * Values of admin-defined fields by key. Checked against the definitions on write (errors name
 * `customFields.<key>`); null removes a value.
 */
export const customFieldValues = z.record(z.string().max(50), z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]));

export const userSummary = z.object({ id: recordId, name: z.string() });
export const recordSummary = z.object({ id: recordId, name: z.string() });

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const timestamp = z.iso.datetime({ offset: true });

/**
 * Filters every customer list understands. `cf` filters on custom fields, repeatable:
 * `cf=tier:eq:gold`, `cf=score:gte:10`, `cf=notes:contains:vip`, `cf=renewal:lte:2026-01-01`, `cf=vip:empty:`.
 */
export const commonListFilters = {
  q: z.string().trim().min(1).max(200).optional(),
  ownerId: recordId.optional(),
  tag: z.string().trim().min(1).max(50).optional(),
  disabled: booleanQuery.optional(),
  createdFrom: timestamp.optional(),
  createdTo: timestamp.optional(),
  updatedFrom: timestamp.optional(),
  updatedTo: timestamp.optional(),
  cf: z
    .union([z.string().max(300), z.array(z.string().max(300)).max(20)])
    .optional()
    .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
    .describe('Custom field filter key:op:value (op: eq, contains, gte, lte, empty), repeatable'),
  sort: z.enum(['name', 'created', 'updated']).default('name'),
  order: z.enum(['asc', 'desc']).optional().describe('Default: ascending by name, newest first by date'),
  ...paginationQuery,
};

export const idParams = z.strictObject({ id: recordId });

export const noteVisibility = z.enum(['internal', 'external']);
export const noteSchema = z.object({
  id: recordId,
  visibility: noteVisibility,
  body: z.string(),
  author: z.object({ id: recordId.nullable(), name: z.string() }),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const createNoteBody = z.strictObject({ body: z.string().trim().min(1).max(20000), visibility: noteVisibility.default('internal') });
export const updateNoteBody = z.strictObject({ version: z.number().int().positive().optional(), body: z.string().trim().min(1).max(20000).optional(), visibility: noteVisibility.optional() });
export const noteParams = z.strictObject({ id: recordId, noteId: recordId });
export type CreateNoteInput = z.infer<typeof createNoteBody>;
export type UpdateNoteInput = Omit<z.infer<typeof updateNoteBody>, 'version'>;

/** Batch changes on selected records of one kind (assign owner, tag, untag, disable or enable). */
export const batchUpdateBody = z
  .strictObject({
    ids: z.array(recordId).min(1).max(500),
    ownerId: recordId.nullable().optional(),
    addTags: tagList.optional(),
    removeTags: tagList.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((input) => input.ownerId !== undefined || input.addTags?.length || input.removeTags?.length || input.disabled !== undefined, { message: 'say what to change', path: ['ids'] });
export type BatchUpdateInput = z.infer<typeof batchUpdateBody>;
export const batchResultSchema = z.object({ updated: z.number().int() });
