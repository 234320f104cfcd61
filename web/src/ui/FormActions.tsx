import type { ReactNode } from 'react';
import { Button, Group } from '@mantine/core';

interface FormActionsProps {
  /** False for a read-only form: no submit button, and "Close" instead of "Cancel". */
  canSave?: boolean;
  saving: boolean;
  submitLabel: string;
  submitTestId: string;
  onCancel: () => void;
  /**
   * A button on the left, such as Delete. Passing the prop (even as null or false) keeps the
   * left-and-right layout, so the save buttons do not move when the delete button is hidden.
   */
  aside?: ReactNode;
}

/** The buttons under a form: cancel (or close) and submit, which Enter in a field also presses. */
export function FormActions({ canSave = true, saving, submitLabel, submitTestId, onCancel, aside }: FormActionsProps) {
  const buttons = (
    <>
      <Button variant="default" onClick={onCancel}>
        {canSave ? 'Cancel' : 'Close'}
      </Button>
      {canSave && (
        <Button type="submit" loading={saving} data-testid={submitTestId}>
          {submitLabel}
        </Button>
      )}
    </>
  );
  if (aside === undefined) return <Group justify="flex-end">{buttons}</Group>;
  return (
    <Group justify="space-between">
      <div>{aside}</div>
      <Group>{buttons}</Group>
    </Group>
  );
}
