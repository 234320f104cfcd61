import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Alert, Button, Group, Notification, Stack, Text } from '@mantine/core';
import { api, call, type ResponseOf } from '../../api/client';
import { useCan } from '../../apps/staff/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/format';
import { customerRights } from './customerData';
import { ContactLink } from './links';
import { movedSummary, type ContactMerge, type MergeResult } from './mergeData';

type UndoResult = ResponseOf<'undoMerge'>;

/**
 * On a contact's page: the notice right after a merge, and each merge into this contact that can
 * still be undone, with its "Undo merge" button.
 */
export function ContactMerges({ contactId, justMerged }: { contactId: string; justMerged: MergeResult['merge'] | null }) {
  const client = useQueryClient();
  const canMerge = useCan(customerRights.merge);
  const merges = useQuery({ queryKey: ['contacts', 'merges', contactId], queryFn: () => call(api.GET('/api/v1/contacts/{id}/merges', { params: { path: { id: contactId } } })) });
  const [undoing, setUndoing] = useState<ContactMerge | null>(null);
  const [undone, setUndone] = useState<UndoResult | null>(null);
  const [noticeOpen, setNoticeOpen] = useState(Boolean(justMerged));
  const undo = useMutation({
    mutationFn: (merge: ContactMerge) => call(api.POST('/api/v1/contact-merges/{id}/undo', { params: { path: { id: merge.id } } })),
    onSuccess: async (result) => {
      setUndone(result);
      setUndoing(null);
      setNoticeOpen(false);
      // The loser's cached page says "merged into"; it is a contact of its own again.
      client.removeQueries({ queryKey: ['contacts', 'one', result.loser.id] });
      await Promise.all([client.invalidateQueries({ queryKey: ['contacts'] }), client.invalidateQueries({ queryKey: ['tickets'] })]);
    },
  });
  const undoable = (merges.data?.items ?? []).filter((merge) => merge.undoable);

  return (
    <Stack gap="xs">
      {justMerged && noticeOpen && (
        <Notification color="teal" title="Contacts merged" onClose={() => setNoticeOpen(false)} data-testid="merge-success">
          {justMerged.loser.displayName} was merged into this contact; {movedSummary(justMerged.moved)} moved here.
        </Notification>
      )}
      {undone && (
        <Notification color="blue" title="Merge undone" onClose={() => setUndone(null)} data-testid="merge-undone">
          <Group gap={4}>
            <ContactLink id={undone.loser.id} testId="merge-undone-loser">{undone.loser.displayName}</ContactLink>
            <Text size="sm">is back, with everything that had moved.</Text>
          </Group>
        </Notification>
      )}
      {canMerge &&
        undoable.map((merge) => (
          <Alert key={merge.id} color="gray" variant="light" data-testid="contact-merge-banner">
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm">
                {merge.loser.displayName} was merged into this contact on {formatDateTime(merge.mergedAt)} by {merge.mergedBy}. It can be undone until {formatDateTime(merge.undoUntil)}.
              </Text>
              <Button size="xs" variant="default" style={{ flexShrink: 0 }} onClick={() => setUndoing(merge)} data-testid="undo-merge">
                Undo merge
              </Button>
            </Group>
          </Alert>
        ))}
      <ConfirmDialog
        opened={undoing !== null}
        title="Undo merge"
        message={undoing ? `Bring ${undoing.loser.displayName} back as a contact of its own? Its details and everything that moved (${movedSummary(undoing.moved)}) go back to it; changes made here since the merge are kept.` : ''}
        confirmLabel="Undo merge"
        color="blue"
        onConfirm={() => undoing && undo.mutate(undoing)}
        onClose={() => setUndoing(null)}
        loading={undo.isPending}
        error={undo.error}
      />
    </Stack>
  );
}

/** A merged contact's page: it lives on in another contact, where its old links now lead. */
export function MergedContactRedirect({ mergedInto }: { mergedInto: { id: string; displayName: string } }) {
  const navigate = useNavigate();
  useEffect(() => {
    void navigate({ to: '/customers/$id', params: { id: mergedInto.id }, replace: true });
  }, [navigate, mergedInto.id]);
  return (
    <Alert color="blue" data-testid="contact-merged-into">
      This contact was merged into <ContactLink id={mergedInto.id}>{mergedInto.displayName}</ContactLink>. Opening it…
    </Alert>
  );
}
