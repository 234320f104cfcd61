import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Alert, Anchor, Button, Card, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Switch, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, call, fieldErrors, isStale } from '../../../api/client';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../../ui/ConfirmDelete';
import { HistoryPanel } from '../../../ui/HistoryPanel';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { LoadingState } from '../../../ui/States';
import { useUserOptions } from '../../access/reference';
import { careConfigKeys, refreshCareConfig, useCanManageCareConfig, useCancellationReasons, useCategories, useDepartments, useTicketStatuses, type TicketType } from './configData';
import { TransitionRulesEditor } from './TransitionRulesEditor';
import { CategoriesSection, ReasonsSection, StatusesSection } from './TypeRuleSections';
import { durationUnits, sameTypeForm, typeBodyOf, typeFormOf, unfinishedTransitions, type DurationUnit, type TypeForm } from './typeForm';
import { WriteProblem } from './WriteProblem';

export const ticketTypesPath = '/admin/care/ticket-types';

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder data-testid={testId}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** Every setting of one ticket type, saved together with its version. */
export function TicketTypePage({ typeId }: { typeId: string }) {
  const canManage = useCanManageCareConfig();
  const client = useQueryClient();
  const navigate = useNavigate();
  const type = useQuery({ queryKey: careConfigKeys.type(typeId), queryFn: () => call(api.GET('/api/v1/ticket-types/{id}', { params: { path: { id: typeId } } })) });
  const statuses = useTicketStatuses();
  const categories = useCategories();
  const reasons = useCancellationReasons();
  const departments = useDepartments();
  const users = useUserOptions();
  const [form, setForm] = useState<TypeForm | null>(null);
  const [showUnfinished, setShowUnfinished] = useState(false);
  // A fresh read (after saving, or after someone else's change) puts the form back to what is saved.
  useEffect(() => {
    if (type.data) setForm(typeFormOf(type.data));
  }, [type.data]);

  const save = useMutation({
    mutationFn: (next: TypeForm) => call(api.PATCH('/api/v1/ticket-types/{id}', { params: { path: { id: typeId } }, body: typeBodyOf(next, type.data!.version) })),
    onSuccess: async (saved) => {
      client.setQueryData(careConfigKeys.type(typeId), saved);
      setShowUnfinished(false);
      await refreshCareConfig(client);
    },
    onError: (error) => {
      if (isStale(error)) void refreshCareConfig(client);
    },
  });
  const deletion = useDeleteConfirmation({
    remove: (target: TicketType) => call(api.DELETE('/api/v1/ticket-types/{id}', { params: { path: { id: target.id } } })),
    onDeleted: async () => {
      client.removeQueries({ queryKey: careConfigKeys.type(typeId) });
      await refreshCareConfig(client);
      await navigate({ to: ticketTypesPath });
    },
  });

  if (type.isPending || (type.data && !form)) return <LoadingState label="Loading the ticket type…" />;
  if (type.isError) return <ProblemAlert error={type.error} onRetry={() => void type.refetch()} />;
  if (!form) return null;

  const saved = type.data!;
  const errors = fieldErrors(save.error);
  const change = (next: Partial<TypeForm>) => setForm({ ...form, ...next });
  const allowedStatuses = statuses.items.filter((status) => form.statuses.some((entry) => entry.statusId === status.id));
  const unitOptions = departments.items.map((unit) => ({ value: unit.id, label: unit.name }));
  const dirty = !sameTypeForm(form, typeFormOf(saved));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canManage) return;
    if (unfinishedTransitions(form).length > 0) {
      setShowUnfinished(true);
      return;
    }
    save.mutate(form);
  };
  const settingsError = statuses.error ?? categories.error ?? reasons.error ?? departments.error;

  return (
    <form onSubmit={submit} data-testid="ticket-type-form">
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
        <Stack gap={2}>
          <Anchor component={Link} to={ticketTypesPath} size="sm">
            ← Ticket types
          </Anchor>
          <Title order={2} data-testid="ticket-type-title">
            {saved.name}
          </Title>
          <Text size="sm" c="dimmed">
            Code {saved.code}
            {saved.isDefault ? ' · the default type' : ''}
          </Text>
        </Stack>
        {canManage && (
          <Group gap="xs">
            <Button
              color="red"
              variant="light"
              disabled={saved.isDefault}
              title={saved.isDefault ? 'Make another type the default first' : undefined}
              onClick={() => deletion.ask(saved)}
              data-testid="delete-ticket-type"
            >
              Delete
            </Button>
            <Button variant="default" disabled={!dirty || save.isPending} onClick={() => setForm(typeFormOf(saved))}>
              Discard changes
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="save-ticket-type">
              Save changes
            </Button>
          </Group>
        )}
      </Group>
      <Tabs defaultValue="settings" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="settings">Settings</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings">
          <Stack>
            {settingsError != null && <ProblemAlert error={settingsError} title="Some settings could not be loaded" />}
            <WriteProblem
              error={save.error}
              fields={['name', 'code', 'description', 'completeWithin', 'statuses', 'transitions', 'categories', 'cancellationReasons', 'creatorUnitIds']}
              what="This ticket type"
              onReload={() => {
                save.reset();
                void refreshCareConfig(client);
              }}
            />
            {Object.keys(errors).length > 0 && (
              <Alert color="red" variant="light" data-testid="ticket-type-field-errors">
                Nothing was saved. Check the fields marked below.
              </Alert>
            )}
            {save.isSuccess && !dirty && (
              <Alert color="green" variant="light" data-testid="ticket-type-saved">
                Saved.
              </Alert>
            )}
            {showUnfinished && unfinishedTransitions(form).length > 0 && (
              <Alert color="red" variant="light" data-testid="unfinished-transitions">
                Choose both statuses in every transition rule, or remove the rules you do not need.
              </Alert>
            )}
            <Section title="General">
              <Stack>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label="Name" required readOnly={!canManage} value={form.name} onChange={(e) => change({ name: e.currentTarget.value })} error={errors.name} data-testid="type-name" />
                  <TextInput
                    label="Code"
                    required
                    readOnly={!canManage}
                    value={form.code}
                    onChange={(e) => change({ code: e.currentTarget.value })}
                    error={errors.code}
                    description="Letters, digits, dashes and underscores"
                    data-testid="type-code"
                  />
                </SimpleGrid>
                <Textarea label="Description" autosize minRows={2} readOnly={!canManage} value={form.description} onChange={(e) => change({ description: e.currentTarget.value })} error={errors.description} />
                <Switch
                  label="Default type"
                  description="New tickets get this type when none is chosen"
                  checked={form.isDefault}
                  disabled={!canManage || saved.isDefault}
                  onChange={(e) => change({ isDefault: e.currentTarget.checked })}
                  data-testid="type-default"
                />
                <Group align="flex-end">
                  <Switch
                    label="To be completed within"
                    checked={form.hasTarget}
                    disabled={!canManage}
                    onChange={(e) => change({ hasTarget: e.currentTarget.checked })}
                    data-testid="type-has-target"
                  />
                  <NumberInput
                    aria-label="Amount"
                    w={110}
                    min={1}
                    max={100_000}
                    allowDecimal={false}
                    disabled={!form.hasTarget}
                    readOnly={!canManage}
                    value={form.targetAmount}
                    onChange={(value) => change({ targetAmount: typeof value === 'number' ? value : Number(value) || 1 })}
                    data-testid="type-target-amount"
                  />
                  <Select
                    aria-label="Unit"
                    w={140}
                    data={durationUnits.map((unit) => ({ value: unit, label: unit }))}
                    value={form.targetUnit}
                    allowDeselect={false}
                    disabled={!form.hasTarget}
                    readOnly={!canManage}
                    onChange={(value) => value && change({ targetUnit: value as DurationUnit })}
                    data-testid="type-target-unit"
                  />
                </Group>
                {errors.completeWithin && (
                  <Text size="sm" c="red">
                    {errors.completeWithin}
                  </Text>
                )}
                <Switch
                  label="Recalculate key dates on responding"
                  description="The expected completion starts again from the first response"
                  checked={form.recalculateOnRespond}
                  disabled={!canManage}
                  onChange={(e) => change({ recalculateOnRespond: e.currentTarget.checked })}
                  data-testid="type-recalculate"
                />
              </Stack>
            </Section>
            <Section title="Statuses" testId="type-statuses-section">
              <StatusesSection value={form.statuses} statuses={statuses.items} canManage={canManage} error={errors.statuses} onChange={(next) => change({ statuses: next })} />
            </Section>
            <Section title="Transition rules" testId="type-transitions-section">
              <TransitionRulesEditor
                transitions={form.transitions}
                statuses={allowedStatuses}
                allStatuses={statuses.items}
                userOptions={users.options}
                usersAllowed={users.allowed}
                unitOptions={unitOptions}
                canManage={canManage}
                showUnfinished={showUnfinished}
                error={errors.transitions}
                onChange={(transitions) => change({ transitions })}
              />
            </Section>
            <Section title="Categories">
              <CategoriesSection value={form.categories} categories={categories.items} canManage={canManage} error={errors.categories} onChange={(next) => change({ categories: next })} />
            </Section>
            <Section title="Cancellation reasons">
              <ReasonsSection value={form.cancellationReasons} reasons={reasons.items} canManage={canManage} error={errors.cancellationReasons} onChange={(next) => change({ cancellationReasons: next })} />
            </Section>
            <Section title="Who may create tickets of this type">
              <MultiSelect
                label="Business units"
                description="Only members of these units may create tickets of this type; none chosen lets everyone who creates tickets use it"
                data={unitOptions}
                value={form.creatorUnitIds}
                searchable
                readOnly={!canManage}
                placeholder={form.creatorUnitIds.length === 0 ? 'Everyone' : undefined}
                error={errors.creatorUnitIds}
                onChange={(creatorUnitIds) => change({ creatorUnitIds })}
                data-testid="type-creator-units"
              />
            </Section>
            {canManage && (
              <Group justify="flex-end">
                <Button type="submit" loading={save.isPending} disabled={!dirty} data-testid="save-ticket-type-bottom">
                  Save changes
                </Button>
              </Group>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <HistoryPanel recordType="ticket_type" recordId={typeId} />
        </Tabs.Panel>
      </Tabs>
      <ConfirmDeleteDialog deletion={deletion} title="Delete ticket type?" message={`“${saved.name}” will be deleted with its rules. A type that tickets use cannot be deleted.`} />
    </form>
  );
}
