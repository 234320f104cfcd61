import type { PatronModule } from '../../platform/module.js';
import { registerPortalAuthentication } from './portal-auth.hook.js';
import { portalRoutes } from './portal.routes.js';
import { portalStaffRoutes } from './portal-staff.routes.js';
import './contact-merge.js';

export { portalSessionCookieName } from './portal-auth.hook.js';

/** My Account for customers: accounts and sessions of its own, and their requests through care. */
export const portalModule: PatronModule = {
  name: 'portal',
  staffRoutes: [portalStaffRoutes],
  publicRoutes: [portalRoutes],
  registerHooks: registerPortalAuthentication,
};
