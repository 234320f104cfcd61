import type { ReactNode } from 'react';
import { Center, EmptyState, Loader, Stack, Text } from '@mantine/core';
import { ClockIcon, LockIcon } from './icons';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" data-testid="loading-state">
      <Stack align="center" gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function Empty({ title, description, action }: { title: string; description?: ReactNode; action?: ReactNode }) {
  return (
    <EmptyState py="xl" title={title} description={description} data-testid="empty-state" withIndicatorBackground={false}>
      {action && <EmptyState.Actions>{action}</EmptyState.Actions>}
    </EmptyState>
  );
}

/** Shown when the signed-in user lacks the right for a screen (the server refuses too). */
export function NoAccess() {
  return (
    <EmptyState
      py="xl"
      variant="light"
      color="gray"
      icon={<LockIcon size={28} />}
      title="You don't have access"
      description="Your account does not have the right to open this screen. Ask an administrator if you need it."
      data-testid="no-access"
    />
  );
}

export function ComingSoon({ title }: { title: string }) {
  return (
    <EmptyState
      py="xl"
      variant="light"
      icon={<ClockIcon size={28} />}
      title={`${title} are coming soon`}
      description="This part of Patron is being built. It will appear here in a later release."
      data-testid="coming-soon"
    />
  );
}
