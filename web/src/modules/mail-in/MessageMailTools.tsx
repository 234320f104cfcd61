import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Anchor, Badge, Button, Group, Menu, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { hasRight, useSession } from '../../apps/staff/session';
import { ProblemAlert } from '../../ui/ProblemAlert';

const signalLabels: Record<string, string> = {
  reply_token: 'matched by its reply address',
  references: 'matched by its mail headers',
  subject_number: 'matched by the ticket number in its subject',
  new_ticket: 'opened this ticket',
  follow_up: 'follow-up of a closed ticket',
  bounce: 'delivery failure',
};

/** Page for a sanitised mail body: no script runs in it, and it loads nothing but our own images. */
function mailDocument(html: string): string {
  return `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"><base target="_blank"><body style="font-family: sans-serif; font-size: 14px; margin: 8px">${html}</body>`;
}

/**
 * Under a ticket message: how an emailed message found this ticket, its formatted body and its
 * original .eml, and for staff who work tickets, splitting it off or moving it to another ticket.
 */
export function MessageMailTools({ ticketNumber, messageId }: { ticketNumber: number; messageId: string }) {
  const mayWork = hasRight(useSession(), rights.ticketsWork);
  const [showHtml, setShowHtml] = useState(false);
  const [dialog, setDialog] = useState<'split' | 'move' | null>(null);
  // One request per ticket: every message's tools share it.
  const mails = useQuery({ queryKey: ['tickets', 'inbound-mails', ticketNumber], queryFn: () => call(api.GET('/api/v1/tickets/{number}/inbound-mails', { params: { path: { number: ticketNumber } } })) });
  const mail = mails.data?.items.find((item) => item.ticketMessageId === messageId);
  if (!mail && !mayWork) return null;
  return (
    <Stack gap={4} mt={6}>
      <Group gap="xs">
        {mail && (
          <>
            <Badge size="xs" variant="light" data-testid="mail-signal">
              email · {signalLabels[mail.threadSignal] ?? mail.threadSignal}
            </Badge>
            {mail.automated && (
              <Badge size="xs" color="gray" variant="light">
                {mail.automated.replace('_', ' ')}
              </Badge>
            )}
            {mail.html && (
              <Button size="compact-xs" variant="subtle" onClick={() => setShowHtml((shown) => !shown)} data-testid="mail-show-html">
                {showHtml ? 'Hide formatted' : 'Show formatted'}
              </Button>
            )}
            {mail.rawAttachmentId && (
              <Anchor size="xs" href={`/api/v1/attachments/${mail.rawAttachmentId}`} data-testid="mail-original">
                Original (.eml)
              </Anchor>
            )}
          </>
        )}
        {mayWork && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="compact-xs" variant="subtle" color="gray" data-testid="message-menu">
                Split / move
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item onClick={() => setDialog('split')}>Split into a new ticket…</Menu.Item>
              <Menu.Item onClick={() => setDialog('move')}>Move to another ticket…</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {showHtml && mail?.html && (
        // No allow-scripts: nothing in the mail can run; same origin only so our images load.
        <iframe title="Formatted mail" sandbox="allow-same-origin allow-popups" srcDoc={mailDocument(mail.html)} style={{ width: '100%', minHeight: 240, border: '1px solid var(--mantine-color-default-border)', background: 'white' }} />
      )}
      {dialog && <MoveDialog kind={dialog} ticketNumber={ticketNumber} messageId={messageId} onClose={() => setDialog(null)} />}
    </Stack>
  );
}

function MoveDialog({ kind, ticketNumber, messageId, onClose }: { kind: 'split' | 'move'; ticketNumber: number; messageId: string; onClose: () => void }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
  const [target, setTarget] = useState<number | string>('');
  const path = { number: ticketNumber, messageId };
  const save = useMutation({
    mutationFn: () =>
      kind === 'split'
        ? call(api.POST('/api/v1/tickets/{number}/messages/{messageId}/split', { params: { path }, body: { subject: subject.trim() || undefined } }))
        : call(api.POST('/api/v1/tickets/{number}/messages/{messageId}/move', { params: { path }, body: { targetNumber: Number(target) } })),
    onSuccess: (ticket) => {
      void client.invalidateQueries({ queryKey: ['tickets'] });
      onClose();
      void navigate({ to: '/tickets/$number', params: { number: String(ticket.number) }, search: {} });
    },
  });
  return (
    <Modal opened onClose={onClose} title={kind === 'split' ? 'Split into a new ticket' : 'Move to another ticket'}>
      <Stack>
        {save.isError && <ProblemAlert error={save.error} />}
        {kind === 'split' ? (
          <TextInput label="Subject of the new ticket" placeholder="Same as this ticket" value={subject} onChange={(event) => setSubject(event.currentTarget.value)} data-testid="split-subject" />
        ) : (
          <NumberInput label="Ticket number" min={1} value={target} onChange={setTarget} data-testid="move-target" />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={save.isPending} disabled={kind === 'move' && !target} onClick={() => save.mutate()} data-testid="move-confirm">
            {kind === 'split' ? 'Split' : 'Move'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
