import type { ServiceContext } from '../../platform/context.js';
import { grantDemoGroupRights } from '../access/index.js';
import { communicationRights } from './communications.policy.js';

/** The demo groups: agents email customers from tickets, managers also edit templates and rules. */
export async function seedCommunicationsDemo(ctx: ServiceContext): Promise<void> {
  await grantDemoGroupRights(ctx, {
    'Support agents': [communicationRights.emailSend],
    'Sales reps': [communicationRights.emailSend],
    Managers: [communicationRights.emailSend, communicationRights.settingsManage],
  });
}
