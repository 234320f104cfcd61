import type { PatronModule } from '../../platform/module.js';
import { accessRights, defineRights } from '../access/index.js';
import { auditRights, registerHistoryRight } from './audit.policy.js';
import { auditRoutes } from './audit.routes.js';

export { registerHistoryRight } from './audit.policy.js';
export { getRecordHistory } from './events.service.js';
export { eventSchema } from './audit.contract.js';

defineRights([{ key: auditRights.eventsRead, module: 'audit', label: 'Read the audit log', description: 'See every change by every user' }]);
registerHistoryRight('user', [accessRights.usersRead, accessRights.usersManage]);
registerHistoryRight('group', [accessRights.groupsRead, accessRights.groupsManage]);
registerHistoryRight('business_unit', [accessRights.unitsRead, accessRights.unitsManage]);

export const auditModule: PatronModule = { name: 'audit', staffRoutes: [auditRoutes] };
