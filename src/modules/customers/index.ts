import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { accountRoutes } from './accounts.routes.js';
import { companyRoutes } from './companies.routes.js';
import { contactRoutes } from './contacts.routes.js';
import { contactMergeRoutes } from './contact-merge.routes.js';
import { exportRoutes } from './export.routes.js';
import { customFieldRoutes } from './custom-fields.routes.js';
import { importRoutes } from './import.routes.js';
import { scheduleImportCleanup } from './import-cleanup.job.js';
import { customerRights } from './customers.policy.js';
import { noteRoutes } from './notes.routes.js';
import './search-providers.js';
import './contact-timeline-source.js';

const readers = [customerRights.contactsRead, customerRights.contactsManage, customerRights.accountsManage];
registerHistoryRight('contact', readers);
registerHistoryRight('company', readers);
registerHistoryRight('account', readers);
registerHistoryRight('customer_import', [customerRights.contactsManage]);
registerHistoryRight('custom_field', [customerRights.fieldsManage]);

export { customerRights } from './customers.policy.js';
/** For email-in: finds a sender's contact by email, or creates it (source 'email'). */
export { contacts } from './customers.tables.js';
export { registerContactStatsProvider, type ContactStats } from './contact-stats.js';
export { contactOwningEmailQuery, findContactByEmail, insertChannelContact } from './contact-lookup.js';
/** For bulk writers (imports): add new contacts' words to the vocabulary name typos are corrected against. */
export { recordSearchWords } from './contact-search.js';
export { registerTimelineSource, type TimelineDescription, type TimelineEvent, type TimelineSource } from './timeline.js';
/** For modules that keep records of a contact: what a merge moves to the winner, and an undo moves back. */
export { contactColumnMergeHandler, registerContactMergeHandler, type ContactMergeHandler } from './contact-merge-handlers.js';
/**
 * For web forms: write the contact a form met with this module's own rules and events, and check
 * values of contact custom fields (and form fields of the same types) as contacts do.
 */
export { findContactRow, loadContactPoints, saveContact } from './contacts.service.js';
export { activeFieldDefinitions } from './custom-fields.service.js';
export { coerceCustomFieldValue, type FieldDefinition } from './custom-field-values.js';
export { customFieldTypes, type CustomFieldType } from './customers.tables.js';
export { updateContactBody } from './customers.contract.js';

export const customersModule: PatronModule = {
  name: 'customers',
  staffRoutes: [importRoutes, exportRoutes, contactMergeRoutes, contactRoutes, companyRoutes, accountRoutes, customFieldRoutes, noteRoutes],
  // The hourly cleanup of import files never committed.
  onStart: scheduleImportCleanup,
};
export { runImport, importJob } from './import.service.js';
