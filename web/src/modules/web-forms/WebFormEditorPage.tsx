import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Anchor, Button, Card, Code, CopyButton, Group, SegmentedControl, Select, Stack, Switch, Table, Tabs, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, call } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { formatDateTime } from '../../ui/format';
import { useCategories, useDepartments, useTicketTypes } from '../care/config/configData';
import { useCustomFields } from '../customers/customerData';
import { FieldsEditor, newDraft, type FieldDraft } from './FieldsEditor';
import { errorsByPath, isStale, refreshWebForms, slugFrom, useCanManageWebForms, useWebForm, webFormKeys, webFormsPath, type WebForm, type WebFormFieldInput } from './webFormsData';

interface Draft {
  name: string;
  slug: string;
  /** A new form's slug follows its name until someone edits the slug. */
  slugTouched: boolean;
  description: string;
  enabled: boolean;
  fields: FieldDraft[];
  typeId: string | null;
  departmentId: string | null;
  categoryId: string | null;
  subjectFieldKey: string | null;
  afterSending: 'message' | 'redirect';
  thankYouMessage: string;
  redirectUrl: string;
}

function blankDraft(): Draft {
  return {
    name: '',
    slug: '',
    slugTouched: false,
    description: '',
    enabled: true,
    fields: [
      newDraft({ kind: 'contact', key: 'first_name', label: 'First name', required: true }),
      newDraft({ kind: 'contact', key: 'last_name', label: 'Last name' }),
      newDraft({ kind: 'contact', key: 'email', label: 'Email', required: true }),
      newDraft({ kind: 'form', key: 'message', label: 'Message', type: 'textarea', required: true }),
    ],
    typeId: null,
    departmentId: null,
    categoryId: null,
    subjectFieldKey: null,
    afterSending: 'message',
    thankYouMessage: '',
    redirectUrl: '',
  };
}

function draftOf(form: WebForm): Draft {
  return {
    ...form,
    slugTouched: true,
    fields: form.fields.map((field) => newDraft({ ...field, type: field.type ?? 'text' })),
    afterSending: form.redirectUrl ? 'redirect' : 'message',
    redirectUrl: form.redirectUrl ?? '',
  };
}

function bodyOf(draft: Draft) {
  const fields: WebFormFieldInput[] = draft.fields.map((field) => {
    const common = { label: field.label, required: field.required, helpText: field.helpText };
    if (field.kind === 'form') return { ...common, kind: 'form', key: field.key, type: field.type, options: field.type === 'choice' ? field.options : [] };
    if (field.kind === 'contact') return { ...common, kind: 'contact', key: field.key as Extract<WebFormFieldInput, { kind: 'contact' }>['key'] };
    return { ...common, kind: 'custom', key: field.key };
  });
  return {
    name: draft.name,
    slug: draft.slug,
    description: draft.description,
    enabled: draft.enabled,
    fields,
    typeId: draft.typeId,
    departmentId: draft.departmentId,
    categoryId: draft.categoryId,
    // A removed field stops being the subject.
    subjectFieldKey: draft.fields.some((field) => field.key === draft.subjectFieldKey) ? draft.subjectFieldKey : null,
    thankYouMessage: draft.thankYouMessage,
    redirectUrl: draft.afterSending === 'redirect' ? draft.redirectUrl : null,
  };
}

function Section({ title, description, children, testId }: { title: string; description?: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder data-testid={testId}>
      <Title order={4}>{title}</Title>
      {description && (
        <Text size="sm" c="dimmed" mb="sm">
          {description}
        </Text>
      )}
      <Stack gap="sm" mt={description ? 0 : 'sm'}>
        {children}
      </Stack>
    </Card>
  );
}

