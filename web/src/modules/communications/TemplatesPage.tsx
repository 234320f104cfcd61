import { Link } from '@tanstack/react-router';
import { Badge, Button, Table, Text } from '@mantine/core';
import { PageHeader } from '../../ui/PageHeader';
import { QueryState } from '../../ui/QueryState';
import { useCanManageCommunications, useTemplates } from './communicationsData';

export function TemplatesPage() {
  const templates = useTemplates();
  const canManage = useCanManageCommunications();
  return (
    <>
      <PageHeader title="Mail templates" description="The emails Patron sends, one per event. Tags such as {{ticket.number}} are filled in for each mail." />
      <QueryState query={templates} loadingLabel="Loading templates…">
        {() => (
          <Table verticalSpacing="sm" highlightOnHover data-testid="templates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Template</Table.Th>
                <Table.Th>Subject</Table.Th>
                <Table.Th>For</Table.Th>
                <Table.Th w={100} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.items.map((template) => (
                <Table.Tr key={template.key} data-testid={`template-row-${template.key}`}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {template.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {template.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace">
                      {template.subject}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={template.audience === 'customer' ? 'blue' : 'gray'}>
                      {template.audience === 'customer' ? 'Customers' : 'Staff'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Button component={Link} to={`/admin/communications/templates/${template.key}`} size="compact-sm" variant="subtle" data-testid={`edit-template-${template.key}`}>
                      {canManage ? 'Edit' : 'View'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </>
  );
}
