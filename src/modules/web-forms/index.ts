import type { PatronModule } from '../../platform/module.js';
import { registerHistoryRight } from '../audit/index.js';
import { webFormPublicRoutes } from './public.routes.js';
import { webFormRoutes } from './web-forms.routes.js';
import { webFormRights } from './web-forms.policy.js';
import './contact-merge.js';

registerHistoryRight('web_form', [webFormRights.read, webFormRights.manage]);
registerHistoryRight('web_form_submission', [webFormRights.read, webFormRights.manage]);

export { webFormRights } from './web-forms.policy.js';

/** Public forms that open cases: built by admins, filled in on a page of their own or in an iframe. */
export const webFormsModule: PatronModule = {
  name: 'web-forms',
  staffRoutes: [webFormRoutes],
  publicRoutes: [webFormPublicRoutes],
};
