import type { PatronModule } from '../platform/module.js';
import { searchModule } from '../platform/search/index.js';
import { accessModule } from './access/index.js';
import { auditModule } from './audit/index.js';
import { systemModule } from './system/index.js';
import { careModule } from './care/index.js';
import { customersModule } from './customers/index.js';
import { attachmentsModule } from '../platform/attachments/index.js';
import { communicationsModule } from './communications/index.js';
import { mailInModule } from './mail-in/index.js';
import { portalModule } from './portal/index.js';
import { webFormsModule } from './web-forms/index.js';

/** Every module the app is built from, in the order their hooks and routes are registered. */
export const modules: PatronModule[] = [accessModule, auditModule, systemModule, attachmentsModule, customersModule, careModule, communicationsModule, searchModule, mailInModule, portalModule, webFormsModule];
