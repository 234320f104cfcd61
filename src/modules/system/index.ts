import type { PatronModule } from '../../platform/module.js';
import { defineRights } from '../access/index.js';
import { systemRights } from './system.service.js';
import { systemRoutes } from './system.routes.js';

defineRights([
  { key: systemRights.outboxRead, module: 'system', label: 'Read the mail outbox' },
  { key: systemRights.jobsManage, module: 'system', label: 'See and retry background jobs' },
]);

export const systemModule: PatronModule = { name: 'system', staffRoutes: [systemRoutes] };
