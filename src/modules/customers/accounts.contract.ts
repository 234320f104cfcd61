import { z } from 'zod';
import { accountRoles } from './customers.tables.js';
import { commonListFilters, customFieldValues, recordId, recordSummary, tagList, userSummary } from './shared.contract.js';

export const accountContactEntry = z.strictObject({ contactId: recordId, role: z.enum(accountRoles).default('buyer') });

export const accountSchema = z.object({
  id: recordId,
  number: z.string(),
  name: z.string(),
  /** Who holds the account: a contact or a company. */
  holder: z.object({ kind: z.enum(['contact', 'company']), id: recordId, name: z.string() }),
  classification: z.string().nullable(),
  creditRating: z.string().nullable(),
  salesRepCode: z.string().nullable(),
  owner: userSummary.nullable(),
  tags: z.array(z.string()),
  disabled: z.boolean(),
  customFields: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const accountDetailSchema = accountSchema.extend({
  contacts: z.array(recordSummary.extend({ role: z.enum(accountRoles), email: z.string().nullable() })),
});

const accountNumber = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N}._\-/]*$/u, 'letters, digits and . _ - / only');

const accountFields = {
  number: accountNumber,
  name: z.string().trim().max(200),
  contactId: recordId.nullable(),
  companyId: recordId.nullable(),
  classification: z.string().trim().max(50).nullable(),
  creditRating: z.string().trim().max(50).nullable(),
  salesRepCode: z.string().trim().max(50).nullable(),
  ownerId: recordId.nullable(),
  contacts: z.array(accountContactEntry).max(200).describe('Contacts who act on the account, with their role; replaces the list'),
  tags: tagList,
  disabled: z.boolean(),
  customFields: customFieldValues,
};

export const createAccountBody = z
  .strictObject({
    number: accountFields.number,
    name: accountFields.name.default(''),
    contactId: accountFields.contactId.optional(),
    companyId: accountFields.companyId.optional(),
    classification: accountFields.classification.optional(),
    creditRating: accountFields.creditRating.optional(),
    salesRepCode: accountFields.salesRepCode.optional(),
    ownerId: accountFields.ownerId.optional(),
    contacts: accountFields.contacts.optional(),
    tags: accountFields.tags.optional(),
    disabled: accountFields.disabled.optional(),
    customFields: accountFields.customFields.optional(),
  })
  .refine((input) => Boolean(input.contactId) !== Boolean(input.companyId), { message: 'give either a contactId or a companyId', path: ['contactId'] });
export type CreateAccountInput = z.infer<typeof createAccountBody>;

export const updateAccountBody = z.strictObject({
  version: z.number().int().positive().optional(),
  number: accountFields.number.optional(),
  name: accountFields.name.optional(),
  contactId: accountFields.contactId.optional().describe('Moves the account to this contact (clears companyId)'),
  companyId: accountFields.companyId.optional().describe('Moves the account to this company (clears contactId)'),
  classification: accountFields.classification.optional(),
  creditRating: accountFields.creditRating.optional(),
  salesRepCode: accountFields.salesRepCode.optional(),
  ownerId: accountFields.ownerId.optional(),
  contacts: accountFields.contacts.optional(),
  tags: accountFields.tags.optional(),
  disabled: accountFields.disabled.optional(),
  customFields: accountFields.customFields.optional(),
});
export type UpdateAccountInput = Omit<z.infer<typeof updateAccountBody>, 'version'>;

export const listAccountsQuery = z.strictObject({
  ...commonListFilters,
  q: commonListFilters.q.describe('Part of the account number or name'),
  sort: z.enum(['name', 'number', 'created', 'updated']).default('number'),
  contactId: recordId.optional().describe("Accounts the contact holds or acts on"),
  companyId: recordId.optional(),
  classification: z.string().trim().min(1).max(50).optional(),
});
export type ListAccountsQuery = z.infer<typeof listAccountsQuery>;

export const upsertAccountParams = z.strictObject({ number: accountNumber });
export const upsertAccountBody = updateAccountBody.omit({ version: true, number: true });
export type UpsertAccountInput = z.infer<typeof upsertAccountBody>;
