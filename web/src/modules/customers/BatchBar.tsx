import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { OwnerSelect } from './pickers';

const paths = { contacts: '/api/v1/contacts/batch', companies: '/api/v1/companies/batch', accounts: '/api/v1/accounts/batch' } as const;

/** Assign an owner, tag or disable the selected records in one go. */
export function BatchBar({ kind, ids, onDone }: { kind: keyof typeof paths; ids: string[]; onDone: () => void }) {
  const client = useQueryClient();
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [tag, setTag] = useState('');
  const batch = useMutation({
    mutationFn: (change: { ownerId?: string | null; addTags?: string[]; disabled?: boolean }) => call(api.POST(paths[kind], { body: { ids, ...change } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: [kind] });
      onDone();
    },
  });
  return (
    <Paper withBorder p="xs" data-testid="batch-bar">
      <Group align="flex-end">
        <Text size="sm" fw={500}>{ids.length} selected</Text>
        <OwnerSelect label="Owner" value={ownerId} onChange={setOwnerId} testId="batch-owner" />
        <Button variant="light" disabled={!ownerId} onClick={() => batch.mutate({ ownerId })} data-testid="batch-assign-owner">
          Assign owner
        </Button>
        <TextInput label="Tag" w={120} value={tag} onChange={(e) => setTag(e.currentTarget.value)} data-testid="batch-tag" />
        <Button variant="light" disabled={!tag.trim()} onClick={() => batch.mutate({ addTags: [tag.trim()] })} data-testid="batch-add-tag">
          Add tag
        </Button>
        <Button variant="light" color="red" onClick={() => batch.mutate({ disabled: true })} data-testid="batch-disable">
          Disable
        </Button>
      </Group>
      <ProblemAlert error={batch.error} />
    </Paper>
  );
}
