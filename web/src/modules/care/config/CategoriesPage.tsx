import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Modal, SegmentedControl, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { api, call } from '../../../api/client';
import { DetailsWithHistory } from '../../../ui/DetailsWithHistory';
import { FormActions } from '../../../ui/FormActions';
import { PageHeader } from '../../../ui/PageHeader';
import { QueryState } from '../../../ui/QueryState';
import { RowActions } from '../../../ui/RowActions';
import { useFormSave } from '../../../ui/useFormSave';
import {
  categoryKinds,
  classificationLabels,
  classifications,
  kindLabels,
  refreshCareConfig,
  useCanManageCareConfig,
  useCategories,
  type CategoryKind,
  type Classification,
  type TicketCategory,
} from './configData';
import { WriteProblem } from './WriteProblem';

const kindDescriptions: Record<CategoryKind, string> = {
  request: 'What the customer asks for; each has a classification.',
  response: 'How staff answered. A response that requires acceptance waits for the customer.',
  temporary_resolution: 'Workarounds that stop the problem for now.',
  final_resolution: 'Solutions. One that requires acceptance waits for the customer before the ticket can complete.',
};

/** Depth of each category in its tree (the list comes parents first). */
function depths(items: TicketCategory[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const item of items) depth.set(item.id, item.parentId ? (depth.get(item.parentId) ?? 0) + 1 : 0);
  return depth;
}

/** The category and everything under it: it cannot move below any of these. */
function selfAndDescendants(items: TicketCategory[], id: string): Set<string> {
  const found = new Set([id]);
  for (const item of items) if (item.parentId && found.has(item.parentId)) found.add(item.id);
  return found;
}

type Editing = { mode: 'new'; parentId: string | null } | { mode: 'edit'; id: string };

