import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { contactRoutes } from './contacts.routes.js';
import { customerRights } from './customers.policy.js';

registerHistoryRight('contact', [customerRights.contactsRead, customerRights.contactsManage]);

export { customerRights } from './customers.policy.js';
/** For email-in: finds a sender's contact by email, or creates it (source 'email'). */
export { contacts } from './customers.tables.js';
export { registerContactStatsProvider, type ContactStats } from './contact-stats.js';

export const customersModule: PatronModule = {
  name: 'customers',
  staffRoutes: [contactRoutes],
};
