import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { api, call } from '../../api/client';
import { formatDateTime } from '../../ui/format';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import type { RecordKind } from './customerData';

const paths = { contact: 'contacts', company: 'companies', account: 'accounts' } as const;

/**
 * Internal and external notes on a contact, company or account. Attachments join notes when the
 * attachments module offers them for customer records.
 */
export function NotesPanel({ recordKind, recordId, canWrite }: { recordKind: RecordKind; recordId: string; canWrite: boolean }) {
  const client = useQueryClient();
  const key = ['notes', recordKind, recordId];
  const base = `/api/v1/${paths[recordKind]}/{id}/notes` as '/api/v1/contacts/{id}/notes';
  const notes = useQuery({ queryKey: key, queryFn: () => call(api.GET(base, { params: { path: { id: recordId } } })) });
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'external'>('internal');
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: key }), client.invalidateQueries({ queryKey: ['history'] })]);
  const add = useMutation({
    mutationFn: () => call(api.POST(base, { params: { path: { id: recordId } }, body: { body, visibility } })),
    onSuccess: async () => {
      setBody('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (noteId: string) => call(api.DELETE(`${base}/{noteId}` as '/api/v1/contacts/{id}/notes/{noteId}', { params: { path: { id: recordId, noteId } } })),
    onSuccess: refresh,
  });
  return (
    <Stack>
      {canWrite && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Stack gap="xs">
            <Textarea placeholder="Write a note" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} data-testid="note-body" />
            <Group justify="space-between">
              <SegmentedControl size="xs" value={visibility} onChange={(value) => setVisibility(value === 'external' ? 'external' : 'internal')} data={[{ value: 'internal', label: 'Internal' }, { value: 'external', label: 'External' }]} data-testid="note-visibility" />
              <Button type="submit" size="xs" disabled={!body.trim()} loading={add.isPending} data-testid="note-add">
                Add note
              </Button>
            </Group>
            <ProblemAlert error={add.error} />
          </Stack>
        </form>
      )}
      <ProblemAlert error={notes.error ?? remove.error} />
      {notes.isLoading ? (
        <LoadingState />
      ) : !notes.data?.items.length ? (
        <Empty title="No notes yet" />
      ) : (
        notes.data.items.map((note) => (
          <Card key={note.id} withBorder padding="sm" data-testid="note">
            <Group justify="space-between">
              <Group gap={6}>
                <Text size="sm" fw={500}>{note.author.name}</Text>
                <Text size="xs" c="dimmed">{formatDateTime(note.createdAt)}</Text>
                <Badge size="xs" variant="light" color={note.visibility === 'external' ? 'green' : 'gray'}>{note.visibility}</Badge>
              </Group>
              {canWrite && (
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(note.id)}>
                  Delete
                </Button>
              )}
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>
          </Card>
        ))
      )}
    </Stack>
  );
}
