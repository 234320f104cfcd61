import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { ProblemAlert } from './ProblemAlert';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
  error?: unknown;
  color?: string;
}

/** Asks before a destructive action; the action's error stays in the dialog. */
export function ConfirmDialog({ opened, title, message, confirmLabel, onConfirm, onClose, loading, error, color = 'red' }: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered data-testid="confirm-dialog">
      <Stack>
        {typeof message === 'string' ? <Text size="sm">{message}</Text> : message}
        <ProblemAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Cancel
          </Button>
          <Button color={color} onClick={onConfirm} loading={loading} data-autofocus data-testid="confirm-button">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
