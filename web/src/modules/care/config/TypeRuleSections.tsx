import { Checkbox, Group, MultiSelect, Radio, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { categoryKinds, kindLabels, kindStates, stateColors, stateLabels, ticketStates, type CancellationReason, type TicketCategory, type TicketStatus } from './configData';
import { makeDefaultStatus, toggleStatus, type TypeForm } from './typeForm';

interface StatusesSectionProps {
  value: TypeForm['statuses'];
  statuses: TicketStatus[];
  canManage: boolean;
  error?: string;
  onChange: (value: TypeForm['statuses']) => void;
}

/** Which statuses the type uses, grouped by state, with the status a ticket gets on entering each state. */
export function StatusesSection({ value, statuses, canManage, error, onChange }: StatusesSectionProps) {
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Every state but temporarily resolved needs at least one allowed status. Where a state has several, the default is the one a ticket gets when it enters that state.
      </Text>
      <Table verticalSpacing={4} data-testid="type-statuses">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>State</Table.Th>
            <Table.Th>Allowed statuses</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ticketStates.map((state) => {
            const ofState = statuses.filter((status) => status.state === state);
            const defaultId = value.find((entry) => entry.isDefault && ofState.some((s) => s.id === entry.statusId))?.statusId ?? null;
            return (
              <Table.Tr key={state}>
                <Table.Td w={200}>
                  <Text size="sm" c={stateColors[state]} fw={500}>
                    {stateLabels[state]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {ofState.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No status is mapped to this state.
                    </Text>
                  ) : (
                    <Radio.Group value={defaultId} onChange={(statusId) => onChange(makeDefaultStatus(value, statusId, state, statuses))}>
                      <Stack gap={6}>
                        {ofState.map((status) => {
                          const allowed = value.some((entry) => entry.statusId === status.id);
                          return (
                            <Group key={status.id} gap="lg">
                              <Checkbox
                                w={220}
                                label={status.name}
                                checked={allowed}
                                disabled={!canManage}
                                onChange={(e) => onChange(toggleStatus(value, status, e.currentTarget.checked, statuses))}
                                data-testid={`type-status-${status.name}`}
                              />
                              {allowed && <Radio value={status.id} label="Default" size="xs" disabled={!canManage} data-testid={`type-status-default-${status.name}`} />}
                            </Group>
                          );
                        })}
                      </Stack>
                    </Radio.Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {error && (
        <Text size="sm" c="red" data-testid="type-statuses-error">
          {error}
        </Text>
      )}
    </Stack>
  );
}

interface CategoriesSectionProps {
  value: TypeForm['categories'];
  categories: TicketCategory[];
  canManage: boolean;
  error?: string;
  onChange: (value: TypeForm['categories']) => void;
}

/** The categories offered in each state (by kind), each kind with an optional default. */
export function CategoriesSection({ value, categories, canManage, error, onChange }: CategoriesSectionProps) {
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        None chosen for a kind: every category of that kind is allowed. A kind with a single category chosen uses it as the default.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {categoryKinds.map((kind) => {
          const ofKind = categories.filter((category) => category.kind === kind);
          const chosen = value.filter((entry) => ofKind.some((c) => c.id === entry.categoryId));
          const others = value.filter((entry) => !ofKind.some((c) => c.id === entry.categoryId));
          const options = ofKind.map((category) => ({ value: category.id, label: category.path }));
          return (
            <Stack key={kind} gap={4} data-testid={`type-categories-${kind}`}>
              <MultiSelect
                label={`${kindLabels[kind]} categories (${stateLabels[kindStates[kind]].toLowerCase()})`}
                data={options}
                value={chosen.map((entry) => entry.categoryId)}
                searchable
                readOnly={!canManage}
                placeholder={chosen.length === 0 ? 'Any' : undefined}
                onChange={(ids) => onChange([...others, ...ids.map((categoryId) => ({ categoryId, isDefault: chosen.find((c) => c.categoryId === categoryId)?.isDefault ?? false }))])}
              />
              <Select
                label="Default"
                size="xs"
                data={options.filter((option) => chosen.some((entry) => entry.categoryId === option.value))}
                value={chosen.find((entry) => entry.isDefault)?.categoryId ?? null}
                clearable
                readOnly={!canManage}
                disabled={chosen.length === 0}
                placeholder={chosen.length === 1 ? 'The only one' : 'None'}
                onChange={(id) => onChange([...others, ...chosen.map((entry) => ({ ...entry, isDefault: entry.categoryId === id }))])}
              />
            </Stack>
          );
        })}
      </SimpleGrid>
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

interface ReasonsSectionProps {
  value: TypeForm['cancellationReasons'];
  reasons: CancellationReason[];
  canManage: boolean;
  error?: string;
  onChange: (value: TypeForm['cancellationReasons']) => void;
}

export function ReasonsSection({ value, reasons, canManage, error, onChange }: ReasonsSectionProps) {
  const options = reasons.map((reason) => ({ value: reason.id, label: reason.name }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="type-reasons">
      <MultiSelect
        label="Allowed cancellation reasons"
        description="None chosen: every reason is offered"
        placeholder={value.length === 0 ? 'Any' : undefined}
        data={options}
        value={value.map((entry) => entry.reasonId)}
        searchable
        readOnly={!canManage}
        error={error}
        onChange={(ids) => onChange(ids.map((reasonId) => ({ reasonId, isDefault: value.find((r) => r.reasonId === reasonId)?.isDefault ?? false })))}
      />
      <Select
        label="Default reason"
        description="Preselected when staff cancel"
        data={options.filter((option) => value.some((entry) => entry.reasonId === option.value))}
        value={value.find((entry) => entry.isDefault)?.reasonId ?? null}
        clearable
        readOnly={!canManage}
        disabled={value.length === 0}
        onChange={(id) => onChange(value.map((entry) => ({ ...entry, isDefault: entry.reasonId === id })))}
      />
    </SimpleGrid>
  );
}
