import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Radio, Select, SimpleGrid, Stack, Switch, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { api, call, fieldErrors } from '../../../api/client';
import { HistoryPanel } from '../../../ui/HistoryPanel';
import { PageHeader } from '../../../ui/PageHeader';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { LoadingState } from '../../../ui/States';
import { careConfigKeys, useCanManageCareConfig, usePriorityModel, type PriorityLevel, type PriorityModel } from './configData';

type LevelKind = 'impacts' | 'urgencies' | 'priorities';

interface Draft {
  impacts: PriorityLevel[];
  urgencies: PriorityLevel[];
  priorities: PriorityLevel[];
  /** Explicit cells only, keyed "impactId:urgencyId"; a pair left out is filled automatically. */
  cells: Record<string, string>;
}

const pairKey = (impactId: string, urgencyId: string) => `${impactId}:${urgencyId}`;

function draftOf(model: PriorityModel): Draft {
  return {
    impacts: model.impacts.map((level) => ({ ...level })),
    urgencies: model.urgencies.map((level) => ({ ...level })),
    priorities: model.priorities.map((level) => ({ ...level })),
    cells: Object.fromEntries(model.matrix.filter((cell) => cell.explicit).map((cell) => [pairKey(cell.impactId, cell.urgencyId), cell.priorityId])),
  };
}

const sameEnabled = (a: PriorityLevel[], b: PriorityLevel[]) => a.every((level, index) => level.enabled === b[index]?.enabled);

