import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { api, call } from '../../../api/client';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../../ui/ConfirmDelete';
import { DetailsWithHistory } from '../../../ui/DetailsWithHistory';
import { FormActions } from '../../../ui/FormActions';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { RowActions } from '../../../ui/RowActions';
import { useFormSave } from '../../../ui/useFormSave';
import { refreshCareConfig, useCanManageCareConfig, useCancellationReasons, type CancellationReason } from './configData';
import { WriteProblem } from './WriteProblem';

export function CancellationReasonsPage() {
  const canManage = useCanManageCareConfig();
  const client = useQueryClient();
  const reasons = useCancellationReasons();
  const [editing, setEditing] = useState<string | null>(null);
  const deletion = useDeleteConfirmation({
    remove: (reason: CancellationReason) => call(api.DELETE('/api/v1/cancellation-reasons/{id}', { params: { path: { id: reason.id } } })),
    onDeleted: () => refreshCareConfig(client),
  });
  return (
    <>
      <PageHeader
        title="Cancellation reasons"
        description="Why a ticket was cancelled. Staff pick one when they cancel; each ticket type chooses which it offers."
        actions={
          canManage && (
            <Button onClick={() => setEditing('new')} data-testid="new-reason">
              New reason
            </Button>
          )
        }
      />
      <QueryState
        query={reasons}
        loadingLabel="Loading cancellation reasons…"
        isEmpty={reasons.items.length === 0}
        emptyTitle="No cancellation reasons yet"
        emptyDescription="Tickets can be cancelled only with a reason, so create at least one."
      >
        {() => (
          <Table verticalSpacing="sm" highlightOnHover data-testid="reasons-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reason</Table.Th>
                <Table.Th w={200} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reasons.items.map((reason) => (
                <Table.Tr key={reason.id} data-testid={`reason-row-${reason.name}`}>
                  <Table.Td>
                    <Text size="sm">{reason.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <RowActions
                      canManage={canManage}
                      editLabel="Rename"
                      onEdit={() => setEditing(reason.id)}
                      editTestId="edit-reason"
                      onDelete={() => deletion.ask(reason)}
                      deleteTestId="delete-reason"
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <ReasonModal reason={reasons.items.find((r) => r.id === editing) ?? null} opened={editing !== null} canManage={canManage} onClose={() => setEditing(null)} />
      <ConfirmDeleteDialog
        deletion={deletion}
        title="Delete cancellation reason?"
        message={(reason) => `“${reason.name}” will be deleted and taken off every ticket type that offers it. A reason that cancelled tickets give cannot be deleted.`}
      />
    </>
  );
}

function ReasonModal({ reason, opened, canManage, onClose }: { reason: CancellationReason | null; opened: boolean; canManage: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  useEffect(() => {
    if (opened) setName(reason?.name ?? '');
  }, [opened, reason]);
  const save = useFormSave({
    save: () =>
      reason
        ? call(api.PATCH('/api/v1/cancellation-reasons/{id}', { params: { path: { id: reason.id } }, body: { version: reason.version, name } }))
        : call(api.POST('/api/v1/cancellation-reasons', { body: { name } })),
    onSaved: () => refreshCareConfig(client),
    onStale: () => void refreshCareConfig(client),
    canSave: canManage,
    onClose,
  });
  return (
    <Modal opened={opened} onClose={save.close} title={reason ? `Cancellation reason: ${reason.name}` : 'New cancellation reason'}>
      <DetailsWithHistory recordType="cancellation_reason" recordId={reason?.id}>
        <form onSubmit={save.submit} data-testid="reason-form">
          <Stack>
            <TextInput label="Reason" required readOnly={!canManage} data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={save.fieldErrors.name} data-testid="reason-name" />
            <WriteProblem
              error={save.error}
              fields={['name']}
              what="This reason"
              onReload={() => {
                save.reset();
                void refreshCareConfig(client);
              }}
            />
            <FormActions canSave={canManage} saving={save.isPending} submitLabel={reason ? 'Save' : 'Create reason'} submitTestId="save-reason" onCancel={save.close} />
          </Stack>
        </form>
      </DetailsWithHistory>
    </Modal>
  );
}
