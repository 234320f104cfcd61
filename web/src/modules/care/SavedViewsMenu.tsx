import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { filtersForView, filtersFromView, type QueueFilters } from './queueFilters';

const viewsKey = ['tickets', 'views'];

function viewKey(filters: Record<string, string>): string {
  return JSON.stringify(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
}

/** A stored view's filters as the queue would save them again (defaults filled in, unknown keys dropped). */
function filtersFromViewStrings(stored: Record<string, string>): Record<string, string> {
  return filtersForView(filtersFromView(stored));
}

/** The signed-in user's saved queue views: pick one, save the current filters as one, delete one. */
export function SavedViewsMenu({ filters, onApply }: { filters: QueueFilters; onApply: (filters: QueueFilters) => void }) {
  const client = useQueryClient();
  const views = useQuery({ queryKey: viewsKey, queryFn: () => call(api.GET('/api/v1/ticket-views')) });
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [name, setName] = useState('');

  const save = useMutation({
    mutationFn: () => call(api.POST('/api/v1/ticket-views', { body: { name, filters: filtersForView(filters) } })),
    onSuccess: async (view) => {
      await client.invalidateQueries({ queryKey: viewsKey });
      onApply(filtersFromView(view.filters));
      setSaving(false);
      setName('');
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/ticket-views/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: viewsKey });
      setDeleting(false);
    },
  });
  const items = views.data?.items ?? [];
  // The view shown as picked is the one whose filters are exactly the queue's current ones.
  const currentKey = viewKey(filtersForView(filters));
  const current = items.find((view) => viewKey(filtersFromViewStrings(view.filters)) === currentKey);
  const errors = fieldErrors(save.error);

  return (
    <Group gap="xs" align="flex-end">
      <Select
        w={200}
        label="Saved view"
        placeholder={items.length ? 'Pick a view' : 'No saved views yet'}
        allowDeselect={false}
        data={items.map((view) => ({ value: view.id, label: view.name }))}
        value={current?.id ?? null}
        onChange={(id) => {
          const view = items.find((item) => item.id === id);
          if (view) onApply(filtersFromView(view.filters));
        }}
        data-testid="saved-view"
      />
      <Button variant="default" onClick={() => setSaving(true)} data-testid="save-view">
        Save view
      </Button>
      {current && (
        <Button variant="subtle" color="red" onClick={() => setDeleting(true)} data-testid="delete-view">
          Delete view
        </Button>
      )}
      <Modal opened={saving} onClose={() => setSaving(false)} title="Save these filters as a view" centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <Stack>
            <ProblemAlert error={save.error} fields={['name']} />
            <TextInput label="Name" placeholder="e.g. Sales, waiting on us" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="view-name" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setSaving(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending} data-testid="view-save-submit">
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmDialog
        opened={deleting}
        title="Delete saved view"
        message={`Delete the view "${current?.name ?? ''}"? The tickets are not affected.`}
        confirmLabel="Delete"
        onConfirm={() => current && remove.mutate(current.id)}
        onClose={() => setDeleting(false)}
        loading={remove.isPending}
        error={remove.error}
      />
    </Group>
  );
}
