import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Anchor, Badge, Button, Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { CompanyFormModal } from './CompanyFormModal';
import { CustomFieldTable } from './CustomFieldInputs';
import { addressKindLabels, customerRights, formatAddress } from './customerData';
import { NotesPanel } from './NotesPanel';
import { AccountLink, CompanyLink, ContactLink } from './links';

/** A company's page: details, its people, accounts and child companies, notes and history. */
export function CompanyPage({ id }: { id: string }) {
  const canManage = useCan(customerRights.manage);
  const [editing, setEditing] = useState(false);
  const company = useQuery({ queryKey: ['companies', 'one', id], queryFn: () => call(api.GET('/api/v1/companies/{id}', { params: { path: { id } } })) });
  if (company.isLoading) return <LoadingState />;
  if (company.error || !company.data) return <ProblemAlert error={company.error} onRetry={() => void company.refetch()} />;
  const c = company.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/customers/companies" size="sm">
            ← Companies
          </Anchor>
          <Title order={2} data-testid="company-name">{c.name}</Title>
          <Text c="dimmed" size="sm">
            {[c.vatNumber && `VAT ${c.vatNumber}`, c.website, c.phone].filter(Boolean).join(' · ') || 'No details yet'}
          </Text>
        </div>
        {canManage && (
          <Button variant="default" onClick={() => setEditing(true)} data-testid="company-edit">
            Edit
          </Button>
        )}
      </Group>
      <Card withBorder padding="sm">
        <Stack gap={4}>
          <Text size="sm">
            Parent:{' '}
            {c.parent ? (
              <CompanyLink id={c.parent.id} testId="company-parent-link">
                {c.parent.name}
              </CompanyLink>
            ) : (
              '—'
            )}
          </Text>
          <Text size="sm">Owner: {c.owner?.name ?? '—'}{c.salesRepCode ? ` (rep ${c.salesRepCode})` : ''}</Text>
          <Text size="sm">Phones: {c.phones.map((p) => p.number).join(', ') || '—'}</Text>
          {c.addresses.map((a, index) => (
            <Text size="sm" key={index}>
              {addressKindLabels[a.kind]}{a.isDefault ? ' (default)' : ''}: {formatAddress(a)}
            </Text>
          ))}
          <Group gap={4}>
            {c.tags.map((tag) => <Badge key={tag} variant="outline">{tag}</Badge>)}
            {c.disabled && <Badge color="gray">disabled</Badge>}
          </Group>
          <CustomFieldTable recordKind="company" values={c.customFields} />
        </Stack>
      </Card>
      <Tabs defaultValue="people" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="people">People ({c.contacts.length})</Tabs.Tab>
          <Tabs.Tab value="accounts" data-testid="company-accounts-tab">Accounts ({c.accounts.length})</Tabs.Tab>
          <Tabs.Tab value="children">Subsidiaries ({c.children.length})</Tabs.Tab>
          <Tabs.Tab value="notes">Notes</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="people" pt="md">
          {c.contacts.length ? (
            <Stack gap={4} data-testid="company-contacts">
              {c.contacts.map((person) => (
                <ContactLink key={person.id} id={person.id}>
                  {person.displayName} {person.email ? `<${person.email}>` : ''}
                </ContactLink>
              ))}
            </Stack>
          ) : (
            <Empty title="Nobody linked yet" description="Link contacts to this company from their own page." />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="accounts" pt="md">
          {c.accounts.length ? (
            <Stack gap={4} data-testid="company-accounts">
              {c.accounts.map((account) => (
                <AccountLink key={account.id} id={account.id}>
                  {account.number} {account.name}
                </AccountLink>
              ))}
            </Stack>
          ) : (
            <Empty title="No accounts" />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="children" pt="md">
          {c.children.length ? (
            <Stack gap={4}>
              {c.children.map((child) => (
                <CompanyLink key={child.id} id={child.id}>
                  {child.name}
                </CompanyLink>
              ))}
            </Stack>
          ) : (
            <Empty title="No subsidiaries" />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesPanel recordKind="company" recordId={c.id} canWrite={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryPanel recordType="company" recordId={c.id} />
        </Tabs.Panel>
      </Tabs>
      {editing && <CompanyFormModal company={c} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); void company.refetch(); }} />}
    </Stack>
  );
}
