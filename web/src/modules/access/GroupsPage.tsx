import { useState } from 'react';
import { Badge, Button, Table, Tabs, Text } from '@mantine/core';
import { api, call, type Group } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { useCan } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { QueryState } from '../../ui/QueryState';
import { GroupModal } from './GroupModal';
import { RightsTab } from './RightsTab';

export function GroupsPage() {
  const canManage = useCan(rights.groupsManage);
  const [tab, setTab] = useState<string | null>('groups');
  const [editing, setEditing] = useState<Group | 'new' | null>(null);
  const query = usePagedQuery(['groups', 'list'], (cursor) => call(api.GET('/api/v1/groups', { params: { query: { cursor, limit: 50 } } })));
  return (
    <>
      <PageHeader
        title="Groups & rights"
        description="Groups are roles: a user holds the rights of every group they belong to."
        actions={
          canManage &&
          tab === 'groups' && (
            <Button onClick={() => setEditing('new')} data-testid="new-group">
              New group
            </Button>
          )
        }
      />
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List mb="md">
          <Tabs.Tab value="groups" data-testid="groups-tab">
            Groups
          </Tabs.Tab>
          <Tabs.Tab value="rights" data-testid="rights-tab">
            Rights
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="groups">
          <QueryState
            query={query}
            loadingLabel="Loading groups…"
            isEmpty={query.items.length === 0}
            emptyTitle="No groups yet"
            emptyDescription="Create a group, give it rights, and add users to it."
          >
            {() => (
              <Table.ScrollContainer minWidth={640}>
                <Table highlightOnHover verticalSpacing="sm" data-testid="groups-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Name</Table.Th>
                      <Table.Th>Description</Table.Th>
                      <Table.Th>Rights</Table.Th>
                      <Table.Th>Members</Table.Th>
                      <Table.Th>Updated</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {query.items.map((group) => (
                      <Table.Tr key={group.id} style={{ cursor: 'pointer' }} onClick={() => setEditing(group)} data-testid="group-row">
                        <Table.Td>
                          <Button variant="subtle" size="compact-sm" px={0}>
                            {group.name}
                          </Button>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" lineClamp={1}>
                            {group.description || '—'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant="light">{group.rightKeys.length}</Badge>
                        </Table.Td>
                        <Table.Td>{group.memberIds.length}</Table.Td>
                        <Table.Td>{formatDateTime(group.updatedAt)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </QueryState>
          <LoadMore query={query} />
        </Tabs.Panel>
        <Tabs.Panel value="rights">
          <RightsTab canManage={canManage} />
        </Tabs.Panel>
      </Tabs>
      <GroupModal group={editing === 'new' ? null : editing} opened={editing !== null} canManage={canManage} onClose={() => setEditing(null)} />
    </>
  );
}
