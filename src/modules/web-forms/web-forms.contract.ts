import { z } from 'zod';
import { honeypotInput } from '../../platform/http/bot-guard.js';
import { contactFieldKeys, formFieldTypes } from './web-form-fields.js';

const label = z.string().trim().min(1).max(200);
const helpText = z.string().trim().max(500).default('');
const required = z.boolean().default(false);
const fieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'lower-case letters, digits and _, starting with a letter');

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** One field of a form; the order of the list is the order on the page. */
export const webFormFieldInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('contact'), key: z.enum(contactFieldKeys).describe("A field of the contact's own"), label, required, helpText }),
  z.strictObject({ kind: z.literal('custom'), key: fieldKey.describe('The key of an active contact custom field (its type and options apply)'), label, required, helpText }),
  z.strictObject({
    kind: z.literal('form'),
    key: fieldKey.describe('A name of your own; the answer is kept on the case only'),
    type: z.enum(formFieldTypes),
    options: z.array(z.string().trim().min(1).max(100)).max(100).default([]).describe('The choices of a choice field'),
    label,
    required,
    helpText,
  }),
]);
export type WebFormFieldInput = z.infer<typeof webFormFieldInput>;

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters and digits, words joined by -');
const redirectUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => value === '' || isHttpUrl(value), 'must be an http:// or https:// address')
  .describe('Send people here after they submit, instead of showing the thank-you message; empty for none');

const formFields = {
  name: z.string().trim().min(1).max(200),
  slug: slug.describe('The public address: /forms/<slug>'),
  description: z.string().trim().max(2000).describe('Shown above the fields'),
  fields: z.array(webFormFieldInput).min(1).max(60),
  typeId: z.uuid().nullable().describe('Ticket type of the cases; null for the default type'),
  departmentId: z.uuid().nullable(),
  categoryId: z.uuid().nullable().describe('A request category the type allows; null for its default'),
  subjectFieldKey: fieldKey.nullable().describe("A text field whose answer becomes the case's subject; null for the form's name"),
  thankYouMessage: z.string().trim().max(2000),
  redirectUrl: redirectUrl.nullable(),
  enabled: z.boolean(),
};

export const createWebFormBody = z.strictObject({
  ...formFields,
  description: formFields.description.default(''),
  typeId: formFields.typeId.default(null),
  departmentId: formFields.departmentId.default(null),
  categoryId: formFields.categoryId.default(null),
  subjectFieldKey: formFields.subjectFieldKey.default(null),
  thankYouMessage: formFields.thankYouMessage.default(''),
  redirectUrl: formFields.redirectUrl.default(null),
  enabled: formFields.enabled.default(true),
});
export type CreateWebFormInput = z.infer<typeof createWebFormBody>;

export const updateWebFormBody = z.strictObject({
  version: z.number().int().positive().optional(),
  name: formFields.name.optional(),
  slug: formFields.slug.optional(),
  description: formFields.description.optional(),
  fields: formFields.fields.optional(),
  typeId: formFields.typeId.optional(),
  departmentId: formFields.departmentId.optional(),
  categoryId: formFields.categoryId.optional(),
  subjectFieldKey: formFields.subjectFieldKey.optional(),
  thankYouMessage: formFields.thankYouMessage.optional(),
  redirectUrl: formFields.redirectUrl.optional(),
  enabled: formFields.enabled.optional(),
});
export type UpdateWebFormInput = Omit<z.infer<typeof updateWebFormBody>, 'version'>;

export const webFormFieldSchema = z.object({
  kind: z.enum(['contact', 'custom', 'form']),
  key: z.string(),
  label: z.string(),
  required: z.boolean(),
  helpText: z.string(),
  /** A form field's type; contact and custom fields have theirs elsewhere. */
  type: z.enum(formFieldTypes).nullable(),
  options: z.array(z.string()),
});

export const webFormSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  fields: z.array(webFormFieldSchema),
  typeId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(),
  categoryId: z.uuid().nullable(),
  subjectFieldKey: z.string().nullable(),
  thankYouMessage: z.string(),
  redirectUrl: z.string().nullable(),
  enabled: z.boolean(),
  /** The page people fill in. */
  publicUrl: z.string(),
  /** HTML to paste into another site: the form in an iframe. */
  embedCode: z.string(),
  submissionCount: z.number().int(),
  lastSubmissionAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebForm = z.infer<typeof webFormSchema>;

export const webFormListSchema = z.object({ items: z.array(webFormSchema) });
export const webFormIdParams = z.strictObject({ id: z.uuid() });

export const submissionListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      ticketNumber: z.number().int().nullable(),
      contactId: z.uuid().nullable(),
      contactCreated: z.boolean(),
      values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      labels: z.record(z.string(), z.string()),
      createdAt: z.string(),
    }),
  ),
});
export const listSubmissionsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const formSlugParams = z.strictObject({ slug: z.string().min(1).max(80) });

/** What a sender sends: the answers by field key, the honeypot, and the token the page carried. */
export const submitWebFormBody = z.strictObject({
  values: z
    .record(z.string().max(60), z.union([z.string().max(20_000), z.number(), z.boolean(), z.null()]))
    .refine((values) => Object.keys(values).length <= 100, 'has more answers than a form has fields')
    .describe('Answers by field key'),
  website: honeypotInput,
  startToken: z.string().max(200).optional().describe('The token in the form page; submissions sooner than a person could type are refused'),
});
export type SubmitWebFormInput = z.infer<typeof submitWebFormBody>;

export const submissionReceivedSchema = z.object({
  received: z.literal(true),
  /** Show this, unless redirectUrl is set. */
  message: z.string(),
  redirectUrl: z.string().nullable(),
});
