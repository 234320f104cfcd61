import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Fieldset, Group as Row, Modal, MultiSelect, ScrollArea, SimpleGrid, Stack, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { api, call, fieldErrors, type Group } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { LoadingState } from '../../ui/States';
import { useRights, useUserOptions, withSelected } from './reference';

interface GroupModalProps {
  /** The group to edit; null creates one. */
  group: Group | null;
  opened: boolean;
  canManage: boolean;
  onClose: () => void;
}

interface GroupForm {
  name: string;
  description: string;
  rightKeys: string[];
  memberIds: string[];
}

function formOf(group: Group | null): GroupForm {
  return group
    ? { name: group.name, description: group.description, rightKeys: group.rightKeys, memberIds: group.memberIds }
    : { name: '', description: '', rightKeys: [], memberIds: [] };
}

export function GroupModal({ group, opened, canManage, onClose }: GroupModalProps) {
  const client = useQueryClient();
  const rightsQuery = useRights();
  const users = useUserOptions();
  const [form, setForm] = useState<GroupForm>(formOf(group));
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => {
    if (opened) setForm(formOf(group));
  }, [opened, group]);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['groups'] });
    await client.invalidateQueries({ queryKey: ['users'] });
  };
  const save = useMutation({
    mutationFn: () =>
      group
        ? call(api.PATCH('/api/v1/groups/{id}', { params: { path: { id: group.id } }, body: { version: group.version, ...form } }))
        : call(api.POST('/api/v1/groups', { body: form })),
    onSuccess: async () => {
      await refresh();
      close();
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/groups/{id}', { params: { path: { id: group!.id } } })),
    onSuccess: async () => {
      setConfirmDelete(false);
      await refresh();
      close();
    },
  });
  const close = () => {
    save.reset();
    remove.reset();
    onClose();
  };
  const errors = fieldErrors(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canManage) save.mutate();
  };
  const byModule = new Map<string, { key: string; label: string; description: string }[]>();
  for (const right of rightsQuery.data?.items ?? []) {
    const list = byModule.get(right.module) ?? [];
    list.push(right);
    byModule.set(right.module, list);
  }
  const readOnly = !canManage;

  const details = (
    <form onSubmit={submit} data-testid="group-form">
      <Stack>
        <TextInput label="Name" required readOnly={readOnly} data-autofocus value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} />
        <Textarea label="Description" autosize minRows={2} readOnly={readOnly} value={form.description} onChange={(e) => setForm({ ...form, description: e.currentTarget.value })} error={errors.description} />
        <Text fw={500} size="sm">
          Rights
        </Text>
        {errors.rightKeys && (
          <Text c="red" size="sm">
            {errors.rightKeys}
          </Text>
        )}
        {rightsQuery.isPending ? (
          <LoadingState label="Loading rights…" />
        ) : rightsQuery.isError ? (
          <ProblemAlert error={rightsQuery.error} />
        ) : (
          <ScrollArea.Autosize mah={320} type="auto">
            <Checkbox.Group value={form.rightKeys} onChange={(rightKeys) => setForm({ ...form, rightKeys })} data-testid="group-rights">
              <Stack gap="sm">
                {[...byModule.entries()].map(([module, moduleRights]) => (
                  <Fieldset key={module} legend={module} p="sm">
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                      {moduleRights.map((right) => (
                        <Checkbox key={right.key} value={right.key} label={right.label} description={right.key} disabled={readOnly} />
                      ))}
                    </SimpleGrid>
                  </Fieldset>
                ))}
              </Stack>
            </Checkbox.Group>
          </ScrollArea.Autosize>
        )}
        <MultiSelect
          label="Members"
          data={withSelected(users.options, form.memberIds)}
          value={form.memberIds}
          onChange={(memberIds) => setForm({ ...form, memberIds })}
          searchable
          readOnly={readOnly}
          disabled={!users.allowed}
          description={users.allowed ? undefined : 'You cannot view users.'}
          error={errors.memberIds}
        />
        <ProblemAlert error={save.error} fields={['name', 'description', 'rightKeys', 'memberIds']} />
        <Row justify="space-between">
          <div>
            {group && canManage && (
              <Button color="red" variant="light" onClick={() => setConfirmDelete(true)} data-testid="delete-group">
                Delete group
              </Button>
            )}
          </div>
          <Row>
            <Button variant="default" onClick={close}>
              {canManage ? 'Cancel' : 'Close'}
            </Button>
            {canManage && (
              <Button type="submit" loading={save.isPending} data-testid="save-group">
                {group ? 'Save changes' : 'Create group'}
              </Button>
            )}
          </Row>
        </Row>
      </Stack>
    </form>
  );

  return (
    <>
      <Modal opened={opened} onClose={close} title={group ? `Group: ${group.name}` : 'New group'} size="xl">
        {group ? (
          <Tabs defaultValue="details" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="details">Details</Tabs.Tab>
              <Tabs.Tab value="history">History</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details">{details}</Tabs.Panel>
            <Tabs.Panel value="history">
              <HistoryPanel recordType="group" recordId={group.id} />
            </Tabs.Panel>
          </Tabs>
        ) : (
          details
        )}
      </Modal>
      {group && (
        <ConfirmDialog
          opened={confirmDelete}
          title="Delete group?"
          message={`“${group.name}” will be deleted. Its ${group.memberIds.length} member(s) lose the rights it grants.`}
          confirmLabel="Delete group"
          onConfirm={() => remove.mutate()}
          onClose={() => {
            remove.reset();
            setConfirmDelete(false);
          }}
          loading={remove.isPending}
          error={remove.error}
        />
      )}
    </>
  );
}
