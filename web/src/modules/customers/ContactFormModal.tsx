import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { api, call, fieldErrors } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import type { Contact } from './customerData';

interface ContactFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Editing this contact; creating a new one when absent. */
  contact?: Contact;
  onSaved: (contact: Contact) => void;
}

const blank = { firstName: '', lastName: '', email: '', phone: '', companyName: '' };

/** Create or edit a contact; empty optional fields are saved as "none". */
export function ContactFormModal({ opened, onClose, contact, onSaved }: ContactFormModalProps) {
  const client = useQueryClient();
  const [form, setForm] = useState(contact ? { firstName: contact.firstName, lastName: contact.lastName, email: contact.email ?? '', phone: contact.phone ?? '', companyName: contact.companyName ?? '' } : blank);
  const save = useMutation({
    mutationFn: () => {
      const fields = { firstName: form.firstName, lastName: form.lastName, email: form.email || null, phone: form.phone || null, companyName: form.companyName || null };
      return contact
        ? call(api.PATCH('/api/v1/contacts/{id}', { params: { path: { id: contact.id } }, body: { ...fields, version: contact.version } }))
        : call(api.POST('/api/v1/contacts', { body: fields }));
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['contacts'] });
      if (!contact) setForm(blank);
      onSaved(saved);
    },
  });
  const errors = fieldErrors(save.error);
  const field = (key: keyof typeof blank) => ({ value: form[key], onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [key]: e.currentTarget.value }), error: errors[key] });
  return (
    <Modal opened={opened} onClose={onClose} title={contact ? 'Edit contact' : 'New contact'} size="lg">
      <form
        data-testid="contact-form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert error={save.error} fields={Object.keys(errors)} />
          <Group grow>
            <TextInput label="First name" data-autofocus data-testid="contact-first-name" {...field('firstName')} />
            <TextInput label="Last name" data-testid="contact-last-name" {...field('lastName')} />
          </Group>
          <Group grow>
            <TextInput label="Email" type="email" data-testid="contact-email" {...field('email')} />
            <TextInput label="Phone" data-testid="contact-phone" {...field('phone')} />
          </Group>
          <TextInput label="Company" data-testid="contact-company" {...field('companyName')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="contact-save">
              {contact ? 'Save' : 'Create contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
