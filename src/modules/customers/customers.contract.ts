import { z } from 'zod';
import { paginationQuery } from '../../platform/http/pagination.js';

const name = z.string().trim().max(100);

export const contactSchema = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string(),
  /** First and last name together, or the email when both are empty. */
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  companyName: z.string().nullable(),
  source: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Contact = z.infer<typeof contactSchema>;

export const contactStatsSchema = z.object({
  openTickets: z.number().int(),
  totalTickets: z.number().int(),
  lastContactAt: z.string().nullable(),
});

export const contactDetailSchema = contactSchema.extend({ stats: contactStatsSchema });

const contactFields = {
  firstName: name,
  lastName: name,
  email: z.email().max(254).nullable(),
  phone: z.string().trim().max(50).nullable(),
  companyName: z.string().trim().max(200).nullable(),
};

export const createContactBody = z
  .strictObject({
    firstName: name.default(''),
    lastName: name.default(''),
    email: contactFields.email.optional(),
    phone: contactFields.phone.optional(),
    companyName: contactFields.companyName.optional(),
  })
  .refine((input) => input.firstName || input.lastName || input.email, { message: 'give a name or an email', path: ['firstName'] });
export type CreateContactInput = z.infer<typeof createContactBody>;

export const updateContactBody = z.strictObject({
  version: z.number().int().positive().optional(),
  firstName: contactFields.firstName.optional(),
  lastName: contactFields.lastName.optional(),
  email: contactFields.email.optional(),
  phone: contactFields.phone.optional(),
  companyName: contactFields.companyName.optional(),
});
export type UpdateContactInput = Omit<z.infer<typeof updateContactBody>, 'version'>;

export const listContactsQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional().describe('Part of a name, email, phone or company'),
  sort: z.enum(['name', 'created']).default('name'),
  ...paginationQuery,
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

export const contactIdParams = z.strictObject({ id: z.uuid() });
