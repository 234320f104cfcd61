import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';

interface RowActionsProps {
  canManage: boolean;
  onEdit: () => void;
  editTestId: string;
  /** The open button's label for managers; everyone else only views the record. */
  editLabel?: string;
  /** Left out where a record cannot be deleted from the list; shown to managers only. */
  onDelete?: () => void;
  deleteTestId?: string;
  /** Buttons before the open button (move up and down, add a child). */
  children?: ReactNode;
}

/** The buttons at the end of a settings list's row: open the record, and delete it (after asking). */
export function RowActions({ canManage, onEdit, editTestId, editLabel = 'Edit', onDelete, deleteTestId, children }: RowActionsProps) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      {children}
      <Button size="compact-sm" variant="subtle" onClick={onEdit} data-testid={editTestId}>
        {canManage ? editLabel : 'View'}
      </Button>
      {canManage && onDelete && (
        <Button size="compact-sm" variant="subtle" color="red" onClick={onDelete} data-testid={deleteTestId}>
          Delete
        </Button>
      )}
    </Group>
  );
}
