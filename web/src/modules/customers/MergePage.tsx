import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Badge, Button, Card, Group, Radio, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { api, call } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { LoadingState } from '../../ui/States';
import { formatAddress } from './customerData';
import { ContactLink } from './links';
import { rememberMerge, type MergePreview, type MergeResult, type MergeSide } from './mergeData';

type Choice = MergePreview['choices'][number];

function sideText(value: { text: string | null }) {
  return value.text ?? '—';
}

/** One field: the two values side by side, with a radio button on each when they differ. */
function ChoiceRow({ choice, pick, onPick }: { choice: Choice; pick: MergeSide; onPick: (side: MergeSide) => void }) {
  const cell = (side: MergeSide) => {
    const value = choice[side];
    if (!choice.differs) return <Text size="sm">{sideText(value)}</Text>;
    return <Radio checked={pick === side} onChange={() => onPick(side)} label={sideText(value)} name={choice.field} data-testid={`pick-${choice.field}-${side}`} />;
  };
  return (
    <Table.Tr data-testid={`merge-field-${choice.field}`}>
      <Table.Td>
        <Text size="sm" c={choice.differs ? undefined : 'dimmed'}>
          {choice.label}
        </Text>
      </Table.Td>
      <Table.Td>{cell('winner')}</Table.Td>
      <Table.Td>{cell('loser')}</Table.Td>
    </Table.Tr>
  );
}

function Outcome({ preview }: { preview: MergePreview }) {
  const { result } = preview;
  const list = (entries: string[], testId: string) => (
    <Text size="sm" data-testid={testId}>
      {entries.length ? entries.join(', ') : '—'}
    </Text>
  );
  return (
    <Card withBorder padding="sm" data-testid="merge-outcome">
      <Stack gap={6}>
        <Text fw={600}>After the merge</Text>
        <Text size="sm" data-testid="merge-outcome-name">
          {result.displayName}
          {result.companyName ? ` · ${result.companyName}` : ''}
        </Text>
        <Text size="xs" c="dimmed">Emails</Text>
        {list(result.emails.map((entry) => (entry.isDefault ? `${entry.email} (default)` : entry.email)), 'merge-outcome-emails')}
        <Text size="xs" c="dimmed">Phones</Text>
        {list(result.phones.map((entry) => (entry.isDefault ? `${entry.number} (default)` : entry.number)), 'merge-outcome-phones')}
        <Text size="xs" c="dimmed">Addresses</Text>
        {list(result.addresses.map((entry) => `${formatAddress(entry)}${entry.isDefault ? ` (default ${entry.kind})` : ''}`), 'merge-outcome-addresses')}
        <Text size="xs" c="dimmed">Tags</Text>
        <Group gap={4}>{result.tags.length ? result.tags.map((tag) => <Badge key={tag} variant="outline">{tag}</Badge>) : <Text size="sm">—</Text>}</Group>
      </Stack>
    </Card>
  );
}

/**
 * Two contacts side by side before a merge: the user picks per field which value stays (the
 * preview is the server's dry run, so what is shown is what will happen), sees what moves, and
 * confirms. Afterwards the winner's page says so and offers the undo.
 */
export function MergePage({ winnerId, loserId }: { winnerId: string; loserId: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const [picks, setPicks] = useState<Record<string, MergeSide>>({});
  const [confirming, setConfirming] = useState(false);
  const preview = useQuery({
    queryKey: ['contacts', 'merge-preview', winnerId, loserId, picks],
    queryFn: async () => (await call(api.POST('/api/v1/contacts/merge', { body: { winnerId, loserId, picks, dryRun: true } }))) as MergePreview,
    placeholderData: keepPreviousData,
  });
  const merge = useMutation({
    mutationFn: async (data: MergePreview) =>
      (await call(api.POST('/api/v1/contacts/merge', { body: { winnerId, loserId, picks, winnerVersion: data.winner.version, loserVersion: data.loser.version } }))) as MergeResult,
    onSuccess: async (result) => {
      rememberMerge(winnerId, result.merge);
      await Promise.all([client.invalidateQueries({ queryKey: ['contacts'] }), client.invalidateQueries({ queryKey: ['tickets'] })]);
      void navigate({ to: '/customers/$id', params: { id: winnerId } });
    },
  });
  const swap = () => void navigate({ to: '/customers/merge', search: { winner: loserId, loser: winnerId }, replace: true });

  if (preview.isLoading) return <LoadingState />;
  if (!preview.data) return <ProblemAlert error={preview.error} onRetry={() => void preview.refetch()} />;
  const data = preview.data;
  const differing = data.choices.filter((choice) => choice.differs);
  const same = data.choices.filter((choice) => !choice.differs);

  return (
    <Stack>
      <PageHeader
        title="Merge contacts"
        description={`Pick the value to keep where the two differ. Emails, phones, addresses and tags of both are kept. The merge can be undone for ${data.undoDays} days.`}
        actions={
          <Button variant="default" onClick={swap} data-testid="merge-swap">
            Keep the other one
          </Button>
        }
      />
      <ProblemAlert error={preview.error} />
      <Table data-testid="merge-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={180}>Field</Table.Th>
            <Table.Th>
              Keep: <ContactLink id={data.winner.id} testId="merge-winner">{data.winner.displayName}</ContactLink>
            </Table.Th>
            <Table.Th>
              Merge in: <ContactLink id={data.loser.id} testId="merge-loser">{data.loser.displayName}</ContactLink>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...differing, ...same].map((choice) => (
            // The radio follows the click at once; the preview below catches up with the server's dry run.
            <ChoiceRow key={choice.field} choice={choice} pick={picks[choice.field] ?? choice.pick} onPick={(side) => setPicks({ ...picks, [choice.field]: side })} />
          ))}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Outcome preview={data} />
        <Card withBorder padding="sm" data-testid="merge-moves">
          <Stack gap={6}>
            <Text fw={600}>Moves to {data.winner.displayName}</Text>
            {data.moves.length ? (
              data.moves.map((move) => (
                <Text size="sm" key={move.kind}>
                  {move.label}: {move.count}
                </Text>
              ))
            ) : (
              <Text size="sm" c="dimmed">
                Nothing is linked to {data.loser.displayName}.
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {data.loser.displayName}&apos;s history shows on {data.winner.displayName}&apos;s timeline; old links to it lead there.
            </Text>
          </Stack>
        </Card>
      </SimpleGrid>
      {data.blockers.length > 0 && (
        <Alert color="red" title="These contacts cannot be merged yet" data-testid="merge-blockers">
          {data.blockers.map((reason) => (
            <Text size="sm" key={reason}>
              {reason}
            </Text>
          ))}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={() => window.history.back()}>
          Cancel
        </Button>
        <Button onClick={() => setConfirming(true)} disabled={data.blockers.length > 0 || preview.isFetching} data-testid="merge-submit">
          Merge
        </Button>
      </Group>
      <ConfirmDialog
        opened={confirming}
        title="Merge contacts"
        message={`Merge ${data.loser.displayName} into ${data.winner.displayName}? ${data.loser.displayName} is hidden and everything linked to it moves to ${data.winner.displayName}. You can undo this for ${data.undoDays} days.`}
        confirmLabel="Merge"
        color="blue"
        onConfirm={() => merge.mutate(data)}
        onClose={() => setConfirming(false)}
        loading={merge.isPending}
        error={merge.error}
      />
    </Stack>
  );
}
