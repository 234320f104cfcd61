import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Code, CopyButton, Group, Modal, MultiSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { api, call, type ApiToken } from '../../api/client';
import { useSession } from '../../apps/staff/session';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../ui/ConfirmDelete';
import { FormActions } from '../../ui/FormActions';
import { formatDateTime } from '../../ui/format';
import { PageHeader } from '../../ui/PageHeader';
import { LoadMore, usePagedQuery } from '../../ui/paging';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { useFormSave } from '../../ui/useFormSave';
import { useRightOptions } from './reference';

function tokenState(token: ApiToken): { label: string; color: string } {
  if (token.revokedAt) return { label: 'Revoked', color: 'gray' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() < Date.now()) return { label: 'Expired', color: 'orange' };
  return { label: 'Active', color: 'green' };
}

export function ApiTokensPage() {
  const session = useSession();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const query = usePagedQuery(['api-tokens', 'list'], (cursor) => call(api.GET('/api/v1/api-tokens', { params: { query: { cursor, limit: 50 } } })));
  const revocation = useDeleteConfirmation({
    remove: (token: ApiToken) => call(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id: token.id } } })),
    onDeleted: () => client.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  return (
    <>
      <PageHeader
        title="API tokens"
        description={session.user.isAdmin ? 'Tokens of every user. Integrations send them as a Bearer token.' : 'Your tokens. Integrations send them as a Bearer token.'}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="new-token">
            New token
          </Button>
        }
      />
      <QueryState
        query={query}
        loadingLabel="Loading tokens…"
        isEmpty={query.items.length === 0}
        emptyTitle="No API tokens"
        emptyDescription="Create a token to let a script or integration call the Patron API as you."
      >
        {() => (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="tokens-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Prefix</Table.Th>
                  <Table.Th>Scopes</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {query.items.map((token) => {
                  const state = tokenState(token);
                  return (
                    <Table.Tr key={token.id} data-testid="token-row">
                      <Table.Td>
                        {token.name}
                        {token.userId !== session.user.id && (
                          <Text size="xs" c="dimmed">
                            user {token.userId.slice(0, 8)}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Code>{token.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" lineClamp={2}>
                          {token.scopes === null ? 'All my rights' : token.scopes.join(', ') || 'None'}
                        </Text>
                      </Table.Td>
                      <Table.Td>{formatDateTime(token.createdAt)}</Table.Td>
                      <Table.Td>{token.expiresAt ? formatDateTime(token.expiresAt) : 'Never'}</Table.Td>
                      <Table.Td>{formatDateTime(token.lastUsedAt)}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={state.color}>
                          {state.label}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {!token.revokedAt && (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => revocation.ask(token)} aria-label={`Revoke ${token.name}`}>
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <LoadMore query={query} />
      <CreateTokenModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setSecret(token);
        }}
      />
      <Modal opened={secret !== null} onClose={() => setSecret(null)} title="Your new API token" size="lg" closeOnClickOutside={false}>
        <Stack>
          <Alert color="orange" title="Copy it now">
            This is the only time the token is shown. Store it somewhere safe; if you lose it, revoke it and create a new one.
          </Alert>
          <Code block data-testid="token-secret" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={secret ?? ''}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? 'teal' : undefined} onClick={copy}>
                  {copied ? 'Copied' : 'Copy token'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={() => setSecret(null)}>I have stored it</Button>
          </Group>
        </Stack>
      </Modal>
      <ConfirmDeleteDialog
        deletion={revocation}
        title="Revoke token?"
        message={(token) => `Integrations using “${token.name}” stop working immediately. This cannot be undone.`}
        confirmLabel="Revoke token"
      />
    </>
  );
}

function CreateTokenModal({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (token: string) => void }) {
  const client = useQueryClient();
  const session = useSession();
  const rightOptions = useRightOptions();
  // Users who cannot list rights still pick among the rights they hold.
  const scopeOptions = rightOptions.query.isSuccess ? rightOptions.options : session.rights.map((key) => ({ value: key, label: key }));
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiresOn, setExpiresOn] = useState('');
  const create = useFormSave({
    save: () =>
      call(
        api.POST('/api/v1/api-tokens', {
          body: {
            name,
            scopes: scopes.length > 0 ? scopes : undefined,
            // A date input gives a day; the token ends at the end of that day, local time.
            expiresAt: expiresOn ? new Date(`${expiresOn}T23:59:59`).toISOString() : undefined,
          },
        }),
      ),
    onSaved: async (created) => {
      await client.invalidateQueries({ queryKey: ['api-tokens'] });
      setName('');
      setScopes([]);
      setExpiresOn('');
      create.reset();
      onCreated(created.token);
    },
  });
  const errors = create.fieldErrors;
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="New API token" size="lg">
      <form onSubmit={create.submit} data-testid="create-token-form">
        <Stack>
          <TextInput label="Name" description="What uses this token, e.g. “ERP sync”" required data-autofocus value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
          <MultiSelect
            label="Scopes"
            description="Leave empty to let the token use all of your rights."
            data={scopeOptions}
            value={scopes}
            onChange={setScopes}
            searchable
            clearable
            error={errors.scopes}
          />
          <TextInput label="Expires on" type="date" description="Optional" value={expiresOn} onChange={(e) => setExpiresOn(e.currentTarget.value)} error={errors.expiresAt} />
          <ProblemAlert error={create.error} fields={['name', 'scopes', 'expiresAt']} />
          <FormActions saving={create.isPending} submitLabel="Create token" submitTestId="create-token" onCancel={close} />
        </Stack>
      </form>
    </Modal>
  );
}
