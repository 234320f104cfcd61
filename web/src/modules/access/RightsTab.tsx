import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, call, type Right } from '../../api/client';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../ui/ConfirmDelete';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { useFormSave } from '../../ui/useFormSave';
import { useRights } from './reference';

export function RightsTab({ canManage }: { canManage: boolean }) {
  const client = useQueryClient();
  const query = useRights();
  const [form, setForm] = useState({ key: '', label: '', description: '' });
  const create = useFormSave({
    save: () => call(api.POST('/api/v1/rights', { body: { key: form.key, label: form.label, description: form.description } })),
    onSaved: async () => {
      setForm({ key: '', label: '', description: '' });
      await client.invalidateQueries({ queryKey: ['rights'] });
    },
  });
  const deletion = useDeleteConfirmation({
    remove: (right: Right) => call(api.DELETE('/api/v1/rights/{key}', { params: { path: { key: right.key } } })),
    onDeleted: async () => {
      await client.invalidateQueries({ queryKey: ['rights'] });
      await client.invalidateQueries({ queryKey: ['groups'] });
    },
  });
  const errors = create.fieldErrors;
  return (
    <Stack>
      {canManage && (
        <Paper withBorder p="md">
          <form onSubmit={create.submit} data-testid="create-right-form">
            <Stack gap="sm">
              <Title order={4}>New custom right</Title>
              <Text size="sm" c="dimmed">
                Custom rights are stored under <Code>custom.</Code> and can be granted to groups and users like built-in ones.
              </Text>
              <Group align="flex-start" grow>
                <TextInput label="Key" placeholder="refunds.approve" required value={form.key} onChange={(e) => setForm({ ...form, key: e.currentTarget.value })} error={errors.key} />
                <TextInput label="Label" placeholder="Approve refunds" required value={form.label} onChange={(e) => setForm({ ...form, label: e.currentTarget.value })} error={errors.label} />
              </Group>
              <TextInput label="Description" value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} error={errors.description} />
              <ProblemAlert error={create.error} fields={['key', 'label', 'description']} />
              <Group justify="flex-end">
                <Button type="submit" loading={create.isPending} data-testid="create-right">
                  Create right
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      )}
      <QueryState query={query} loadingLabel="Loading rights…" isEmpty={query.data?.items.length === 0} emptyTitle="No rights">
        {(data) => (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" striped data-testid="rights-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Key</Table.Th>
                  <Table.Th>Module</Table.Th>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  {canManage && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((right) => (
                  <Table.Tr key={right.key} data-testid="right-row">
                    <Table.Td>
                      <Code>{right.key}</Code>
                    </Table.Td>
                    <Table.Td>{right.module}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{right.label}</Text>
                      {right.description && (
                        <Text size="xs" c="dimmed">
                          {right.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={right.builtIn ? 'gray' : 'grape'}>
                        {right.builtIn ? 'Built-in' : 'Custom'}
                      </Badge>
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        {!right.builtIn && (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => deletion.ask(right)} aria-label={`Delete ${right.key}`}>
                            Delete
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <ConfirmDeleteDialog
        deletion={deletion}
        title="Delete custom right?"
        message={(right) => `“${right.key}” will be removed from every group and user that holds it.`}
        confirmLabel="Delete right"
      />
    </Stack>
  );
}
