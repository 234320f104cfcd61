import { Alert, Button, Group, Text } from '@mantine/core';
import { ApiError, errorMessage } from '../api/client';

interface ProblemAlertProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  /** Form fields that show their own error inline; those are not repeated here. */
  fields?: string[];
}

function fieldName(field: string): string {
  return field.replace(/^(body|query|params)\./, '');
}

/** Shows a problem+json error: its detail, and the request id to quote to an operator. */
export function ProblemAlert({ error, title, onRetry, fields = [] }: ProblemAlertProps) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const listed = (problem?.errors ?? []).filter((entry) => !fields.includes(fieldName(entry.field).split('.')[0]!));
  // Every message already sits next to its field: the form says it all.
  if (problem?.errors && problem.errors.length > 0 && listed.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={title ?? problem?.title ?? 'Something went wrong'} data-testid="problem-alert" role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {listed.length > 0 && (
        <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
          {listed.map((entry) => (
            <li key={`${entry.field}:${entry.message}`}>
              <Text size="sm">
                {fieldName(entry.field)}: {entry.message}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {(problem?.requestId || onRetry) && (
        <Group mt="xs" gap="sm">
          {onRetry && (
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          )}
          {problem?.requestId && (
            <Text size="xs" c="dimmed">
              Request id: {problem.requestId}
            </Text>
          )}
        </Group>
      )}
    </Alert>
  );
}
