import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Badge, Button, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { api, call } from '../../../api/client';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../../ui/ConfirmDelete';
import { DetailsWithHistory } from '../../../ui/DetailsWithHistory';
import { FormActions } from '../../../ui/FormActions';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { RowActions } from '../../../ui/RowActions';
import { useFormSave } from '../../../ui/useFormSave';
import { careConfigKeys, refreshCareConfig, stateColors, stateLabels, ticketStates, useCanManageCareConfig, useTicketStatuses, type TicketState, type TicketStatus } from './configData';
import { WriteProblem } from './WriteProblem';

const stateOptions = ticketStates.map((state) => ({ value: state, label: stateLabels[state] }));

export function StatusesPage() {
  const canManage = useCanManageCareConfig();
  const client = useQueryClient();
  const statuses = useTicketStatuses();
  // The id, not the row: after a reload the modal shows the status as it is now.
  const [editing, setEditing] = useState<string | null>(null);
  const reorder = useMutation({
    mutationFn: (statusIds: string[]) => call(api.PUT('/api/v1/ticket-statuses/order', { body: { statusIds } })),
    onSuccess: (result) => client.setQueryData(careConfigKeys.statuses, result),
    onSettled: () => refreshCareConfig(client),
  });
  const deletion = useDeleteConfirmation({
    remove: (status: TicketStatus) => call(api.DELETE('/api/v1/ticket-statuses/{id}', { params: { path: { id: status.id } } })),
    onDeleted: () => refreshCareConfig(client),
  });
  const move = (index: number, by: -1 | 1) => {
    const ids = statuses.items.map((status) => status.id);
    const [moved] = ids.splice(index, 1);
    ids.splice(index + by, 0, moved!);
    reorder.mutate(ids);
  };
  return (
    <>
      <PageHeader
        title="Ticket statuses"
        description="The labels staff and customers see. Each is mapped to a fixed life-cycle state; every state but temporarily resolved needs at least one."
        actions={
          canManage && (
            <Button onClick={() => setEditing('new')} data-testid="new-status">
              New status
            </Button>
          )
        }
      />
      {reorder.error != null && (
        <WriteProblem
          error={reorder.error}
          what="The list of statuses"
          onReload={() => {
            reorder.reset();
            void refreshCareConfig(client);
          }}
        />
      )}
      <QueryState query={statuses} loadingLabel="Loading statuses…" isEmpty={statuses.items.length === 0} emptyTitle="No statuses" emptyDescription="Create a status for each life-cycle state.">
        {() => (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="statuses-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={60}>Order</Table.Th>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Life-cycle state</Table.Th>
                  <Table.Th w={220} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {statuses.items.map((status, index) => (
                  <Table.Tr key={status.id} data-testid={`status-row-${status.name}`}>
                    <Table.Td>{index + 1}</Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={500} data-testid="status-name">
                        {status.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={stateColors[status.state]}>
                        {stateLabels[status.state]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <RowActions canManage={canManage} onEdit={() => setEditing(status.id)} editTestId="edit-status" onDelete={() => deletion.ask(status)} deleteTestId="delete-status">
                        {canManage && (
                          <>
                            <ActionIcon variant="subtle" aria-label={`Move ${status.name} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(index, -1)} data-testid="status-up">
                              ↑
                            </ActionIcon>
                            <ActionIcon variant="subtle" aria-label={`Move ${status.name} down`} disabled={index === statuses.items.length - 1 || reorder.isPending} onClick={() => move(index, 1)} data-testid="status-down">
                              ↓
                            </ActionIcon>
                          </>
                        )}
                      </RowActions>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <StatusModal
        status={statuses.items.find((s) => s.id === editing) ?? null}
        opened={editing !== null}
        canManage={canManage}
        nextPosition={Math.min(10_000, Math.max(-1, ...statuses.items.map((s) => s.position)) + 1)}
        onClose={() => setEditing(null)}
      />
      <ConfirmDeleteDialog
        deletion={deletion}
        title="Delete status?"
        message={(status) => `“${status.name}” will be deleted. Statuses that tickets or ticket types use cannot be deleted; neither can the last status of a state.`}
      />
    </>
  );
}

function StatusModal({ status, opened, canManage, nextPosition, onClose }: { status: TicketStatus | null; opened: boolean; canManage: boolean; nextPosition: number; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [state, setState] = useState<TicketState>('pending');
  useEffect(() => {
    if (!opened) return;
    setName(status?.name ?? '');
    setState(status?.state ?? 'pending');
  }, [opened, status]);
  const save = useFormSave({
    save: () =>
      status
        ? call(api.PATCH('/api/v1/ticket-statuses/{id}', { params: { path: { id: status.id } }, body: { version: status.version, name, ...(state !== status.state ? { state } : {}) } }))
        : call(api.POST('/api/v1/ticket-statuses', { body: { name, state, position: nextPosition } })),
    onSaved: () => refreshCareConfig(client),
    onStale: () => void refreshCareConfig(client),
    canSave: canManage,
    onClose,
  });
  const errors = save.fieldErrors;
  const form = (
    <form onSubmit={save.submit} data-testid="status-form">
      <Stack>
        <TextInput label="Name" required readOnly={!canManage} data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="status-name-input" />
        <Select
          label="Life-cycle state"
          description={status ? 'A status tickets are in keeps its state; create a new status instead.' : undefined}
          data={stateOptions}
          value={state}
          allowDeselect={false}
          readOnly={!canManage}
          onChange={(value) => value && setState(value as TicketState)}
          error={errors.state}
          data-testid="status-state-input"
        />
        <WriteProblem
          error={save.error}
          fields={['name', 'state']}
          what="This status"
          onReload={() => {
            // The list is read again when the save fails, and the form follows the fresh status.
            save.reset();
            void refreshCareConfig(client);
          }}
        />
        <FormActions canSave={canManage} saving={save.isPending} submitLabel={status ? 'Save changes' : 'Create status'} submitTestId="save-status" onCancel={save.close} />
      </Stack>
    </form>
  );
  return (
    <Modal opened={opened} onClose={save.close} title={status ? `Status: ${status.name}` : 'New status'}>
      <DetailsWithHistory recordType="ticket_status" recordId={status?.id}>
        {form}
      </DetailsWithHistory>
    </Modal>
  );
}