export function CategoriesPage() {
  const canManage = useCanManageCareConfig();
  const categories = useCategories();
  const [kind, setKind] = useState<CategoryKind>('request');
  const [editing, setEditing] = useState<Editing | null>(null);
  const ofKind = categories.items.filter((category) => category.kind === kind);
  const depth = depths(ofKind);
  return (
    <>
      <PageHeader
        title="Categories"
        description="Hierarchical categories for what customers ask and for the answers and resolutions staff give."
        actions={
          canManage && (
            <Button onClick={() => setEditing({ mode: 'new', parentId: null })} data-testid="new-category">
              New {kindLabels[kind].toLowerCase()} category
            </Button>
          )
        }
      />
      <SegmentedControl
        mb="xs"
        value={kind}
        onChange={(value) => setKind(value as CategoryKind)}
        data={categoryKinds.map((value) => ({ value, label: kindLabels[value] }))}
        data-testid="category-kind"
      />
      <Text size="sm" c="dimmed" mb="md">
        {kindDescriptions[kind]}
      </Text>
      <QueryState query={categories} loadingLabel="Loading categories…" isEmpty={ofKind.length === 0} emptyTitle={`No ${kindLabels[kind].toLowerCase()} categories yet`}>
        {() => (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" highlightOnHover data-testid="categories-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>{kind === 'request' ? 'Classification' : 'Acceptance'}</Table.Th>
                  <Table.Th w={220} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {ofKind.map((category) => (
                  <Table.Tr key={category.id} data-testid={`category-row-${category.path}`}>
                    <Table.Td>
                      <Text size="sm" pl={(depth.get(category.id) ?? 0) * 24}>
                        {(depth.get(category.id) ?? 0) > 0 && <span aria-hidden="true">└ </span>}
                        {category.name}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {kind === 'request' ? (
                        category.classification && <Badge variant="light">{classificationLabels[category.classification]}</Badge>
                      ) : category.requiresAcceptance ? (
                        <Badge variant="light" color="orange">
                          Requires acceptance
                        </Badge>
                      ) : (
                        <Text size="sm" c="dimmed">
                          Not required
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <RowActions canManage={canManage} onEdit={() => setEditing({ mode: 'edit', id: category.id })} editTestId="edit-category">
                        {canManage && (
                          <Button size="compact-sm" variant="subtle" onClick={() => setEditing({ mode: 'new', parentId: category.id })} data-testid="add-subcategory">
                            Add subcategory
                          </Button>
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
      <CategoryModal
        kind={kind}
        editing={editing}
        categories={ofKind}
        canManage={canManage}
        onClose={() => setEditing(null)}
      />
    </>
  );
}

interface CategoryForm {
  name: string;
  parentId: string | null;
  classification: Classification | null;
  requiresAcceptance: boolean;
}

function CategoryModal({ kind, editing, categories, canManage, onClose }: { kind: CategoryKind; editing: Editing | null; categories: TicketCategory[]; canManage: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const category = editing?.mode === 'edit' ? (categories.find((c) => c.id === editing.id) ?? null) : null;
  const newParentId = editing?.mode === 'new' ? editing.parentId : null;
  const parent = newParentId ? categories.find((c) => c.id === newParentId) : undefined;
  const [form, setForm] = useState<CategoryForm>({ name: '', parentId: null, classification: null, requiresAcceptance: false });
  useEffect(() => {
    if (!editing) return;
    setForm(
      category
        ? { name: category.name, parentId: category.parentId, classification: category.classification, requiresAcceptance: category.requiresAcceptance }
        : // A subcategory starts with its parent's classification and acceptance rule.
          { name: '', parentId: newParentId, classification: parent?.classification ?? null, requiresAcceptance: parent?.requiresAcceptance ?? false },
    );
  }, [editing, category, newParentId, parent]);
  const save = useFormSave({
    save: () => {
      const rules = kind === 'request' ? { classification: form.classification ?? undefined } : { requiresAcceptance: form.requiresAcceptance };
      return category
        ? call(api.PATCH('/api/v1/ticket-categories/{id}', { params: { path: { id: category.id } }, body: { version: category.version, name: form.name, parentId: form.parentId, ...rules } }))
        : call(api.POST('/api/v1/ticket-categories', { body: { kind, name: form.name, parentId: form.parentId ?? undefined, ...rules } }));
    },
    onSaved: () => refreshCareConfig(client),
    onStale: () => void refreshCareConfig(client),
    canSave: canManage,
    onClose,
  });
  const errors = save.fieldErrors;
  const excluded = category ? selfAndDescendants(categories, category.id) : new Set<string>();
  const parentOptions = categories.filter((c) => !excluded.has(c.id)).map((c) => ({ value: c.id, label: c.path }));
  const details = (
    <form onSubmit={save.submit} data-testid="category-form">
      <Stack>
        <TextInput label="Name" required readOnly={!canManage} data-autofocus value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.name} data-testid="category-name" />
        <Select
          label="Parent"
          placeholder="None (top level)"
          clearable
          searchable
          data={parentOptions}
          value={form.parentId}
          readOnly={!canManage}
          onChange={(parentId) => setForm({ ...form, parentId })}
          error={errors.parentId}
          data-testid="category-parent"
        />
        {kind === 'request' ? (
          <Select
            label="Classification"
            required
            data={classifications.map((value) => ({ value, label: classificationLabels[value] }))}
            value={form.classification}
            readOnly={!canManage}
            onChange={(value) => setForm({ ...form, classification: value as Classification | null })}
            error={errors.classification}
            data-testid="category-classification"
          />
        ) : (
          <Switch
            label="Requires acceptance"
            description="Tickets answered or resolved with this category wait for the customer to accept"
            disabled={!canManage}
            checked={form.requiresAcceptance}
            onChange={(e) => setForm({ ...form, requiresAcceptance: e.currentTarget.checked })}
            error={errors.requiresAcceptance}
            data-testid="category-requires-acceptance"
          />
        )}
        <WriteProblem
          error={save.error}
          fields={['name', 'parentId', 'classification', 'requiresAcceptance']}
          what="This category"
          onReload={() => {
            save.reset();
            void refreshCareConfig(client);
          }}
        />
        <FormActions canSave={canManage} saving={save.isPending} submitLabel={category ? 'Save changes' : 'Create category'} submitTestId="save-category" onCancel={save.close} />
      </Stack>
    </form>
  );
  const title = category ? `${kindLabels[kind]} category: ${category.path}` : `New ${kindLabels[kind].toLowerCase()} category`;
  return (
    <Modal opened={editing !== null} onClose={save.close} title={title}>
      <DetailsWithHistory recordType="ticket_category" recordId={category?.id}>
        {details}
      </DetailsWithHistory>
    </Modal>
  );
}
