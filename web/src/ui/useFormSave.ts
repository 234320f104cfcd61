import type { FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { fieldErrors, isStale } from '../api/client';

interface FormSaveOptions<TResult> {
  save: () => Promise<TResult>;
  /** After a save: read the lists again. */
  onSaved?: (result: TResult) => Promise<unknown> | void;
  /** Someone else saved first (412): read the record again so the form shows their change. */
  onStale?: () => void;
  /** Without the right to save the form is read-only, and Enter in a field must not save it. */
  canSave?: boolean;
  /**
   * For a form in a modal: `close` forgets the last save's error and calls this, and a save
   * closes the form once onSaved is done.
   */
  onClose?: () => void;
}

/**
 * Saving a form: the mutation, the form's submit handler, and the problem's field errors keyed
 * by field name for the inputs (`error={save.fieldErrors.name}`).
 */
export function useFormSave<TResult>({ save, onSaved, onStale, canSave = true, onClose }: FormSaveOptions<TResult>) {
  const mutation = useMutation<TResult, Error, void>({
    mutationFn: save,
    onSuccess: async (result) => {
      await onSaved?.(result);
      if (onClose) close();
    },
    onError: (error) => {
      if (onStale && isStale(error)) onStale();
    },
  });
  const close = () => {
    mutation.reset();
    onClose?.();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canSave) mutation.mutate();
  };
  return { ...mutation, fieldErrors: fieldErrors(mutation.error), submit, close };
}
