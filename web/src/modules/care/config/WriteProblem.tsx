import { Alert, Button, Group, Text } from '@mantine/core';
import { isStale } from '../../../api/client';
import { ProblemAlert } from '../../../ui/ProblemAlert';

interface WriteProblemProps {
  error: unknown;
  /** Fields the form shows next to their inputs; ProblemAlert leaves those out. */
  fields?: string[];
  /** Reads the record again and puts the form back to what is saved. */
  onReload: () => void;
  what?: string;
}

/**
 * Why a save failed. A stale version (412: someone else saved first) offers to reload, since
 * saving again would overwrite their change; any other problem is shown as it came.
 */
export function WriteProblem({ error, fields, onReload, what = 'This setting' }: WriteProblemProps) {
  if (!error) return null;
  if (isStale(error)) {
    return (
      <Alert color="orange" title="Changed by someone else" data-testid="stale-alert">
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">{what} was changed by someone else meanwhile. Reload it, check, and make your change again.</Text>
          <Button size="xs" variant="light" color="orange" onClick={onReload} data-testid="reload-after-stale">
            Reload
          </Button>
        </Group>
      </Alert>
    );
  }
  return <ProblemAlert error={error} fields={fields} />;
}
