import { ActionIcon, Button, Group, MultiSelect, Select, Stack, Table, Text } from '@mantine/core';
import { withSelected } from '../../access/reference';
import { stateLabels, type TicketStatus } from './configData';
import { newTransitionKey, type TransitionDraft } from './typeForm';

interface Option {
  value: string;
  label: string;
}

interface TransitionRulesEditorProps {
  transitions: TransitionDraft[];
  /** The statuses the type allows; rules can only use these. */
  statuses: TicketStatus[];
  /** Every status, to name one a rule still uses after the type stopped allowing it. */
  allStatuses: TicketStatus[];
  userOptions: Option[];
  usersAllowed: boolean;
  unitOptions: Option[];
  canManage: boolean;
  /** Mark rows missing a status (after a save attempt). */
  showUnfinished: boolean;
  error?: string;
  onChange: (transitions: TransitionDraft[]) => void;
}

/** From-status → to-status rules, each for everyone or for chosen users and/or business units. */
export function TransitionRulesEditor({ transitions, statuses, allStatuses, userOptions, usersAllowed, unitOptions, canManage, showUnfinished, error, onChange }: TransitionRulesEditorProps) {
  const statusOptions = statuses.map((status) => ({ value: status.id, label: `${status.name} (${stateLabels[status.state].toLowerCase()})` }));
  const optionsWith = (selected: string | null) => {
    if (!selected || statuses.some((status) => status.id === selected)) return statusOptions;
    const status = allStatuses.find((candidate) => candidate.id === selected);
    return [...statusOptions, { value: selected, label: `${status?.name ?? selected} (not allowed by this type)` }];
  };
  const update = (key: string, change: Partial<TransitionDraft>) => onChange(transitions.map((t) => (t.key === key ? { ...t, ...change } : t)));
  return (
    <Stack gap="xs" data-testid="transition-rules">
      <Text size="sm" c="dimmed">
        A status with no rule starting from it lets tickets move to any status the life cycle allows. Once a rule starts from a status, only the listed moves are allowed from
        it. A rule with no users and no units applies to everyone; otherwise only to those users and the members of those units.
      </Text>
      {transitions.length > 0 && (
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="20%">From status</Table.Th>
                <Table.Th w="20%">To status</Table.Th>
                <Table.Th>Allowed users</Table.Th>
                <Table.Th>Allowed business units</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {transitions.map((rule, index) => (
                <Table.Tr key={rule.key} data-testid="transition-row">
                  <Table.Td>
                    <Select
                      aria-label={`Rule ${index + 1}: from status`}
                      data={optionsWith(rule.fromStatusId)}
                      value={rule.fromStatusId}
                      readOnly={!canManage}
                      placeholder="Choose"
                      onChange={(fromStatusId) => update(rule.key, { fromStatusId })}
                      error={showUnfinished && !rule.fromStatusId ? 'Choose a status' : undefined}
                      data-testid="transition-from"
                    />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Rule ${index + 1}: to status`}
                      data={optionsWith(rule.toStatusId)}
                      value={rule.toStatusId}
                      readOnly={!canManage}
                      placeholder="Choose"
                      onChange={(toStatusId) => update(rule.key, { toStatusId })}
                      error={showUnfinished && !rule.toStatusId ? 'Choose a status' : undefined}
                      data-testid="transition-to"
                    />
                  </Table.Td>
                  <Table.Td>
                    <MultiSelect
                      aria-label={`Rule ${index + 1}: allowed users`}
                      data={withSelected(userOptions, rule.userIds)}
                      value={rule.userIds}
                      searchable
                      readOnly={!canManage}
                      disabled={!usersAllowed}
                      placeholder={rule.userIds.length === 0 && rule.unitIds.length === 0 ? 'Everyone' : undefined}
                      onChange={(userIds) => update(rule.key, { userIds })}
                      data-testid="transition-users"
                    />
                  </Table.Td>
                  <Table.Td>
                    <MultiSelect
                      aria-label={`Rule ${index + 1}: allowed business units`}
                      data={withSelected(unitOptions, rule.unitIds)}
                      value={rule.unitIds}
                      searchable
                      readOnly={!canManage}
                      placeholder={rule.userIds.length === 0 && rule.unitIds.length === 0 ? 'Everyone' : undefined}
                      onChange={(unitIds) => update(rule.key, { unitIds })}
                      data-testid="transition-units"
                    />
                  </Table.Td>
                  <Table.Td>
                    {canManage && (
                      <ActionIcon variant="subtle" color="red" aria-label={`Remove rule ${index + 1}`} onClick={() => onChange(transitions.filter((t) => t.key !== rule.key))} data-testid="remove-transition">
                        ✕
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {transitions.length === 0 && (
        <Text size="sm" data-testid="no-transition-rules">
          No rules: every move the life cycle allows is open to everyone who works tickets.
        </Text>
      )}
      {!usersAllowed && (
        <Text size="xs" c="dimmed">
          You cannot view users, so rules can name business units only.
        </Text>
      )}
      {error && (
        <Text size="sm" c="red" data-testid="transitions-error">
          {error}
        </Text>
      )}
      {canManage && (
        <Group>
          <Button variant="light" size="xs" onClick={() => onChange([...transitions, { key: newTransitionKey(), fromStatusId: null, toStatusId: null, userIds: [], unitIds: [] }])} data-testid="add-transition">
            Add rule
          </Button>
        </Group>
      )}
    </Stack>
  );
}
