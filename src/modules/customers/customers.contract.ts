import { z } from 'zod';
import { searchMatchSchema } from '../../platform/search/index.js';
import { accountRoles, identifierKinds, lifecycleStates } from './customers.tables.js';
import {
  addressOutput,
  addressList,
  commonListFilters,
  customFieldValues,
  emailOutput,
  emailList,
  phoneOutput,
  phoneList,
  recordId,
  recordSummary,
  tagList,
  userSummary,
} from './shared.contract.js';

const name = z.string().trim().max(100);

export const identifierEntry = z.strictObject({ kind: z.enum(identifierKinds), value: z.string().trim().min(1).max(100) });
export type IdentifierEntry = z.infer<typeof identifierEntry>;

export const contactSchema = z.object({
  id: recordId,
  firstName: z.string(),
  lastName: z.string(),
  /** First and last name together, or the email when both are empty. */
  displayName: z.string(),
  /** The default email and phone. */
  email: z.string().nullable(),
  phone: z.string().nullable(),
  companyId: recordId.nullable(),
  /** The linked company's name, else the free-text company name. */
  companyName: z.string().nullable(),
  jobTitle: z.string().nullable(),
  owner: userSummary.nullable(),
  salesRepCode: z.string().nullable(),
  tags: z.array(z.string()),
  lifecycleState: z.enum(lifecycleStates),
  disabled: z.boolean(),
  customFields: z.record(z.string(), z.unknown()),
  source: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

/** A listed contact; with a search, also why it matched. */
export const contactListItemSchema = contactSchema.extend({ matches: z.array(searchMatchSchema).optional() });

export const contactStatsSchema = z.object({
  openTickets: z.number().int(),
  totalTickets: z.number().int(),
  lastContactAt: z.string().nullable(),
});

export const contactAccountSchema = z.object({
  id: recordId,
  number: z.string(),
  name: z.string(),
  /** `holder` when the account is the contact's own, else the role they act in. */
  role: z.union([z.literal('holder'), z.enum(accountRoles)]),
});

export const contactDetailSchema = contactSchema.extend({
  emails: z.array(emailOutput),
  phones: z.array(phoneOutput),
  addresses: z.array(addressOutput),
  identifiers: z.array(identifierEntry),
  company: recordSummary.nullable(),
  accounts: z.array(contactAccountSchema),
  stats: contactStatsSchema,
  mergedInto: z
    .object({ id: recordId, displayName: z.string(), mergeId: recordId.nullable() })
    .nullable()
    .describe('Set when this contact was merged into another: old links lead there (the merge may still be undone)'),
});

const contactFields = {
  firstName: name,
  lastName: name,
  email: z.email().max(254).nullable().describe('The default email; shorthand for the default entry of `emails`'),
  phone: z.string().trim().max(50).nullable().describe('The default phone; shorthand for the default entry of `phones`'),
  emails: emailList.describe('Replaces every email; the one marked isDefault (else the first) is the default'),
  phones: phoneList,
  addresses: addressList.describe('Replaces every address; at most one default per kind'),
  identifiers: z.array(identifierEntry).max(10),
  companyId: recordId.nullable(),
  companyName: z.string().trim().max(200).nullable(),
  jobTitle: z.string().trim().max(100).nullable(),
  ownerId: recordId.nullable(),
  salesRepCode: z.string().trim().max(50).nullable(),
  tags: tagList,
  disabled: z.boolean(),
  customFields: customFieldValues,
};

/** The create fields without the name-or-email rule (an import row that updates may carry neither). */
export const createContactFields = z.strictObject({
  firstName: name.default(''),
  lastName: name.default(''),
  email: contactFields.email.optional(),
  phone: contactFields.phone.optional(),
  emails: contactFields.emails.optional(),
  phones: contactFields.phones.optional(),
  addresses: contactFields.addresses.optional(),
  identifiers: contactFields.identifiers.optional(),
  companyId: contactFields.companyId.optional(),
  companyName: contactFields.companyName.optional(),
  jobTitle: contactFields.jobTitle.optional(),
  ownerId: contactFields.ownerId.optional(),
  salesRepCode: contactFields.salesRepCode.optional(),
  tags: contactFields.tags.optional(),
  disabled: contactFields.disabled.optional(),
  customFields: contactFields.customFields.optional(),
});

export const createContactBody = createContactFields.refine((input) => input.firstName || input.lastName || input.email || input.emails?.length, {
  message: 'give a name or an email',
  path: ['firstName'],
});
export type CreateContactInput = z.infer<typeof createContactBody>;

export const updateContactBody = z.strictObject({
  version: z.number().int().positive().optional(),
  firstName: contactFields.firstName.optional(),
  lastName: contactFields.lastName.optional(),
  email: contactFields.email.optional(),
  phone: contactFields.phone.optional(),
  emails: contactFields.emails.optional(),
  phones: contactFields.phones.optional(),
  addresses: contactFields.addresses.optional(),
  identifiers: contactFields.identifiers.optional(),
  companyId: contactFields.companyId.optional(),
  companyName: contactFields.companyName.optional(),
  jobTitle: contactFields.jobTitle.optional(),
  ownerId: contactFields.ownerId.optional(),
  salesRepCode: contactFields.salesRepCode.optional(),
  tags: contactFields.tags.optional(),
  disabled: contactFields.disabled.optional(),
  customFields: contactFields.customFields.optional().describe('Merged into the stored values; null removes one'),
});
export type UpdateContactInput = Omit<z.infer<typeof updateContactBody>, 'version'>;

export const listContactsQuery = z.strictObject({
  ...commonListFilters,
  q: commonListFilters.q.describe('Name (typos and partial words allowed), email or part of one, phone in any format or a fragment of its digits, zip code, account number, company'),
  sort: z.enum(['relevance', 'name', 'created', 'updated']).optional().describe('Default: relevance with q, else name'),
  companyId: recordId.optional(),
  lifecycleState: z.enum(lifecycleStates).optional(),
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

export const contactKeys = ['email', 'identifier', 'accountNumber'] as const;
export const upsertContactQuery = z
  .strictObject({
    key: z.enum(contactKeys).describe('The natural key to match on'),
    value: z.string().trim().min(1).max(254).describe('The email, identifier or account number'),
    identifierKind: z.enum(identifierKinds).optional().describe('With key=identifier: which identifier'),
  })
  .refine((query) => query.key !== 'identifier' || query.identifierKind, { message: 'is required with key=identifier', path: ['identifierKind'] })
  .refine((query) => query.key !== 'email' || z.email().safeParse(query.value).success, { message: 'must be an email with key=email', path: ['value'] });
export type UpsertContactQuery = z.infer<typeof upsertContactQuery>;
export const upsertContactBody = createContactFields;
