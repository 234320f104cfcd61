import { useLocation, useNavigate } from '@tanstack/react-router';
import { Tabs } from '@mantine/core';

interface SectionTabsProps {
  /** The address the sections live under, e.g. "/admin/care". */
  base: string;
  sections: readonly { path: string; label: string }[];
  /** Each tab's test id is this prefix and the section's path. */
  testIdPrefix: string;
}

/** One tab per section of a settings area, each its own address so it can be linked to. */
export function SectionTabs({ base, sections, testIdPrefix }: SectionTabsProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const current = sections.find((section) => location.pathname.startsWith(`${base}/${section.path}`))?.path ?? null;
  return (
    <Tabs value={current} onChange={(value) => value && void navigate({ to: `${base}/${value}` })} mb="md" keepMounted={false}>
      <Tabs.List>
        {sections.map((section) => (
          <Tabs.Tab key={section.path} value={section.path} data-testid={`${testIdPrefix}${section.path}`}>
            {section.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
