// Every table Patron has, for drizzle-kit and for the typed database handle.
// Each module's tables file is listed here; nothing else defines tables.
export * from '../events/events.tables.js';
export * from '../jobs/jobs.tables.js';
export * from '../mail/mail.tables.js';
export * from '../http/http.tables.js';
export * from '../attachments/attachments.tables.js';
export * from '../signing/signing.tables.js';
export * from '../../modules/access/access.tables.js';
export * from '../../modules/customers/customers.tables.js';
export * from '../../modules/care/care-config.tables.js';
export * from '../../modules/care/tickets.tables.js';
export * from '../../modules/customers/import.tables.js';
export * from '../../modules/communications/communications.tables.js';
export * from '../../modules/mail-in/mail-in.tables.js';
export * from '../../modules/portal/portal.tables.js';
export * from '../../modules/web-forms/web-forms.tables.js';
