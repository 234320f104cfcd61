import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Alert, Anchor, Badge, Button, FileInput, Group, Progress, Select, Stack, Table, Text } from '@mantine/core';
import { api, call, type ResponseOf } from '../../../api/client';
import { uploadRawFile } from '../../../api/uploads';
import { PageHeader } from '../../../ui/PageHeader';
import { ProblemAlert } from '../../../ui/ProblemAlert';
import { CustomersTabs } from '../ListFilters';

type CustomerImport = ResponseOf<'getImport'>;
type Preview = ResponseOf<'previewImport'>;
type Kind = 'contact' | 'company' | 'account';
type Key = 'email' | 'identifier' | 'accountNumber' | 'vatNumber' | 'id';

const kinds = [
  { value: 'contact', label: 'Contacts' },
  { value: 'company', label: 'Companies' },
  { value: 'account', label: 'Accounts' },
];
const keysByKind: Record<Kind, { value: Key; label: string }[]> = {
  contact: [
    { value: 'email', label: 'Email' },
    { value: 'identifier', label: 'Identifier' },
    { value: 'accountNumber', label: 'Account number' },
    { value: 'id', label: 'Patron id (update only)' },
  ],
  company: [
    { value: 'vatNumber', label: 'VAT number' },
    { value: 'id', label: 'Patron id (update only)' },
  ],
  account: [
    { value: 'accountNumber', label: 'Account number' },
    { value: 'id', label: 'Patron id (update only)' },
  ],
};
const identifierKinds = [
  { value: 'id_number', label: 'ID number' },
  { value: 'passport', label: 'Passport' },
  { value: 'social_security', label: 'Social security' },
  { value: 'vat_number', label: 'VAT number' },
];

/** Import of contacts, companies or accounts: upload, map the columns, preview, commit, follow the job. */
export function ImportPage() {
  const [kind, setKind] = useState<Kind>('contact');
  const [key, setKey] = useState<Key>('email');
  const [identifierKind, setIdentifierKind] = useState<string | null>('id_number');
  const [file, setFile] = useState<File | null>(null);
  const [uploaded, setUploaded] = useState<number | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const upload = async () => {
    if (!file) return;
    setError(null);
    const query = new URLSearchParams({ kind, key, fileName: file.name, ...(key === 'identifier' && identifierKind ? { identifierKind } : {}) });
    try {
      const created = await uploadRawFile<CustomerImport>(`/api/v1/customer-imports?${query.toString()}`, file, setUploaded);
      setImportId(created.id);
    } catch (caught) {
      setError(caught);
    } finally {
      setUploaded(null);
    }
  };

  return (
    <Stack>
      <PageHeader title="Import customers" description="CSV (UTF-8 or Windows-1252, comma, semicolon or tab separated) or XLSX; the first row names the columns." />
      <CustomersTabs active="contacts" />
      {!importId ? (
        <Stack maw={520}>
          <Select label="Records" data={kinds} value={kind} allowDeselect={false} onChange={(value) => { setKind(value as Kind); setKey(keysByKind[value as Kind][0]!.value); }} data-testid="import-kind" />
          <Select label="Match existing records on" data={keysByKind[kind]} value={key} allowDeselect={false} onChange={(value) => setKey(value as Key)} data-testid="import-key" />
          {key === 'identifier' && <Select label="Identifier" data={identifierKinds} value={identifierKind} onChange={setIdentifierKind} />}
          <FileInput label="File" placeholder="Choose a .csv or .xlsx file" accept=".csv,.txt,.xlsx,text/csv" value={file} onChange={setFile} data-testid="import-file" />
          {uploaded !== null && <Progress value={uploaded * 100} aria-label="Upload progress" />}
          <ProblemAlert error={error} />
          <Group>
            <Button onClick={() => void upload()} disabled={!file} loading={uploaded !== null} data-testid="import-upload">Upload</Button>
          </Group>
          <RecentImports onOpen={setImportId} />
        </Stack>
      ) : (
        <ImportSteps id={importId} onRestart={() => { setImportId(null); setFile(null); }} />
      )}
    </Stack>
  );
}

