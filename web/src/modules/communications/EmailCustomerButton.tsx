import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Divider, Group, Modal, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { hasRight, useSession } from '../../apps/staff/session';
import { formatDateTime } from '../../ui/format';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { useTemplates, type TemplateKey } from './communicationsData';

// Templates staff may send by hand: those written for customers, except the portal's own.
const sendable: TemplateKey[] = ['ticket_reply', 'ticket_status_changed', 'ticket_received_customer', 'ticket_awaiting_acceptance', 'ticket_completed'];

/** "Email customer" on a ticket: a one-off mail written with a template, joining the ticket's thread. */
export function EmailCustomerButton({ ticketNumber, customerEmail }: { ticketNumber: number; customerEmail: string | null }) {
  const allowed = hasRight(useSession(), rights.emailSend);
  const [opened, setOpened] = useState(false);
  if (!allowed) return null;
  return (
    <>
      <Button size="xs" variant="default" onClick={() => setOpened(true)} data-testid="email-customer">
        Email customer
      </Button>
      {opened && <EmailCustomerModal ticketNumber={ticketNumber} customerEmail={customerEmail} onClose={() => setOpened(false)} />}
    </>
  );
}

function EmailCustomerModal({ ticketNumber, customerEmail, onClose }: { ticketNumber: number; customerEmail: string | null; onClose: () => void }) {
  const client = useQueryClient();
  const templates = useTemplates();
  const [templateKey, setTemplateKey] = useState<TemplateKey>('ticket_reply');
  const [to, setTo] = useState(customerEmail ?? '');
  const [message, setMessage] = useState('');
  const send = useMutation({
    mutationFn: () => call(api.POST('/api/v1/emails', { body: { templateKey, ticketNumber, to: to.trim() || undefined, message } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['tickets'] }),
  });
  const sent = useQuery({ queryKey: ['tickets', 'emails', ticketNumber], queryFn: () => call(api.GET('/api/v1/tickets/{number}/emails', { params: { path: { number: ticketNumber } } })) });
  const errors = fieldErrors(send.error);
  return (
    <Modal opened onClose={onClose} title={`Email the customer about #${ticketNumber}`} size="lg">
      {send.data ? (
        <Stack>
          <Alert color="green" data-testid="email-sent">
            Queued “{send.data.subject}” to {send.data.to}. It is on the ticket’s mail thread; without SMTP it waits in the outbox.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={onClose}>Close</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Select
            label="Template"
            allowDeselect={false}
            data={sendable.map((key) => ({ value: key, label: templates.items.find((t) => t.key === key)?.name ?? key }))}
            value={templateKey}
            onChange={(value) => value && setTemplateKey(value as TemplateKey)}
            error={errors.templateKey}
            data-testid="email-template"
          />
          <TextInput label="To" type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={errors.to} placeholder="The customer’s email" data-testid="email-to" />
          <Textarea label="Message" description="Fills {{message.body}} in the template." autosize minRows={5} value={message} onChange={(e) => setMessage(e.currentTarget.value)} error={errors.message} data-testid="email-message" />
          <Text size="xs" c="dimmed">
            The template is filled with this ticket’s details; the message is escaped, so it shows exactly as typed.
          </Text>
          <ProblemAlert error={send.error} fields={['templateKey', 'to', 'message']} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button onClick={() => send.mutate()} loading={send.isPending} data-testid="send-email">
              Send
            </Button>
          </Group>
        </Stack>
      )}
      {(sent.data?.items.length ?? 0) > 0 && (
        <>
          <Divider my="md" label="Mail sent for this ticket" labelPosition="left" />
          <Table verticalSpacing={4} fz="xs" data-testid="ticket-emails">
            <Table.Tbody>
              {sent.data!.items.map((mail) => (
                <Table.Tr key={mail.mailId}>
                  <Table.Td>{formatDateTime(mail.createdAt)}</Table.Td>
                  <Table.Td>{mail.toAddress}</Table.Td>
                  <Table.Td>{mail.subject}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="light" color={mail.status === 'failed' ? 'red' : mail.status === 'queued' ? 'yellow' : 'green'}>
                      {mail.automatic ? `${mail.status}, automatic` : mail.status}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Modal>
  );
}
