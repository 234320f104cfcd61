import { useState } from 'react';
import { useDebouncedValue } from '@mantine/hooks';
import { Badge, Button, Group, SegmentedControl, Table, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { QueryState } from '../../ui/QueryState';
import { useGroupOptions } from './reference';
import { CreateUserModal } from './CreateUserModal';
import { UserDrawer } from './UserDrawer';

type DisabledFilter = 'all' | 'false' | 'true';

export function UsersPage() {
  const canManage = useCan(rights.usersManage);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [disabled, setDisabled] = useState<DisabledFilter>('all');
  const [creating, setCreating] = useState(false);
  const [openUserId, setOpenUserId] = useState<string | null>(null);
  const groups = useGroupOptions();
  const groupNames = new Map(groups.options.map((option) => [option.value, option.label]));
  const query = usePagedQuery(['users', 'list', q, disabled], (cursor) =>
    call(api.GET('/api/v1/users', { params: { query: { q: q || undefined, disabled: disabled === 'all' ? undefined : disabled, cursor, limit: 50 } } })),
  );

  return (
    <>
      <PageHeader
        title="Users"
        description="Staff accounts, their groups, business units and rights."
        actions={
          canManage && (
            <Button onClick={() => setCreating(true)} data-testid="new-user">
              New user
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end">
        <TextInput
          label="Search"
          placeholder="Name or email"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
          data-testid="users-search"
        />
        <SegmentedControl
          value={disabled}
          onChange={(value) => setDisabled(value as DisabledFilter)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'false', label: 'Active' },
            { value: 'true', label: 'Disabled' },
          ]}
          aria-label="Filter by status"
        />
      </Group>
      <QueryState
        query={query}
        loadingLabel="Loading users…"
        isEmpty={query.items.length === 0}
        emptyTitle={q || disabled !== 'all' ? 'No users match' : 'No users yet'}
        emptyDescription={q ? 'Try another name or email.' : undefined}
      >
        {() => (
          <Table.ScrollContainer minWidth={720}>
            <Table highlightOnHover verticalSpacing="sm" data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Groups</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Last sign-in</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.items.map((user) => (
                  <Table.Tr key={user.id} style={{ cursor: 'pointer' }} onClick={() => setOpenUserId(user.id)} data-testid="user-row">
                    <Table.Td>
                      <Button variant="subtle" size="compact-sm" px={0} onClick={() => setOpenUserId(user.id)}>
                        {user.name}
                      </Button>
                      {user.isAdmin && (
                        <Badge ml="xs" size="xs" variant="light">
                          Admin
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={1}>
                        {user.groupIds.length === 0
                          ? '—'
                          : groups.allowed
                            ? user.groupIds.map((id) => groupNames.get(id) ?? '…').join(', ')
                            : `${user.groupIds.length} group${user.groupIds.length === 1 ? '' : 's'}`}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={user.disabled ? 'gray' : 'green'} variant="light">
                        {user.disabled ? 'Disabled' : 'Active'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(user.lastLoginAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <LoadMore query={query} />
      {canManage && <CreateUserModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => setOpenUserId(id)} />}
      <UserDrawer userId={openUserId} onClose={() => setOpenUserId(null)} canManage={canManage} />
    </>
  );
}
