import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { api, call, type BodyOf } from '../../../api/client';
import { FormActions } from '../../../ui/FormActions';
import { PageHeader } from '../../../ui/PageHeader';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { QueryState } from '../../../ui/QueryState';
import { useFormSave } from '../../../ui/useFormSave';
import { describeCompleteWithin, refreshCareConfig, useCanManageCareConfig, useTicketStatuses, useTicketTypes, type TicketStatus, type TicketType } from './configData';
import { ticketTypesPath } from './TicketTypePage';

export function TicketTypesPage() {
  const canManage = useCanManageCareConfig();
  const types = useTicketTypes();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const open = (id: string) => void navigate({ to: `${ticketTypesPath}/${id}` });
  return (
    <>
      <PageHeader
        title="Ticket types"
        description="Types carry the operating rules: target time, statuses, who may move tickets between them, categories, cancellation reasons and who may create them."
        actions={
          canManage && (
            <Button onClick={() => setCreating(true)} data-testid="new-ticket-type">
              New ticket type
            </Button>
          )
        }
      />
      <QueryState query={types} loadingLabel="Loading ticket types…" isEmpty={types.items.length === 0} emptyTitle="No ticket types" emptyDescription="Create a type to set how its tickets are worked.">
        {() => (
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="ticket-types-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Code</Table.Th>
                  <Table.Th>To be completed within</Table.Th>
                  <Table.Th>Statuses</Table.Th>
                  <Table.Th>Transition rules</Table.Th>
                  <Table.Th>Created by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {types.items.map((type) => (
                  <Table.Tr key={type.id} style={{ cursor: 'pointer' }} onClick={() => open(type.id)} data-testid={`ticket-type-row-${type.code}`}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button variant="subtle" size="compact-sm" px={0}>
                          {type.name}
                        </Button>
                        {type.isDefault && (
                          <Badge size="sm" variant="light">
                            Default
                          </Badge>
                        )}
                      </Group>
                      {type.description && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {type.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {type.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>{describeCompleteWithin(type.completeWithin)}</Table.Td>
                    <Table.Td>{type.statuses.length}</Table.Td>
                    <Table.Td>{type.transitions.length || 'None (open)'}</Table.Td>
                    <Table.Td>{type.creatorUnitIds.length ? `${type.creatorUnitIds.length} unit${type.creatorUnitIds.length === 1 ? '' : 's'}` : 'Everyone'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <NewTicketTypeModal opened={creating} types={types.items} onClose={() => setCreating(false)} onCreated={open} />
    </>
  );
}

/** Every status, the first of each state as its default: a valid start when there is no type to copy. */
function allStatuses(statuses: TicketStatus[]): BodyOf<'createTicketType'>['statuses'] {
  const seen = new Set<string>();
  return statuses.map((status) => {
    const isDefault = !seen.has(status.state);
    seen.add(status.state);
    return { statusId: status.id, isDefault };
  });
}

function rulesOf(source: TicketType | undefined, statuses: TicketStatus[]) {
  if (!source) return { statuses: allStatuses(statuses) };
  const { statuses: allowed, transitions, categories, cancellationReasons, creatorUnitIds, completeWithin, recalculateOnRespond } = source;
  return { statuses: allowed, transitions, categories, cancellationReasons, creatorUnitIds, completeWithin, recalculateOnRespond };
}

/**
 * A new type starts as a copy of another type's rules (the default type unless chosen), so it is
 * valid at once; the editor it opens in changes the rest.
 */
function NewTicketTypeModal({ opened, types, onClose, onCreated }: { opened: boolean; types: TicketType[]; onClose: () => void; onCreated: (id: string) => void }) {
  const client = useQueryClient();
  const statuses = useTicketStatuses();
  const [name, setName] = useState('');
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const [sourceId, setSourceId] = useState<string | null>(null);
  useEffect(() => {
    if (!opened) return;
    setName('');
    setCode('');
    setDescription('');
    setSourceId(types.find((type) => type.isDefault)?.id ?? types[0]?.id ?? null);
  }, [opened, types]);
  const create = useFormSave({
    save: () => {
      const source = types.find((type) => type.id === sourceId);
      return call(api.POST('/api/v1/ticket-types', { body: { name, code: code.trim() || undefined, description, ...rulesOf(source, statuses.items) } }));
    },
    onSaved: async (created) => {
      await refreshCareConfig(client);
      close();
      onCreated(created.id);
    },
  });
  const close = () => {
    create.reset();
    onClose();
  };
  const errors = create.fieldErrors;
  return (
    <Modal opened={opened} onClose={close} title="New ticket type" size="lg">
      <form onSubmit={create.submit} data-testid="new-ticket-type-form">
        <Stack>
          <TextInput label="Name" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="new-type-name" />
          <TextInput label="Code" description="Left blank, it is made from the name" value={code} onChange={(e) => setCode(e.currentTarget.value)} error={errors.code} data-testid="new-type-code" />
          <Textarea label="Description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
          <Select
            label="Start from the rules of"
            description={types.length ? 'Statuses, transitions, categories, reasons and target time are copied; change them next.' : 'Every status is allowed; change the rules next.'}
            data={types.map((type) => ({ value: type.id, label: type.name }))}
            value={sourceId}
            onChange={setSourceId}
            allowDeselect={false}
            disabled={types.length === 0}
            data-testid="new-type-source"
          />
          <ProblemAlert error={create.error} fields={['name', 'code', 'description']} />
          <FormActions saving={create.isPending} submitLabel="Create and edit rules" submitTestId="create-ticket-type" onCancel={close} />
        </Stack>
      </form>
    </Modal>
  );
}
