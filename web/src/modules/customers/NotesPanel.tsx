import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { api, call } from '../../api/client';
import { useCan, useSession } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Empty, LoadingState } from '../../ui/States';
import { customerRights, type RecordKind } from './customerData';

const paths = { contact: 'contacts', company: 'companies', account: 'accounts' } as const;

/**
 * Internal and external notes on a contact, company or account. Attachments join notes when the
 * attachments module offers them for customer records.
 */
export function NotesPanel({ recordKind, recordId, canWrite }: { recordKind: RecordKind; recordId: string; canWrite: boolean }) {
  const client = useQueryClient();
  const session = useSession();
  const canManage = useCan(customerRights.manage);
  const [editing, setEditing] = useState<{ id: string; body: string; version: number } | null>(null);
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
  const edit = useMutation({
    mutationFn: (note: { id: string; body: string; version: number }) =>
      call(api.PATCH(`${base}/{noteId}` as '/api/v1/contacts/{id}/notes/{noteId}', { params: { path: { id: recordId, noteId: note.id } }, body: { body: note.body, version: note.version } })),
    onSuccess: async () => {
      setEditing(null);
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
      <ProblemAlert error={notes.error ?? remove.error ?? edit.error} />
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
              {canWrite && (canManage || note.author.id === session.user.id) && (
                <Group gap={4}>
                  <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ id: note.id, body: note.body, version: note.version })} data-testid="note-edit">
                    Edit
                  </Button>
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(note.id)}>
                    Delete
                  </Button>
                </Group>
              )}
            </Group>
            {editing?.id === note.id ? (
              <Stack gap={4} mt={4}>
                <Textarea autosize minRows={2} value={editing.body} onChange={(e) => setEditing({ ...editing, body: e.currentTarget.value })} data-testid="note-edit-body" />
                <Group gap={4} justify="flex-end">
                  <Button size="compact-xs" variant="default" onClick={() => setEditing(null)}>
                    Cancel
                  </Button>
                  <Button size="compact-xs" disabled={!editing.body.trim()} loading={edit.isPending} onClick={() => edit.mutate(editing)} data-testid="note-edit-save">
                    Save
                  </Button>
                </Group>
              </Stack>
            ) : (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>
            )}
          </Card>
        ))
      )}
    </Stack>
  );
}
