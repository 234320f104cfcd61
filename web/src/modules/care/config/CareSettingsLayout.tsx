import { Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { Tabs } from '@mantine/core';
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
  const location = useLocation();
  const navigate = useNavigate();
  if (!allowed) return <NoAccess />;
  const current = careSettingsSections.find((section) => location.pathname.startsWith(`${careSettingsBase}/${section.path}`))?.path ?? null;
  return (
    <>
      <Tabs value={current} onChange={(value) => value && void navigate({ to: `${careSettingsBase}/${value}` })} mb="md" keepMounted={false}>
        <Tabs.List>
          {careSettingsSections.map((section) => (
            <Tabs.Tab key={section.path} value={section.path} data-testid={`care-settings-tab-${section.path}`}>
              {section.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
