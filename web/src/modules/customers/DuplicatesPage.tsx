import { useEffect, useState } from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Badge, Button, Center, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { customerRights } from './customerData';
import { ContactLink } from './links';
import { CustomersTabs } from './ListFilters';
import type { DuplicatePair } from './mergeData';

/** How many more pairs, and at most how many more pages, one "Load more" looks for. */
const morePairs = 25;
const morePages = 10;

function scoreColor(score: number): string {
  return score >= 90 ? 'red' : score >= 70 ? 'orange' : 'yellow';
}

function ContactCell({ contact }: { contact: DuplicatePair['contact'] }) {
  return (
    <Stack gap={0}>
      <ContactLink id={contact.id}>{contact.displayName}</ContactLink>
      <Text size="xs" c="dimmed">
        {[contact.email, contact.phone, contact.companyName].filter(Boolean).join(' · ') || 'No contact details'}
      </Text>
    </Stack>
  );
}

/**
 * Likely duplicate contacts, as pairs with a score and the reasons, each with "Compare" (the
 * side-by-side merge) and "Not duplicates". The server scans contacts a batch at a time, so a
 * page can be empty and still have more after it: this screen keeps reading until it has enough.
 */
export function DuplicatesPage({ contactId }: { contactId?: string }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const canMerge = useCan(customerRights.merge);
  const pairs = useInfiniteQuery({
    queryKey: ['contacts', 'duplicates', contactId ?? null],
    queryFn: ({ pageParam }) => call(api.GET('/api/v1/contacts/duplicates', { params: { query: { contactId, cursor: pageParam, limit: 50 } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const pages = pairs.data?.pages ?? [];
  const items = pages.flatMap((page) => page.items);
  const [wanted, setWanted] = useState({ pages: morePages, items: morePairs });
  const { hasNextPage, isFetching, fetchNextPage } = pairs;
  useEffect(() => {
    if (hasNextPage && !isFetching && pages.length < wanted.pages && items.length < wanted.items) void fetchNextPage();
  }, [hasNextPage, isFetching, fetchNextPage, pages.length, items.length, wanted]);
  const dismiss = useMutation({
    mutationFn: (pair: DuplicatePair) => call(api.POST('/api/v1/contacts/duplicates/dismissals', { body: { contactIds: [pair.contact.id, pair.other.id] } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['contacts', 'duplicates'] }),
  });
  const scannedThrough = pages.at(-1)?.scannedThrough;
  const compare = (pair: DuplicatePair) =>
    // The older contact stays by default: it is usually the one other records already point at.
    void navigate({ to: '/customers/merge', search: { winner: pair.other.id, loser: pair.contact.id } });

  return (
    <Stack>
      <PageHeader title="Customers" description={contactId ? "This contact's likely duplicates, best match first." : 'Contacts that are probably the same person: same email, same phone, or a similar name at the same company.'} />
      <CustomersTabs active="duplicates" />
      <ProblemAlert error={pairs.error ?? dismiss.error} onRetry={() => void pairs.refetch()} />
      {pairs.isLoading || (items.length === 0 && isFetching) ? (
        <LoadingState label="Looking for duplicates…" />
      ) : items.length === 0 && !hasNextPage ? (
        <Empty title="No likely duplicates" description="No two contacts share an email or a phone, or have similar names at the same company." />
      ) : (
        <Table data-testid="duplicates-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Contact</Table.Th>
              <Table.Th>Probably the same as</Table.Th>
              <Table.Th>Score</Table.Th>
              <Table.Th>Why</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((pair) => (
              <Table.Tr key={`${pair.contact.id}:${pair.other.id}`} data-testid="duplicate-row">
                <Table.Td>
                  <ContactCell contact={pair.contact} />
                </Table.Td>
                <Table.Td>
                  <ContactCell contact={pair.other} />
                </Table.Td>
                <Table.Td>
                  <Badge color={scoreColor(pair.score)} variant="light" data-testid="duplicate-score">
                    {pair.score}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {pair.reasons.map((reason) => (
                      <Tooltip key={reason.kind} label={[...new Set(reason.values)].join(' / ')} withinPortal>
                        <Badge variant="outline" size="sm">
                          {reason.label}
                        </Badge>
                      </Tooltip>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  {canMerge && (
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button size="xs" onClick={() => compare(pair)} data-testid="duplicate-compare">
                        Compare
                      </Button>
                      <Button size="xs" variant="subtle" color="gray" onClick={() => dismiss.mutate(pair)} loading={dismiss.isPending && dismiss.variables === pair} data-testid="duplicate-dismiss">
                        Not duplicates
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!contactId && (
        <Text size="xs" c="dimmed" data-testid="duplicates-progress">
          {hasNextPage ? `Checked contacts created down to ${formatDateTime(scannedThrough)}.` : pages.length ? 'Every contact checked.' : ''}
        </Text>
      )}
      {hasNextPage && (
        <Center>
          <Button variant="default" loading={isFetching} onClick={() => setWanted({ pages: pages.length + morePages, items: items.length + morePairs })} data-testid="load-more">
            Look further
          </Button>
        </Center>
      )}
    </Stack>
  );
}
