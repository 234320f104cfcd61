import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { contactRoutes } from './contacts.routes.js';
import { customerRights } from './customers.policy.js';

registerHistoryRight('contact', [customerRights.contactsRead, customerRights.contactsManage]);

export { customerRights } from './customers.policy.js';
export { registerContactStatsProvider, type ContactStats } from './contact-stats.js';

export const customersModule: PatronModule = {
  name: 'customers',
  staffRoutes: [contactRoutes],
};
