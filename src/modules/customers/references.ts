import { eq } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { users } from '../access/access.tables.js';
import { companies, contacts } from './customers.tables.js';

/** Checks that a record a write points at exists, naming the field that pointed at it. */

export async function assertOwnerAssignable(db: Queryable, userId: string, field = 'ownerId') {
  const [user] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, userId));
  if (!user || user.disabled) throw AppError.invalid(field, 'unknown or disabled user');
}

export async function assertCompanyExists(db: Queryable, companyId: string, field: string) {
  const [company] = await db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
  if (!company) throw AppError.invalid(field, 'unknown company');
}

export async function assertContactExists(db: Queryable, contactId: string, field: string) {
  const [contact] = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId));
  if (!contact) throw AppError.invalid(field, 'unknown contact');
}
