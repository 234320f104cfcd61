import { useEffect, useRef, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import { Alert, Anchor, Badge, Button, Code, Grid, Group, Paper, ScrollArea, Stack, Tabs, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { api, ApiError, call, isStale } from '../../api/client';
import { HistoryPanel } from '../../ui/HistoryPanel';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { communicationKeys, refreshCommunications, useCanManageCommunications, useTemplate, type MailTemplate, type TemplateKey } from './communicationsData';
import { insertTag, TagTextField } from './TagTextField';

type Field = 'subject' | 'htmlBody' | 'textBody';
type Draft = Record<Field, string>;

export function TemplateEditorPage({ templateKey }: { templateKey: TemplateKey }) {
  const template = useTemplate(templateKey);
  return (
    <QueryState query={template} loadingLabel="Loading template…">
      {(data) => <TemplateEditor template={data} />}
    </QueryState>
  );
}

function TemplateEditor({ template }: { template: MailTemplate }) {
  const canManage = useCanManageCommunications();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Draft>({ subject: template.subject, htmlBody: template.htmlBody, textBody: template.textBody });
  const [saved, setSaved] = useState(false);
  const refs = { subject: useRef<HTMLInputElement | HTMLTextAreaElement>(null), htmlBody: useRef<HTMLInputElement | HTMLTextAreaElement>(null), textBody: useRef<HTMLInputElement | HTMLTextAreaElement>(null) };
  const lastField = useRef<Field>('htmlBody');
  const [debounced] = useDebouncedValue(draft, 300);
  const preview = useQuery({
    queryKey: [...communicationKeys.template(template.key), 'preview', debounced],
    queryFn: () => call(api.POST('/api/v1/mail-templates/{templateKey}/preview', { params: { path: { templateKey: template.key } }, body: debounced })),
    placeholderData: (previous) => previous,
  });
  const save = useMutation({
    mutationFn: () => call(api.PATCH('/api/v1/mail-templates/{templateKey}', { params: { path: { templateKey: template.key } }, body: { version: template.version, ...draft } })),
    onSuccess: async (updated) => {
      client.setQueryData(communicationKeys.template(template.key), updated);
      await refreshCommunications(client);
      setSaved(true);
    },
  });
  useEffect(() => setSaved(false), [draft]);

  const dirty = draft.subject !== template.subject || draft.htmlBody !== template.htmlBody || draft.textBody !== template.textBody;
  const liveErrors = preview.data?.errors ?? [];
  const saveErrors = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];
  const errorFor = (field: Field) => {
    const messages = (saveErrors.length ? saveErrors : liveErrors).filter((e) => e.field.replace(/^body\./, '') === field).map((e) => e.message);
    return messages.length ? messages.join('; ') : undefined;
  };
  const set = (field: Field) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));

  // A tag clicked in the list goes where the caret was in the field last used.
  const insertFromList = (tag: string) => {
    const field = lastField.current;
    const input = refs[field].current;
    if (!input || !canManage) return;
    const start = input.selectionStart ?? draft[field].length;
    const end = input.selectionEnd ?? start;
    insertTag(input, draft[field], { start, end }, tag, set(field));
  };

  const fieldProps = (field: Field) => ({ value: draft[field], onChange: set(field), tags: template.tags, error: errorFor(field), readOnly: !canManage, inputRef: refs[field], onFocus: () => (lastField.current = field) });

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to="/admin/communications/templates" size="sm">
            ← All templates
          </Anchor>
          <Title order={2}>{template.name}</Title>
          <Text size="sm" c="dimmed">
            {template.description} Type <Code>{'{{'}</Code> or <Code>#</Code> in a field to insert a tag.
          </Text>
        </div>
        {canManage && (
          <Group gap="xs">
            {saved && !dirty && (
              <Badge color="green" variant="light" data-testid="template-saved">
                Saved
              </Badge>
            )}
            <Button variant="default" disabled={!dirty} onClick={() => setDraft({ subject: template.subject, htmlBody: template.htmlBody, textBody: template.textBody })}>
              Discard changes
            </Button>
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!dirty} data-testid="save-template">
              Save template
            </Button>
          </Group>
        )}
      </Group>
      {save.error && (isStale(save.error) ? (
        <Alert color="orange" title="Changed by someone else" data-testid="stale-alert">
          Someone saved this template meanwhile. <Anchor
            onClick={() => {
              save.reset();
              void client
                .fetchQuery({ queryKey: communicationKeys.template(template.key), queryFn: () => call(api.GET('/api/v1/mail-templates/{templateKey}', { params: { path: { templateKey: template.key } } })), staleTime: 0 })
                .then((fresh) => setDraft({ subject: fresh.subject, htmlBody: fresh.htmlBody, textBody: fresh.textBody }));
            }}
          >
            Reload it
          </Anchor> and make your change again.
        </Alert>
      ) : (
        <ProblemAlert error={save.error} fields={['subject', 'htmlBody', 'textBody']} />
      ))}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Tabs defaultValue="edit" keepMounted>
            <Tabs.List mb="sm">
              <Tabs.Tab value="edit">Edit</Tabs.Tab>
              <Tabs.Tab value="history">History</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="edit">
              <Stack gap="sm">
                <TagTextField label="Subject" testId="template-subject" {...fieldProps('subject')} />
                <TagTextField label="HTML body" description="Tag values are escaped: a customer's text can never add markup." multiline minRows={10} testId="template-html" {...fieldProps('htmlBody')} />
                <TagTextField label="Text body" description="For mail programs that do not show HTML." multiline minRows={8} testId="template-text" {...fieldProps('textBody')} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <HistoryPanel recordType="mail_template" recordId={template.key} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="sm">
            <Paper withBorder p="sm">
              <Text fw={500} size="sm" mb={4}>
                Available tags
              </Text>
              <ScrollArea.Autosize mah={220}>
                <Group gap={6} data-testid="tag-list">
                  {template.tags.map((tag) => (
                    <Tooltip key={tag.tag} label={`${tag.description}. Sample: ${tag.sample}`} multiline w={280} withinPortal>
                      <UnstyledButton onMouseDown={(event) => event.preventDefault()} onClick={() => insertFromList(tag.tag)} data-testid={`tag-${tag.tag}`}>
                        <Code>{`{{${tag.tag}}}`}</Code>
                      </UnstyledButton>
                    </Tooltip>
                  ))}
                </Group>
              </ScrollArea.Autosize>
            </Paper>
            <Paper withBorder p="sm" data-testid="template-preview">
              <Group justify="space-between" mb={4}>
                <Text fw={500} size="sm">
                  Preview with sample data
                </Text>
                {preview.isFetching && (
                  <Text size="xs" c="dimmed">
                    updating…
                  </Text>
                )}
              </Group>
              {preview.isError && <ProblemAlert error={preview.error} />}
              {liveErrors.length > 0 && (
                <Alert color="red" variant="light" mb="xs" data-testid="preview-errors">
                  {liveErrors.map((e) => (
                    <Text size="xs" key={`${e.field}:${e.message}`}>
                      {e.field}: {e.message}
                    </Text>
                  ))}
                </Alert>
              )}
              {preview.data && (
                <Stack gap="xs">
                  <Text size="sm">
                    <Text span c="dimmed" size="sm">
                      Subject:{' '}
                    </Text>
                    <span data-testid="preview-subject">{preview.data.subject}</span>
                  </Text>
                  {/* sandbox with no permissions: the preview can run nothing and reach nothing. */}
                  <iframe title="HTML preview" sandbox="" srcDoc={preview.data.html} style={{ width: '100%', minHeight: 280, border: '1px solid var(--mantine-color-default-border)', borderRadius: 4, background: '#fff' }} data-testid="preview-html" />
                  <Code block data-testid="preview-text" style={{ whiteSpace: 'pre-wrap' }}>
                    {preview.data.text}
                  </Code>
                </Stack>
              )}
            </Paper>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
