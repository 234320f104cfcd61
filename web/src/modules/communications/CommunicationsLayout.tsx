import { Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { Tabs } from '@mantine/core';
import { NoAccess } from '../../ui/States';
import { useCanReadCommunications } from './communicationsData';

export const communicationsBase = '/admin/communications';

const sections = [
  { path: 'templates', label: 'Mail templates' },
  { path: 'rules', label: 'Event-based communications' },
] as const;

/** Admin > Communications: the templates and the rules that send them. */
export function CommunicationsLayout() {
  const allowed = useCanReadCommunications();
  const location = useLocation();
  const navigate = useNavigate();
  if (!allowed) return <NoAccess />;
  const current = sections.find((section) => location.pathname.startsWith(`${communicationsBase}/${section.path}`))?.path ?? null;
  return (
    <>
      <Tabs value={current} onChange={(value) => value && void navigate({ to: `${communicationsBase}/${value}` })} mb="md" keepMounted={false}>
        <Tabs.List>
          {sections.map((section) => (
            <Tabs.Tab key={section.path} value={section.path} data-testid={`communications-tab-${section.path}`}>
              {section.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}
