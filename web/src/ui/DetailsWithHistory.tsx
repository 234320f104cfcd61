import type { ReactNode } from 'react';
import { Tabs } from '@mantine/core';
import { HistoryPanel } from './HistoryPanel';

interface DetailsWithHistoryProps {
  recordType: string;
  /** Undefined for a record not created yet: it has no history, so its details stand alone. */
  recordId: string | undefined;
  historyTabTestId?: string;
  children: ReactNode;
}

/** A saved record's details with a History tab beside them ("View history"). */
export function DetailsWithHistory({ recordType, recordId, historyTabTestId, children }: DetailsWithHistoryProps) {
  if (recordId === undefined) return <>{children}</>;
  return (
    <Tabs defaultValue="details" keepMounted={false}>
      <Tabs.List mb="md">
        <Tabs.Tab value="details">Details</Tabs.Tab>
        <Tabs.Tab value="history" data-testid={historyTabTestId}>
          History
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="details">{children}</Tabs.Panel>
      <Tabs.Panel value="history">
        <HistoryPanel recordType={recordType} recordId={recordId} />
      </Tabs.Panel>
    </Tabs>
  );
}
