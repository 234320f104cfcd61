import { Outlet } from '@tanstack/react-router';
import { SectionTabs } from '../../ui/SectionTabs';
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
  if (!allowed) return <NoAccess />;
  return (
    <>
      <SectionTabs base={communicationsBase} sections={sections} testIdPrefix="communications-tab-" />
      <Outlet />
    </>
  );
}
