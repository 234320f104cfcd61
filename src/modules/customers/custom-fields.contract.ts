import { z } from 'zod';
import { customerRecordKinds, customFieldTypes } from './customers.tables.js';
import { recordId } from './shared.contract.js';

export const customFieldSchema = z.object({
  id: recordId,
  recordKind: z.enum(customerRecordKinds),
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()),
  required: z.boolean(),
  position: z.number().int(),
  archived: z.boolean(),
  version: z.number().int(),
});
export type CustomField = z.infer<typeof customFieldSchema>;

const options = z.array(z.string().trim().min(1).max(100)).max(200);

export const createCustomFieldBody = z
  .strictObject({
    recordKind: z.enum(customerRecordKinds),
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,49}$/, 'lower-case letters, digits and _, starting with a letter')
      .describe('Stable machine name used in the API, filters and import'),
    label: z.string().trim().min(1).max(100),
    type: z.enum(customFieldTypes),
    options: options.default([]),
    required: z.boolean().default(false),
    position: z.number().int().min(0).max(10000).default(0),
  })
  .refine((input) => input.type !== 'choice' || input.options.length > 0, { message: 'a choice field needs options', path: ['options'] })
  .refine((input) => input.type === 'choice' || input.options.length === 0, { message: 'only a choice field has options', path: ['options'] });
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldBody>;

export const updateCustomFieldBody = z.strictObject({
  version: z.number().int().positive().optional(),
  label: z.string().trim().min(1).max(100).optional(),
  options: options.optional(),
  required: z.boolean().optional(),
  position: z.number().int().min(0).max(10000).optional(),
  archived: z.boolean().optional(),
});
export type UpdateCustomFieldInput = Omit<z.infer<typeof updateCustomFieldBody>, 'version'>;

export const listCustomFieldsQuery = z.strictObject({
  recordKind: z.enum(customerRecordKinds).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});
