import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { registerContactStatsProvider } from '../customers/index.js';
import { contactTicketStats } from './contact-ticket-stats.js';
import { careRights } from './care.policy.js';
import { scheduleOverdueSweep } from './overdue.job.js';
import { ensureCareDefaults } from './care.seed.js';
import { ticketRoutes } from './tickets.routes.js';
import { careConfigRoutes } from './config.routes.js';
import { savedViewRoutes } from './saved-views.routes.js';
import './ticket-discovery.js';

registerHistoryRight('ticket', [careRights.ticketsRead, careRights.ticketsWork]);
registerContactStatsProvider(contactTicketStats);

export { careRights } from './care.policy.js';
export { seedScale } from './scale-seed.js';

export const careModule: PatronModule = {
  name: 'care',
  staffRoutes: [careConfigRoutes, ticketRoutes, savedViewRoutes],
  onStart: async (runtime) => {
    await ensureCareDefaults(runtime.db);
    await scheduleOverdueSweep(runtime);
  },
};