export function PriorityModelPage() {
  const canManage = useCanManageCareConfig();
  const client = useQueryClient();
  const model = usePriorityModel();
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (model.data) setDraft(draftOf(model.data));
  }, [model.data]);
  const save = useMutation({
    mutationFn: (next: Draft) =>
      call(
        api.PUT('/api/v1/priority-model', {
          body: {
            impacts: next.impacts.map(({ id, label, enabled, isDefault }) => ({ id, label, enabled, isDefault })),
            urgencies: next.urgencies.map(({ id, label, enabled, isDefault }) => ({ id, label, enabled, isDefault })),
            priorities: next.priorities.map(({ id, label, enabled }) => ({ id, label, enabled })),
            matrix: Object.entries(next.cells).map(([pair, priorityId]) => {
              const [impactId, urgencyId] = pair.split(':') as [string, string];
              return { impactId, urgencyId, priorityId };
            }),
          },
        }),
      ),
    onSuccess: async (saved) => {
      client.setQueryData(careConfigKeys.priorityModel, saved);
      await client.invalidateQueries({ queryKey: careConfigKeys.all });
    },
  });
  const [tab, setTab] = useState<string | null>('model');

  if (model.isPending || (model.data && !draft)) return <LoadingState label="Loading the priority model…" />;
  if (model.isError) return <ProblemAlert error={model.error} onRetry={() => void model.refetch()} />;
  if (!draft) return null;

  const saved = model.data!;
  const errors = fieldErrors(save.error);
  const changeLevel = (kind: LevelKind, id: string, change: Partial<PriorityLevel>) => {
    save.reset();
    setDraft({
      ...draft,
      [kind]: draft[kind].map((level) => {
        if (level.id === id) return { ...level, ...change };
        // One default per kind: choosing one clears the others.
        return change.isDefault ? { ...level, isDefault: false } : level;
      }),
    });
  };
  const setCell = (impactId: string, urgencyId: string, priorityId: string | null) => {
    save.reset();
    const cells = { ...draft.cells };
    if (priorityId) cells[pairKey(impactId, urgencyId)] = priorityId;
    else delete cells[pairKey(impactId, urgencyId)];
    setDraft({ ...draft, cells });
  };
  // The automatic choices come from the saved model; after enabling or disabling levels they are known once saved.
  const levelsChanged = !sameEnabled(draft.impacts, saved.impacts) || !sameEnabled(draft.urgencies, saved.urgencies) || !sameEnabled(draft.priorities, saved.priorities);
  const autoLabel = (impactId: string, urgencyId: string) => {
    if (levelsChanged) return 'Automatic (shown after saving)';
    const cell = saved.matrix.find((c) => c.impactId === impactId && c.urgencyId === urgencyId);
    const priority = saved.priorities.find((p) => p.id === cell?.priorityId);
    return priority ? `Automatic: ${priority.label}` : 'Automatic';
  };
  const enabledImpacts = draft.impacts.filter((level) => level.enabled);
  const enabledUrgencies = draft.urgencies.filter((level) => level.enabled);
  const priorityOptions = draft.priorities.filter((level) => level.enabled).map((level) => ({ value: level.id, label: level.label }));
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(saved));

  return (
    <>
      <PageHeader
        title="Priority model"
        description="A ticket's priority comes from its impact and urgency; pairs left empty are filled automatically."
        actions={
          canManage && (
            <>
              <Button variant="default" disabled={!dirty || save.isPending} onClick={() => setDraft(draftOf(saved))} data-testid="discard-priority-model">
                Discard changes
              </Button>
              <Button disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(draft)} data-testid="save-priority-model">
                Save priority model
              </Button>
            </>
          )
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="model">Levels and matrix</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="model">
          <Stack>
            <ProblemAlert error={save.error} fields={['impacts', 'urgencies', 'priorities', 'matrix']} />
            {save.isSuccess && !dirty && (
              <Alert color="green" variant="light" data-testid="priority-model-saved">
                The priority model is saved.
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, lg: 3 }}>
              <LevelTable title="Impact levels" kind="impacts" levels={draft.impacts} withDefault canManage={canManage} error={errors.impacts} onChange={changeLevel} />
              <LevelTable title="Urgency levels" kind="urgencies" levels={draft.urgencies} withDefault canManage={canManage} error={errors.urgencies} onChange={changeLevel} />
              <LevelTable title="Priorities" kind="priorities" levels={draft.priorities} canManage={canManage} error={errors.priorities} onChange={changeLevel} />
            </SimpleGrid>
            <Card withBorder>
              <Title order={4} mb={4}>
                Impact × urgency
              </Title>
              <Text size="sm" c="dimmed" mb="sm">
                Rows are impact levels, columns urgency levels (enabled ones only). Clear a cell to let Patron fill it.
              </Text>
              {enabledImpacts.length === 0 || enabledUrgencies.length === 0 || priorityOptions.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Enable at least one impact level, one urgency level and one priority to fill the matrix.
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={120 + enabledUrgencies.length * 180}>
                  <Table withColumnBorders data-testid="priority-matrix">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Impact \ Urgency</Table.Th>
                        {enabledUrgencies.map((urgency) => (
                          <Table.Th key={urgency.id}>{urgency.label}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {enabledImpacts.map((impact) => (
                        <Table.Tr key={impact.id}>
                          <Table.Th>{impact.label}</Table.Th>
                          {enabledUrgencies.map((urgency) => (
                            <Table.Td key={urgency.id}>
                              <Select
                                aria-label={`Priority for ${impact.label} impact and ${urgency.label} urgency`}
                                data={priorityOptions}
                                value={draft.cells[pairKey(impact.id, urgency.id)] ?? null}
                                placeholder={autoLabel(impact.id, urgency.id)}
                                clearable
                                readOnly={!canManage}
                                onChange={(value) => setCell(impact.id, urgency.id, value)}
                                data-testid={`matrix-cell-${impact.rank}-${urgency.rank}`}
                                data-explicit={draft.cells[pairKey(impact.id, urgency.id)] ? 'true' : 'false'}
                              />
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              {errors.matrix && (
                <Text size="sm" c="red" mt="xs">
                  {errors.matrix}
                </Text>
              )}
            </Card>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <HistoryPanel recordType="priority_model" recordId="priority_model" />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

interface LevelTableProps {
  title: string;
  kind: LevelKind;
  levels: PriorityLevel[];
  withDefault?: boolean;
  canManage: boolean;
  error?: string;
  onChange: (kind: LevelKind, id: string, change: Partial<PriorityLevel>) => void;
}

function LevelTable({ title, kind, levels, withDefault, canManage, error, onChange }: LevelTableProps) {
  const defaultId = levels.find((level) => level.isDefault)?.id ?? null;
  return (
    <Card withBorder data-testid={`levels-${kind}`}>
      <Title order={4} mb="sm">
        {title}
      </Title>
      <Radio.Group value={defaultId} onChange={(id) => onChange(kind, id, { isDefault: true })}>
        <Table verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>Enabled</Table.Th>
              {withDefault && <Table.Th>Default</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {levels.map((level) => (
              <Table.Tr key={level.id} data-testid={`level-${kind}-${level.rank}`}>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label={`${title}: label of level ${level.rank}`}
                    value={level.label}
                    readOnly={!canManage}
                    onChange={(e) => onChange(kind, level.id, { label: e.currentTarget.value })}
                    data-testid="level-label"
                  />
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`${title}: level ${level.rank} enabled`}
                    checked={level.enabled}
                    disabled={!canManage}
                    onChange={(e) => onChange(kind, level.id, { enabled: e.currentTarget.checked })}
                    data-testid="level-enabled"
                  />
                </Table.Td>
                {withDefault && (
                  <Table.Td>
                    <Radio value={level.id} aria-label={`${title}: level ${level.rank} is the default`} disabled={!canManage || !level.enabled} data-testid="level-default" />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Radio.Group>
      {error && (
        <Text size="sm" c="red" mt="xs">
          {error}
        </Text>
      )}
    </Card>
  );
}
