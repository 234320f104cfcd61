import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Fieldset, Modal, MultiSelect, ScrollArea, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { api, call, type Group } from '../../api/client';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../ui/ConfirmDelete';
import { DetailsWithHistory } from '../../ui/DetailsWithHistory';
import { FormActions } from '../../ui/FormActions';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { LoadingState } from '../../ui/States';
import { useFormSave } from '../../ui/useFormSave';
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
  useEffect(() => {
    if (opened) setForm(formOf(group));
  }, [opened, group]);
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['groups'] });
    await client.invalidateQueries({ queryKey: ['users'] });
  };
  const save = useFormSave({
    save: () =>
      group
        ? call(api.PATCH('/api/v1/groups/{id}', { params: { path: { id: group.id } }, body: { version: group.version, ...form } }))
        : call(api.POST('/api/v1/groups', { body: form })),
    onSaved: () => refresh(),
    canSave: canManage,
    onClose: () => {
      deletion.reset();
      onClose();
    },
  });
  const deletion = useDeleteConfirmation({
    remove: (target: Group) => call(api.DELETE('/api/v1/groups/{id}', { params: { path: { id: target.id } } })),
    onDeleted: async () => {
      await refresh();
      save.close();
    },
  });
  const errors = save.fieldErrors;
  const byModule = new Map<string, { key: string; label: string; description: string }[]>();
  for (const right of rightsQuery.data?.items ?? []) {
    const list = byModule.get(right.module) ?? [];
    list.push(right);
    byModule.set(right.module, list);
  }
  const readOnly = !canManage;

  const details = (
    <form onSubmit={save.submit} data-testid="group-form">
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
        <FormActions
          canSave={canManage}
          saving={save.isPending}
          submitLabel={group ? 'Save changes' : 'Create group'}
          submitTestId="save-group"
          onCancel={save.close}
          aside={
            group &&
            canManage && (
              <Button color="red" variant="light" onClick={() => deletion.ask(group)} data-testid="delete-group">
                Delete group
              </Button>
            )
          }
        />
      </Stack>
    </form>
  );

  return (
    <>
      <Modal opened={opened} onClose={save.close} title={group ? `Group: ${group.name}` : 'New group'} size="xl">
        <DetailsWithHistory recordType="group" recordId={group?.id}>
          {details}
        </DetailsWithHistory>
      </Modal>
      {group && (
        <ConfirmDeleteDialog
          deletion={deletion}
          title="Delete group?"
          message={`“${group.name}” will be deleted. Its ${group.memberIds.length} member(s) lose the rights it grants.`}
          confirmLabel="Delete group"
        />
      )}
    </>
  );
}
