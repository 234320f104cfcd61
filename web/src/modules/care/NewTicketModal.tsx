import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Group, Modal, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { useCareSettings } from './careData';

const empty = { subject: '', name: '', email: '', phone: '', departmentId: '', message: '', emailCustomer: false };

/** A customer record the ticket is opened from: it fills the contact fields and is linked. */
export interface TicketCustomerPrefill {
  contactId: string;
  name: string;
  email: string | null;
  phone: string | null;
}

interface NewTicketModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (number: number) => void;
  customer?: TicketCustomerPrefill;
}

export function NewTicketModal({ opened, onClose, onCreated, customer }: NewTicketModalProps) {
  const settings = useCareSettings();
  const client = useQueryClient();
  const prefilled = customer ? { ...empty, name: customer.name, email: customer.email ?? '', phone: customer.phone ?? '', emailCustomer: Boolean(customer.email) } : empty;
  const [form, setForm] = useState(prefilled);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/tickets', {
          body: {
            subject: form.subject,
            contact: { contactId: customer?.contactId, name: form.name || undefined, email: form.email || undefined, phone: form.phone || undefined },
            createdFrom: customer ? { type: 'contact', id: customer.contactId } : undefined,
            departmentId: form.departmentId || undefined,
            message: form.message ? { body: form.message, visibility: 'public' } : undefined,
            emailCustomer: form.emailCustomer,
            channel: 'staff',
            openedBy: 'staff',
          },
        }),
      ),
    onSuccess: async (ticket) => {
      setForm(prefilled);
      await client.invalidateQueries({ queryKey: ['tickets'] });
      if (customer) await client.invalidateQueries({ queryKey: ['contacts'] });
      onCreated(ticket.number);
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <Modal opened={opened} onClose={onClose} title={customer ? `New ticket for ${customer.name}` : 'New ticket'} size="lg">
      <form
        data-testid="new-ticket-form"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <Stack>
          <ProblemAlert error={create.error} fields={Object.keys(errors)} />
          <TextInput label="Subject" data-testid="new-ticket-subject" required value={form.subject} onChange={(e) => setForm({ ...form, subject: e.currentTarget.value })} error={errors.subject} />
          <Group grow>
            <TextInput label="Customer name" data-testid="new-ticket-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.currentTarget.value })} error={errors.contact} />
            <TextInput label="Customer email" data-testid="new-ticket-email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
            <TextInput label="Phone" data-testid="new-ticket-phone" value={form.phone} onChange={(e) => setForm({ ...form, phone: e.currentTarget.value })} />
          </Group>
          <Select label="Department" data-testid="new-ticket-department" clearable data={settings.departments.map((d) => ({ value: d.id, label: d.name }))} value={form.departmentId || null} onChange={(value) => setForm({ ...form, departmentId: value ?? '' })} />
          <Textarea label="Message" data-testid="new-ticket-message" autosize minRows={3} value={form.message} onChange={(e) => setForm({ ...form, message: e.currentTarget.value })} />
          <Checkbox label="Email customer" data-testid="new-ticket-email-customer" checked={form.emailCustomer} onChange={(e) => setForm({ ...form, emailCustomer: e.currentTarget.checked })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="new-ticket-submit">
              Create ticket
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