/** Where the form lives and how to put it on another site. */
function PublishSection({ form }: { form: WebForm }) {
  return (
    <Section title="Publish" description="People fill the form in at its address, or on your own site through the embed code." testId="web-form-publish">
      <Group gap="xs">
        <Text size="sm" fw={600}>
          Address:
        </Text>
        <Anchor href={form.publicUrl} target="_blank" rel="noopener" data-testid="web-form-public-url">
          {form.publicUrl}
        </Anchor>
        {!form.enabled && (
          <Text size="sm" c="dimmed">
            (switched off: the address says the form is closed)
          </Text>
        )}
      </Group>
      <Stack gap={4}>
        <Text size="sm" fw={600}>
          Embed code
        </Text>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} data-testid="web-form-embed-code">
          {form.embedCode}
        </Code>
        <Group>
          <CopyButton value={form.embedCode}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" color={copied ? 'teal' : undefined} onClick={copy} data-testid="copy-embed-code">
                {copied ? 'Copied' : 'Copy embed code'}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Section>
  );
}

function SubmissionsTab({ form }: { form: WebForm }) {
  const submissions = useQuery({ queryKey: webFormKeys.submissions(form.id), queryFn: () => call(api.GET('/api/v1/web-forms/{id}/submissions', { params: { path: { id: form.id }, query: { limit: 50 } } })) });
  if (submissions.isPending) return <LoadingState label="Loading submissions…" />;
  if (submissions.isError) return <ProblemAlert error={submissions.error} onRetry={() => void submissions.refetch()} />;
  if (!submissions.data.items.length) return <Empty title="No submissions yet" description="Each submission opens a case; the latest 50 are listed here." />;
  return (
    <Table verticalSpacing="xs" data-testid="web-form-submissions">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Received</Table.Th>
          <Table.Th>Case</Table.Th>
          <Table.Th>Contact</Table.Th>
          <Table.Th>Email</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {submissions.data.items.map((submission) => (
          <Table.Tr key={submission.id}>
            <Table.Td>{formatDateTime(submission.createdAt)}</Table.Td>
            <Table.Td>
              {submission.ticketNumber ? (
                <Anchor renderRoot={(props) => <Link {...props} to="/tickets/$number" params={{ number: String(submission.ticketNumber) }} />}>#{submission.ticketNumber}</Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              {submission.contactId ? (
                <Anchor renderRoot={(props) => <Link {...props} to="/customers/$id" params={{ id: submission.contactId! }} />}>{submission.contactCreated ? 'New contact' : 'Known contact'}</Anchor>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>{String(submission.values.email ?? '')}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Build a new form (`formId` undefined) or change one; everything is saved together. */
export function WebFormEditorPage({ formId }: { formId?: string }) {
  return formId ? <SavedWebForm formId={formId} /> : <WebFormEditor />;
}

function SavedWebForm({ formId }: { formId: string }) {
  const loaded = useWebForm(formId);
  if (loaded.isPending) return <LoadingState label="Loading form…" />;
  if (loaded.isError) return <ProblemAlert error={loaded.error} onRetry={() => void loaded.refetch()} />;
  return <WebFormEditor form={loaded.data} />;
}

function WebFormEditor({ form }: { form?: WebForm }) {
  const canManage = useCanManageWebForms();
  const readOnly = !canManage;
  const client = useQueryClient();
  const navigate = useNavigate();
  const types = useTicketTypes();
  const departments = useDepartments();
  const categories = useCategories();
  const { fields: customFields } = useCustomFields('contact');
  const [draft, setDraft] = useState<Draft>(() => (form ? draftOf(form) : blankDraft()));
  const [confirmDelete, setConfirmDelete] = useState(false);
  // A fresh read (after saving, or after someone else's change) puts the editor back to what is saved.
  useEffect(() => {
    if (form) setDraft(draftOf(form));
  }, [form]);
  const set = <Key extends keyof Draft>(key: Key, value: Draft[Key]) => setDraft((current) => ({ ...current, [key]: value }));

  const save = useMutation({
    mutationFn: () =>
      form
        ? call(api.PATCH('/api/v1/web-forms/{id}', { params: { path: { id: form.id } }, body: { version: form.version, ...bodyOf(draft) } }))
        : call(api.POST('/api/v1/web-forms', { body: bodyOf(draft) })),
    onSuccess: async (saved) => {
      client.setQueryData(webFormKeys.form(saved.id), saved);
      await refreshWebForms(client);
      if (!form) await navigate({ to: '/admin/web-forms/$id', params: { id: saved.id }, replace: true });
    },
    onError: (error) => {
      if (isStale(error)) void refreshWebForms(client);
    },
  });
  const switchOff = useMutation({
    mutationFn: () => call(api.PATCH('/api/v1/web-forms/{id}', { params: { path: { id: form!.id } }, body: { version: form!.version, enabled: false } })),
    onSuccess: async (saved) => {
      client.setQueryData(webFormKeys.form(saved.id), saved);
      setConfirmDelete(false);
      await refreshWebForms(client);
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/web-forms/{id}', { params: { path: { id: form!.id } } })),
    onSuccess: async () => {
      await refreshWebForms(client);
      await navigate({ to: webFormsPath });
    },
  });
  const errors = errorsByPath(save.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (canManage) save.mutate();
  };

  const selectedType = types.items.find((type) => type.id === draft.typeId) ?? types.items.find((type) => type.isDefault);
  const allowedCategoryIds = new Set(selectedType?.categories.map((category) => category.categoryId) ?? []);
  const requestCategories = categories.items.filter((category) => category.kind === 'request');
  const categoryChoices = (requestCategories.some((category) => allowedCategoryIds.has(category.id)) ? requestCategories.filter((category) => allowedCategoryIds.has(category.id)) : requestCategories).map((category) => ({
    value: category.id,
    label: category.name,
  }));
  const subjectChoices = useMemo(
    () => draft.fields.filter((field) => field.key && !(field.kind === 'form' && field.type === 'boolean')).map((field) => ({ value: field.key, label: field.label || field.key })),
    [draft.fields],
  );

  return (
    <Stack>
      <PageHeader
        title={form ? form.name : 'New web form'}
        description="A public form that opens a case with every answer, and creates or completes the sender's contact."
        actions={
          <Button variant="default" component={Link} to={webFormsPath}>
            All forms
          </Button>
        }
      />
      <Tabs defaultValue="build" keepMounted={false}>
        {form && (
          <Tabs.List mb="md">
            <Tabs.Tab value="build">Form</Tabs.Tab>
            <Tabs.Tab value="submissions">Submissions ({form.submissionCount})</Tabs.Tab>
            <Tabs.Tab value="history">History</Tabs.Tab>
          </Tabs.List>
        )}
        <Tabs.Panel value="build">
          <form onSubmit={submit} data-testid="web-form-editor" noValidate>
            <Stack>
              {form && <PublishSection form={form} />}
              <ProblemAlert error={save.error} fields={['name', 'slug', 'description', 'fields', 'typeId', 'departmentId', 'categoryId', 'subjectFieldKey', 'thankYouMessage', 'redirectUrl']} />
              <Section title="Form">
                <TextInput
                  label="Name"
                  required
                  readOnly={readOnly}
                  value={draft.name}
                  onChange={(e) => {
                    const name = e.currentTarget.value;
                    setDraft((current) => ({ ...current, name, ...(current.slugTouched ? {} : { slug: slugFrom(name) }) }));
                  }}
                  error={errors.name}
                  data-testid="web-form-name"
                />
                <TextInput
                  label="Address"
                  description={form ? 'Changing it changes the public address and breaks links and embeds that use the old one' : 'The form lives at /forms/<address>'}
                  required
                  readOnly={readOnly}
                  leftSection={<Text size="xs">/forms/</Text>}
                  leftSectionWidth={60}
                  value={draft.slug}
                  onChange={(e) => setDraft((current) => ({ ...current, slug: e.currentTarget.value, slugTouched: true }))}
                  error={errors.slug}
                  data-testid="web-form-slug"
                />
                <Textarea label="Introduction" description="Shown above the fields" autosize minRows={2} readOnly={readOnly} value={draft.description} onChange={(e) => set('description', e.currentTarget.value)} error={errors.description} />
                <Switch label="Taking submissions" disabled={readOnly} checked={draft.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} data-testid="web-form-enabled" />
              </Section>
              <Section title="Fields" description="Contact fields and contact custom fields complete the sender's contact (a known contact only gets what it is missing); questions are kept on the case. Every answer is on the case.">
                <FieldsEditor fields={draft.fields} onChange={(fields) => set('fields', fields)} customFields={customFields} errors={errors} readOnly={readOnly} />
              </Section>
              <Section title="The case" description="Where the cases from this form go.">
                <Group grow align="flex-start">
                  <Select label="Ticket type" placeholder="The default type" clearable readOnly={readOnly} data={types.items.map((type) => ({ value: type.id, label: type.name }))} value={draft.typeId} onChange={(value) => setDraft((current) => ({ ...current, typeId: value, categoryId: null }))} error={errors.typeId} data-testid="web-form-type" />
                  <Select label="Department" placeholder="None" clearable readOnly={readOnly} data={departments.items.map((department) => ({ value: department.id, label: department.name }))} value={draft.departmentId} onChange={(value) => set('departmentId', value)} error={errors.departmentId} data-testid="web-form-department" />
                </Group>
                <Group grow align="flex-start">
                  <Select label="Category" placeholder="The type's default" clearable readOnly={readOnly} data={categoryChoices} value={draft.categoryId} onChange={(value) => set('categoryId', value)} error={errors.categoryId} data-testid="web-form-category" />
                  <Select label="Subject" placeholder="The form's name" clearable readOnly={readOnly} data={subjectChoices} value={draft.subjectFieldKey} onChange={(value) => set('subjectFieldKey', value)} error={errors.subjectFieldKey} description="The answer that becomes the case's subject" data-testid="web-form-subject" />
                </Group>
                <Text size="xs" c="dimmed">
                  The sender gets the “new request received” mail of Admin › Communications (the rule that confirms new requests to the customer).
                </Text>
              </Section>
              <Section title="After sending">
                <SegmentedControl
                  disabled={readOnly}
                  value={draft.afterSending}
                  onChange={(value) => set('afterSending', value as Draft['afterSending'])}
                  data={[
                    { value: 'message', label: 'Show a thank-you message' },
                    { value: 'redirect', label: 'Go to another page' },
                  ]}
                  data-testid="web-form-after-sending"
                />
                {draft.afterSending === 'message' ? (
                  <Textarea label="Thank-you message" placeholder="Thank you. We received your message and will get back to you soon." autosize minRows={2} readOnly={readOnly} value={draft.thankYouMessage} onChange={(e) => set('thankYouMessage', e.currentTarget.value)} error={errors.thankYouMessage} data-testid="web-form-thank-you" />
                ) : (
                  <TextInput label="Page address" placeholder="https://www.example.com/thank-you" required readOnly={readOnly} value={draft.redirectUrl} onChange={(e) => set('redirectUrl', e.currentTarget.value)} error={errors.redirectUrl} data-testid="web-form-redirect" />
                )}
              </Section>
              {canManage && (
                <Group justify="space-between">
                  <Button type="submit" loading={save.isPending} data-testid="web-form-save">
                    {form ? 'Save' : 'Create form'}
                  </Button>
                  {form && (
                    <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)} data-testid="web-form-delete">
                      Delete form
                    </Button>
                  )}
                </Group>
              )}
              {save.isSuccess && !save.isPending && form && (
                <Text size="sm" c="teal" role="status">
                  Saved.
                </Text>
              )}
            </Stack>
          </form>
        </Tabs.Panel>
        {form && (
          <>
            <Tabs.Panel value="submissions">
              <SubmissionsTab form={form} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <HistoryPanel recordType="web_form" recordId={form.id} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
      {form && (
        <ConfirmDialog
          opened={confirmDelete}
          title={form.submissionCount > 0 ? 'Switch the form off?' : 'Delete the form?'}
          message={
            form.submissionCount > 0
              ? `“${form.name}” has ${form.submissionCount} submission${form.submissionCount === 1 ? '' : 's'}, so it stays. Switched off, its address says the form is closed.`
              : `“${form.name}” and its address go away. Pages that embed it will show that it is not found.`
          }
          confirmLabel={form.submissionCount > 0 ? 'Switch off' : 'Delete'}
          onConfirm={() => (form.submissionCount > 0 ? switchOff.mutate() : remove.mutate())}
          onClose={() => {
            remove.reset();
            switchOff.reset();
            setConfirmDelete(false);
          }}
          loading={remove.isPending || switchOff.isPending}
          error={remove.error ?? switchOff.error}
        />
      )}
    </Stack>
  );
}
