import type { CurrentUser } from '../../api/client';
import { rights } from './rights';
import { hasRight } from './session';

export interface NavItem {
  label: string;
  to: string;
  /** Right needed to see the item; none means every signed-in user. */
  right?: string;
  /** Other rights that also show the item (any one is enough). */
  orRights?: string[];
  testId: string;
}

export const workNavigation: NavItem[] = [
  { label: 'Tickets', to: '/tickets', right: 'care.tickets.read', orRights: ['care.tickets.work'], testId: 'nav-tickets' },
  { label: 'Feedback', to: '/feedback', right: 'care.tickets.read', orRights: ['care.tickets.work'], testId: 'nav-feedback' },
  { label: 'Customers', to: '/customers', right: 'customers.contacts.read', orRights: ['customers.contacts.manage', 'customers.accounts.manage', 'care.tickets.read', 'care.tickets.work'], testId: 'nav-customers' },
  { label: 'Activities', to: '/activities', testId: 'nav-activities' },
  { label: 'Leads', to: '/leads', testId: 'nav-leads' },
  { label: 'Orders', to: '/orders', testId: 'nav-orders' },
  { label: 'Reports', to: '/reports', testId: 'nav-reports' },
];

export const adminNavigation: NavItem[] = [
  { label: 'Users', to: '/admin/users', right: rights.usersRead, testId: 'nav-users' },
  { label: 'Groups & rights', to: '/admin/groups', right: rights.groupsRead, testId: 'nav-groups' },
  { label: 'Business units', to: '/admin/units', right: rights.unitsRead, testId: 'nav-units' },
  { label: 'Care settings', to: '/admin/care', right: rights.careConfigRead, orRights: [rights.careConfigManage], testId: 'nav-care-settings' },
  { label: 'Communications', to: '/admin/communications', right: rights.communicationsRead, orRights: [rights.communicationsManage], testId: 'nav-communications' },
  { label: 'Web forms', to: '/admin/web-forms', right: rights.webFormsRead, orRights: [rights.webFormsManage], testId: 'nav-web-forms' },
  { label: 'API tokens', to: '/admin/api-tokens', testId: 'nav-api-tokens' },
  { label: 'Audit log', to: '/admin/audit', right: rights.auditRead, testId: 'nav-audit' },
  { label: 'Outbox', to: '/admin/outbox', right: rights.outboxRead, testId: 'nav-outbox' },
  { label: 'Quarantined mail', to: '/admin/mail-quarantine', right: rights.quarantineRead, testId: 'nav-mail-quarantine' },
  { label: 'Jobs', to: '/admin/jobs', right: rights.jobsManage, testId: 'nav-jobs' },
  { label: 'Custom fields', to: '/admin/custom-fields', right: rights.customFieldsManage, testId: 'nav-custom-fields' },
];

/** Whether the signed-in user sees a navigation item. */
export function navItemVisible(session: CurrentUser | null | undefined, item: NavItem): boolean {
  if (!item.right) return true;
  return [item.right, ...(item.orRights ?? [])].some((right) => hasRight(session, right));
}
