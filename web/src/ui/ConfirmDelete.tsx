import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { ConfirmDialog } from './ConfirmDialog';

export interface DeleteConfirmation<T> {
  /** The record waiting for the user's yes; null while no dialog is open. */
  target: T | null;
  /** Opens the dialog for a record; nothing is deleted yet. */
  ask: (target: T) => void;
  confirm: () => void;
  /** Closes the dialog and forgets a refused delete's error. */
  cancel: () => void;
  /** Forgets a refused delete's error (for a modal that closes around the dialog). */
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

interface DeleteConfirmationOptions<T> {
  remove: (target: T) => Promise<unknown>;
  /** After the delete: read lists again, close what showed the record. The dialog is closed first. */
  onDeleted: (target: T) => Promise<unknown> | void;
}

/**
 * Delete after a yes: the record to delete is kept while the dialog asks, and a refused delete
 * keeps its reason in the dialog (see ConfirmDeleteDialog).
 */
export function useDeleteConfirmation<T>({ remove, onDeleted }: DeleteConfirmationOptions<T>): DeleteConfirmation<T> {
  const [target, setTarget] = useState<T | null>(null);
  const mutation = useMutation({
    mutationFn: remove,
    onSuccess: async (_result, deleted) => {
      setTarget(null);
      await onDeleted(deleted);
    },
  });
  return {
    target,
    ask: (next) => setTarget(() => next),
    confirm: () => {
      if (target !== null) mutation.mutate(target);
    },
    cancel: () => {
      mutation.reset();
      setTarget(null);
    },
    reset: mutation.reset,
    isPending: mutation.isPending,
    error: mutation.error,
  };
}

interface ConfirmDeleteDialogProps<T> {
  deletion: DeleteConfirmation<T>;
  title: string;
  /**
   * What happens to the record, in words the user can check before saying yes. A function is
   * given the record asked about; a screen showing one record can pass the text itself.
   */
  message: string | ((target: T) => string);
  confirmLabel?: string;
}

export function ConfirmDeleteDialog<T>({ deletion, title, message, confirmLabel = 'Delete' }: ConfirmDeleteDialogProps<T>) {
  return (
    <ConfirmDialog
      opened={deletion.target !== null}
      title={title}
      message={typeof message === 'string' ? message : deletion.target !== null ? message(deletion.target) : ''}
      confirmLabel={confirmLabel}
      onConfirm={deletion.confirm}
      onClose={deletion.cancel}
      loading={deletion.isPending}
      error={deletion.error}
    />
  );
}
