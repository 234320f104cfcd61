import { Link } from '@tanstack/react-router';
import { Anchor, Badge, Button, Table, Text } from '@mantine/core';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState, NoAccess } from '../../ui/States';
import { formatDateTime } from '../../ui/format';
import { useCanManageWebForms, useCanReadWebForms, useWebForms } from './webFormsData';

/** Admin › Web forms: every form with its address and how often it was sent. */
export function WebFormsPage() {
  const canRead = useCanReadWebForms();
  const canManage = useCanManageWebForms();
  const forms = useWebForms();
  if (!canRead) return <NoAccess />;
  return (
    <>
      <PageHeader
        title="Web forms"
        description="Public forms for your site: each submission opens a case with every answer and creates or completes the sender's contact."
        actions={
          canManage && (
            <Button component={Link} to="/admin/web-forms/new" data-testid="new-web-form">
              New form
            </Button>
          )
        }
      />
      {forms.isPending ? (
        <LoadingState label="Loading forms…" />
      ) : forms.isError ? (
        <ProblemAlert error={forms.error} onRetry={() => void forms.refetch()} />
      ) : forms.items.length === 0 ? (
        <Empty title="No web forms yet" description="Build a contact form, a warranty claim or a quote request; put it on your site with its embed code." />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" highlightOnHover data-testid="web-forms-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Form</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Submissions</Table.Th>
                <Table.Th>Last submission</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {forms.items.map((form) => (
                <Table.Tr key={form.id} data-testid={`web-form-row-${form.slug}`}>
                  <Table.Td>
                    <Anchor renderRoot={(props) => <Link {...props} to="/admin/web-forms/$id" params={{ id: form.id }} />}>{form.name}</Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Anchor href={form.publicUrl} target="_blank" rel="noopener" size="sm">
                      /forms/{form.slug}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{form.submissionCount}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c={form.lastSubmissionAt ? undefined : 'dimmed'}>
                      {form.lastSubmissionAt ? formatDateTime(form.lastSubmissionAt) : 'Never'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{form.enabled ? <Badge color="teal">On</Badge> : <Badge color="gray">Off</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
