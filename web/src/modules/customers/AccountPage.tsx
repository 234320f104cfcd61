import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Anchor, Badge, Button, Card, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { AccountFormModal } from './AccountFormModal';
import { CustomFieldTable } from './CustomFieldInputs';
import { customerRights } from './customerData';
import { NotesPanel } from './NotesPanel';
import { CompanyLink, ContactLink } from './links';

/** An account's page: terms, holder, the contacts acting on it with their roles, notes and history. */
export function AccountPage({ id }: { id: string }) {
  const canManage = useCan(customerRights.accounts);
  const [editing, setEditing] = useState(false);
  const account = useQuery({ queryKey: ['accounts', 'one', id], queryFn: () => call(api.GET('/api/v1/accounts/{id}', { params: { path: { id } } })) });
  if (account.isLoading) return <LoadingState />;
  if (account.error || !account.data) return <ProblemAlert error={account.error} onRetry={() => void account.refetch()} />;
  const a = account.data;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/customers/accounts" size="sm">
            ← Accounts
          </Anchor>
          <Title order={2} data-testid="account-title">
            {a.number} {a.name && <Text span c="dimmed" inherit>· {a.name}</Text>}
          </Title>
          <Text size="sm">
            Held by{' '}
            {a.holder.kind === 'company' ? (
              <CompanyLink id={a.holder.id} testId="account-holder-link">{a.holder.name}</CompanyLink>
            ) : (
              <ContactLink id={a.holder.id} testId="account-holder-link">{a.holder.name}</ContactLink>
            )}
          </Text>
        </div>
        {canManage && (
          <Button variant="default" onClick={() => setEditing(true)} data-testid="account-edit">
            Edit
          </Button>
        )}
      </Group>
      <Card withBorder padding="sm">
        <Stack gap={4}>
          <Text size="sm">Classification: {a.classification ?? '—'}</Text>
          <Text size="sm" data-testid="account-credit">Credit rating: {a.creditRating ?? '—'}</Text>
          <Text size="sm">Sales rep: {a.salesRepCode ?? '—'}</Text>
          <Text size="sm">Owner: {a.owner?.name ?? '—'}</Text>
          <Group gap={4}>
            {a.tags.map((tag) => <Badge key={tag} variant="outline">{tag}</Badge>)}
            {a.disabled && <Badge color="gray">disabled</Badge>}
          </Group>
          <CustomFieldTable recordKind="account" values={a.customFields} />
        </Stack>
      </Card>
      <Tabs defaultValue="contacts" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="contacts">Contacts ({a.contacts.length})</Tabs.Tab>
          <Tabs.Tab value="notes">Notes</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="contacts" pt="md">
          {a.contacts.length ? (
            <Table data-testid="account-contacts">
              <Table.Tbody>
                {a.contacts.map((contact) => (
                  <Table.Tr key={contact.id}>
                    <Table.Td>
                      <ContactLink id={contact.id}>{contact.name}</ContactLink>
                    </Table.Td>
                    <Table.Td>{contact.email ?? '—'}</Table.Td>
                    <Table.Td>{contact.role}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Empty title="Nobody acts on this account yet" />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="notes" pt="md">
          <NotesPanel recordKind="account" recordId={a.id} canWrite={canManage} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryPanel recordType="account" recordId={a.id} />
        </Tabs.Panel>
      </Tabs>
      {editing && <AccountFormModal account={a} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); void account.refetch(); }} />}
    </Stack>
  );
}
