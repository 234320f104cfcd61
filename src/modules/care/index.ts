import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { careRights } from './care.policy.js';
import { scheduleOverdueSweep } from './overdue.job.js';
import { ticketRoutes } from './tickets.routes.js';

registerHistoryRight('ticket', [careRights.ticketsRead, careRights.ticketsWork]);

export { careRights } from './care.policy.js';

export const careModule: PatronModule = {
  name: 'care',
  staffRoutes: [ticketRoutes],
  onStart: async (runtime) => {
    await scheduleOverdueSweep(runtime);
  },
};
