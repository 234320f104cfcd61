import { Outlet } from '@tanstack/react-router';
import { SectionTabs } from '../../../ui/SectionTabs';
import { NoAccess } from '../../../ui/States';
import { useCanReadCareConfig } from './configData';

export const careSettingsBase = '/admin/care';

export const careSettingsSections = [
  { path: 'statuses', label: 'Statuses' },
  { path: 'departments', label: 'Departments' },
  { path: 'categories', label: 'Categories' },
  { path: 'cancellation-reasons', label: 'Cancellation reasons' },
  { path: 'priorities', label: 'Priorities' },
  { path: 'ticket-types', label: 'Ticket types' },
] as const;

/** The customer-care settings: one tab per part, each its own address so it can be linked to. */
export function CareSettingsLayout() {
  const allowed = useCanReadCareConfig();
  if (!allowed) return <NoAccess />;
  return (
    <>
      <SectionTabs base={careSettingsBase} sections={careSettingsSections} testIdPrefix="care-settings-tab-" />
      <Outlet />
    </>
  );
}