function ImportSteps({ id, onRestart }: { id: string; onRestart: () => void }) {
  const queryClient = useQueryClient();
  const running = (status?: string) => status === 'queued' || status === 'running';
  const current = useQuery({
    queryKey: ['customer-imports', id],
    queryFn: () => call(api.GET('/api/v1/customer-imports/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (running(query.state.data?.status) ? 1000 : false),
  });
  const [mapping, setMapping] = useState<(string | null)[] | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const data = current.data;
  if (!data) return <ProblemAlert error={current.error} />;
  const chosen = mapping ?? data.mapping;
  const options = [{ value: '', label: '(ignore)' }, ...data.targets.map((target) => ({ value: target.key, label: target.label }))];

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const runPreview = () =>
    act(async () => {
      await call(api.PATCH('/api/v1/customer-imports/{id}', { params: { path: { id } }, body: { mapping: chosen } }));
      setPreview(await call(api.POST('/api/v1/customer-imports/{id}/preview', { params: { path: { id } } })));
    });
  const commit = () =>
    act(async () => {
      await call(api.POST('/api/v1/customer-imports/{id}/commit', { params: { path: { id } } }));
      await queryClient.invalidateQueries({ queryKey: ['customer-imports', id] });
    });

  if (data.status !== 'mapping') {
    const percent = data.totalRows ? Math.round((data.committedRows / data.totalRows) * 100) : 0;
    return (
      <Stack maw={640} data-testid="import-progress">
        <Group justify="space-between">
          <Text fw={500}>{data.fileName}</Text>
          <Badge data-testid="import-status">{data.status}</Badge>
        </Group>
        <Progress value={data.status === 'completed' ? 100 : percent} animated={running(data.status)} aria-label="Import progress" size="lg" />
        <Text size="sm">
          {data.committedRows} of {data.totalRows ?? '…'} rows: {data.createdCount} created, {data.updatedCount} updated, {data.errorCount} refused
        </Text>
        {data.failure && <Alert color="red">{data.failure}</Alert>}
        {data.errorCount > 0 && (
          <Anchor href={`/api/v1/customer-imports/${id}/errors.csv`} data-testid="import-errors-link">
            Download the refused rows (CSV with the reason)
          </Anchor>
        )}
        {data.status === 'completed' && (
          <Group>
            {data.kind === 'contact' && (
              <Anchor component={Link} to="/customers" data-testid="import-view-contacts">
                View contacts
              </Anchor>
            )}
            <Button variant="subtle" onClick={onRestart}>
              Import another file
            </Button>
          </Group>
        )}
      </Stack>
    );
  }

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {data.fileName}: {data.format.toUpperCase()}
        {data.format === 'csv' ? `, ${data.encoding}, separated by ${data.delimiter === '\t' ? 'tabs' : `"${data.delimiter}"`}` : ''}. Matching on {data.key}.
      </Text>
      <Table maw={720} data-testid="import-mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column in the file</Table.Th>
            <Table.Th>Field</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.headers.map((header, index) => (
            <Table.Tr key={`${index}-${header}`}>
              <Table.Td>{header}</Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  searchable
                  aria-label={`Field for ${header}`}
                  data={options}
                  value={chosen[index] ?? ''}
                  onChange={(value) => {
                    setPreview(null);
                    setMapping(chosen.map((target, position) => (position === index ? value || null : target)));
                  }}
                  data-testid={`mapping-${index}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ProblemAlert error={error} />
      <Group>
        <Button variant="default" onClick={() => void runPreview()} loading={busy && !preview} data-testid="import-preview">
          Preview
        </Button>
        <Button onClick={() => void commit()} disabled={!preview} loading={busy && Boolean(preview)} data-testid="import-commit">
          Import
        </Button>
      </Group>
      {preview && (
        <Stack data-testid="import-preview-result">
          <Text size="sm">
            {preview.complete ? 'The whole file' : `The first ${preview.rowsRead} rows`}: <b data-testid="preview-create">{preview.toCreate}</b> to create, <b data-testid="preview-update">{preview.toUpdate}</b> to update,{' '}
            <b data-testid="preview-error">{preview.inError}</b> in error.
          </Text>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Values</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.slice(0, 50).map((row) => (
                <Table.Tr key={row.rowNumber} data-testid={`preview-row-${row.rowNumber}`}>
                  <Table.Td>{row.rowNumber}</Table.Td>
                  <Table.Td>
                    <Badge color={row.action === 'error' ? 'red' : row.action === 'update' ? 'blue' : 'green'}>{row.action}</Badge>
                    {row.message && <Text size="xs" c="red">{row.message}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{row.values.filter(Boolean).join(' · ')}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Stack>
  );
}

/** The latest imports, to follow one still running or fetch its error report again. */
function RecentImports({ onOpen }: { onOpen: (id: string) => void }) {
  const recent = useQuery({ queryKey: ['customer-imports', 'recent'], queryFn: () => call(api.GET('/api/v1/customer-imports', { params: { query: { limit: 10 } } })) });
  const items = recent.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Stack gap={4} data-testid="recent-imports">
      <Text fw={500} size="sm">
        Recent imports
      </Text>
      {items.map((item) => (
        <Group key={item.id} gap="xs">
          <Anchor size="sm" onClick={() => onOpen(item.id)}>
            {item.fileName}
          </Anchor>
          <Badge size="xs" variant="light">
            {item.status}
          </Badge>
          <Text size="xs" c="dimmed">
            {item.createdCount} created, {item.updatedCount} updated, {item.errorCount} refused
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
