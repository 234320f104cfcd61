import type { PatronModule } from '../../platform/module.js';
import { authRoutes } from './auth.routes.js';
import { syncBuiltInRights } from './rights.service.js';
import { registerStaffAuthentication } from './staff-auth.hook.js';
import { userRoutes } from './users.routes.js';
import { groupRoutes } from './groups.routes.js';
import { rightRoutes } from './rights.routes.js';
import { businessUnitRoutes } from './units.routes.js';
import { apiTokenRoutes } from './tokens.routes.js';

export { defineRights, type RightDefinition } from './rights.js';
export { hasRight } from './access.policy.js';
export { createUser } from './users.service.js';
export { createBusinessUnit, listBusinessUnits, updateBusinessUnit } from './units.service.js';
export { createApiTokenForUser } from './tokens.service.js';
export { accessRights } from './rights.js';
export { syncBuiltInRights } from './rights.service.js';

export const accessModule: PatronModule = {
  name: 'access',
  staffRoutes: [authRoutes, userRoutes, groupRoutes, rightRoutes, businessUnitRoutes, apiTokenRoutes],
  registerHooks: registerStaffAuthentication,
  onStart: (runtime) => syncBuiltInRights(runtime.db),
};
export { grantDemoGroupRights, seedAccessDemo } from './access.seed.js';
