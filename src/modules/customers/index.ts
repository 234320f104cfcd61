import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { accountRoutes } from './accounts.routes.js';
import { companyRoutes } from './companies.routes.js';
import { contactRoutes } from './contacts.routes.js';
import { customFieldRoutes } from './custom-fields.routes.js';
import { importRoutes } from './import.routes.js';
import { customerRights } from './customers.policy.js';
import { noteRoutes } from './notes.routes.js';

const readers = [customerRights.contactsRead, customerRights.contactsManage, customerRights.accountsManage];
registerHistoryRight('contact', readers);
registerHistoryRight('company', readers);
registerHistoryRight('account', readers);
registerHistoryRight('customer_import', [customerRights.contactsManage]);
registerHistoryRight('custom_field', [customerRights.fieldsManage]);

export { customerRights } from './customers.policy.js';
export { registerContactStatsProvider, type ContactStats } from './contact-stats.js';
export { findContactByEmail, insertChannelContact } from './contact-lookup.js';

export const customersModule: PatronModule = {
  name: 'customers',
  staffRoutes: [importRoutes, contactRoutes, companyRoutes, accountRoutes, customFieldRoutes, noteRoutes],
};
export { runImport, importJob } from './import.service.js';
