import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { api, call, fieldErrors } from '../../../api/client';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { HistoryPanel } from '../../../ui/HistoryPanel';
import { PageHeader } from '../../../ui/PageHeader';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../../ui/States';
import { isStale, refreshCareConfig, useCanManageCareConfig, useCancellationReasons, type CancellationReason } from './configData';
import { WriteProblem } from './WriteProblem';

export function CancellationReasonsPage() {
  const canManage = useCanManageCareConfig();
  const client = useQueryClient();
  const reasons = useCancellationReasons();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<CancellationReason | null>(null);
  const remove = useMutation({
    mutationFn: (reason: CancellationReason) => call(api.DELETE('/api/v1/cancellation-reasons/{id}', { params: { path: { id: reason.id } } })),
    onSuccess: async () => {
      setDeleting(null);
      await refreshCareConfig(client);
    },
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
      {reasons.isPending ? (
        <LoadingState label="Loading cancellation reasons…" />
      ) : reasons.isError ? (
        <ProblemAlert error={reasons.error} onRetry={() => void reasons.refetch()} />
      ) : reasons.items.length === 0 ? (
        <Empty title="No cancellation reasons yet" description="Tickets can be cancelled only with a reason, so create at least one." />
      ) : (
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
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(reason.id)} data-testid="edit-reason">
                      {canManage ? 'Rename' : 'View'}
                    </Button>
                    {canManage && (
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => setDeleting(reason)} data-testid="delete-reason">
                        Delete
                      </Button>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ReasonModal reason={reasons.items.find((r) => r.id === editing) ?? null} opened={editing !== null} canManage={canManage} onClose={() => setEditing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete cancellation reason?"
        message={deleting ? `“${deleting.name}” will be deleted and taken off every ticket type that offers it. A reason that cancelled tickets give cannot be deleted.` : ''}
        confirmLabel="Delete"
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        loading={remove.isPending}
        error={remove.error}
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
  const save = useMutation({
    mutationFn: () =>
      reason
        ? call(api.PATCH('/api/v1/cancellation-reasons/{id}', { params: { path: { id: reason.id } }, body: { version: reason.version, name } }))
        : call(api.POST('/api/v1/cancellation-reasons', { body: { name } })),
    onSuccess: async () => {
      await refreshCareConfig(client);
      close();
    },
    onError: (error) => {
      if (isStale(error)) void refreshCareConfig(client);
    },
  });
  const close = () => {
    save.reset();
    onClose();
  };
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canManage) save.mutate();
  };
  const details = (
    <form onSubmit={submit} data-testid="reason-form">
      <Stack>
        <TextInput label="Reason" required readOnly={!canManage} data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="reason-name" />
        <WriteProblem
          error={save.error}
          fields={['name']}
          what="This reason"
          onReload={() => {
            save.reset();
            void refreshCareConfig(client);
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {canManage ? 'Cancel' : 'Close'}
          </Button>
          {canManage && (
            <Button type="submit" loading={save.isPending} data-testid="save-reason">
              {reason ? 'Save' : 'Create reason'}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
  return (
    <Modal opened={opened} onClose={close} title={reason ? `Cancellation reason: ${reason.name}` : 'New cancellation reason'}>
      {reason ? (
        <Tabs defaultValue="details" keepMounted={false}>
          <Tabs.List mb="md">
            <Tabs.Tab value="details">Details</Tabs.Tab>
            <Tabs.Tab value="history">History</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="details">{details}</Tabs.Panel>
          <Tabs.Panel value="history">
            <HistoryPanel recordType="cancellation_reason" recordId={reason.id} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        details
      )}
    </Modal>
  );
}
