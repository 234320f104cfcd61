import { z } from 'zod';
import { addressList, addressOutput, commonListFilters, customFieldValues, phoneList, phoneOutput, recordId, recordSummary, tagList, userSummary } from './shared.contract.js';

const website = z
  .string()
  .trim()
  .max(300)
  .refine((value) => /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(value), 'must be an http(s) address like https://example.com');

export const companySchema = z.object({
  id: recordId,
  name: z.string(),
  vatNumber: z.string().nullable(),
  website: z.string().nullable(),
  parent: recordSummary.nullable(),
  owner: userSummary.nullable(),
  salesRepCode: z.string().nullable(),
  /** The default phone. */
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  disabled: z.boolean(),
  customFields: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const companyDetailSchema = companySchema.extend({
  phones: z.array(phoneOutput),
  addresses: z.array(addressOutput),
  children: z.array(recordSummary),
  contacts: z.array(z.object({ id: recordId, displayName: z.string(), email: z.string().nullable() })),
  accounts: z.array(z.object({ id: recordId, number: z.string(), name: z.string() })),
});

const companyFields = {
  name: z.string().trim().min(1).max(200),
  vatNumber: z.string().trim().max(50).nullable(),
  website: website.nullable(),
  parentId: recordId.nullable(),
  ownerId: recordId.nullable(),
  salesRepCode: z.string().trim().max(50).nullable(),
  phones: phoneList,
  addresses: addressList,
  tags: tagList,
  disabled: z.boolean(),
  customFields: customFieldValues,
};

export const createCompanyBody = z.strictObject({
  name: companyFields.name,
  vatNumber: companyFields.vatNumber.optional(),
  website: companyFields.website.optional(),
  parentId: companyFields.parentId.optional(),
  ownerId: companyFields.ownerId.optional(),
  salesRepCode: companyFields.salesRepCode.optional(),
  phones: companyFields.phones.optional(),
  addresses: companyFields.addresses.optional(),
  tags: companyFields.tags.optional(),
  disabled: companyFields.disabled.optional(),
  customFields: companyFields.customFields.optional(),
});
export type CreateCompanyInput = z.infer<typeof createCompanyBody>;

export const updateCompanyBody = createCompanyBody.partial().extend({ version: z.number().int().positive().optional() });
export type UpdateCompanyInput = Omit<z.infer<typeof updateCompanyBody>, 'version'>;

export const listCompaniesQuery = z.strictObject({
  ...commonListFilters,
  q: commonListFilters.q.describe('Part of the name, VAT number or website'),
  parentId: recordId.optional(),
});
export type ListCompaniesQuery = z.infer<typeof listCompaniesQuery>;

export const upsertCompanyParams = z.strictObject({ vatNumber: z.string().trim().min(1).max(50) });
export const upsertCompanyBody = updateCompanyBody.omit({ version: true, vatNumber: true });
export type UpsertCompanyInput = z.infer<typeof upsertCompanyBody>;
