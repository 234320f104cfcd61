import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Divider, Group, Modal, Stack, TagsInput, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AddressesEditor, EmailsEditor, IdentifiersEditor, PhonesEditor } from './ContactPointsEditor';
import { changedValues, CustomFieldInputs, type CustomValues } from './CustomFieldInputs';
import { errorsByPath, type Contact } from './customerData';
import { CompanySelect, OwnerSelect } from './pickers';

interface ContactFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Editing this contact; creating a new one when absent. */
  contact?: Contact;
  onSaved: (contact: Contact) => void;
}

function initialForm(contact?: Contact) {
  return {
    firstName: contact?.firstName ?? '',
    lastName: contact?.lastName ?? '',
    jobTitle: contact?.jobTitle ?? '',
    companyId: contact?.companyId ?? null,
    companyName: contact?.companyId ? '' : (contact?.companyName ?? ''),
    ownerId: contact?.owner?.id ?? null,
    salesRepCode: contact?.salesRepCode ?? '',
    tags: contact?.tags ?? [],
    disabled: contact?.disabled ?? false,
    emails: contact?.emails ?? [{ email: '', label: 'other' as const, isDefault: true }],
    phones: contact?.phones ?? [{ number: '', label: 'mobile' as const, isDefault: true }],
    addresses: contact?.addresses ?? [],
    identifiers: contact?.identifiers ?? [],
    customFields: (contact?.customFields ?? {}) as CustomValues,
  };
}

/** Create or edit a contact: names, emails, phones, addresses, identifiers, company, owner, tags and custom fields. */
export function ContactFormModal({ opened, onClose, contact, onSaved }: ContactFormModalProps) {
  const client = useQueryClient();
  const [form, setForm] = useState(() => initialForm(contact));
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        firstName: form.firstName,
        lastName: form.lastName,
        jobTitle: form.jobTitle || null,
        companyId: form.companyId,
        companyName: form.companyName || null,
        ownerId: form.ownerId,
        salesRepCode: form.salesRepCode || null,
        tags: form.tags,
        disabled: form.disabled,
        // Empty rows the user added and left blank are not sent.
        emails: form.emails.filter((entry) => entry.email.trim()),
        phones: form.phones.filter((entry) => entry.number.trim()),
        addresses: form.addresses,
        identifiers: form.identifiers.filter((entry) => entry.value.trim()),
        customFields: contact ? changedValues(contact.customFields, form.customFields) : Object.fromEntries(Object.entries(form.customFields).filter(([, value]) => value !== null && value !== '')),
      };
      return contact
        ? call(api.PATCH('/api/v1/contacts/{id}', { params: { path: { id: contact.id } }, body: { ...fields, version: contact.version } }))
        : call(api.POST('/api/v1/contacts', { body: fields }));
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['contacts'] });
      if (!contact) setForm(initialForm());
      onSaved(saved);
    },
  });
  const errors = errorsByPath(save.error);
  const text = (key: 'firstName' | 'lastName' | 'jobTitle' | 'companyName' | 'salesRepCode', label: string, testId: string) => (
    <TextInput label={label} value={form[key]} onChange={(e) => set({ [key]: e.currentTarget.value })} error={errors[key]} data-testid={testId} />
  );
  return (
    <Modal opened={opened} onClose={onClose} title={contact ? 'Edit contact' : 'New contact'} size="xl">
      <form
        data-testid="contact-form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert error={save.error} fields={['firstName', 'lastName', 'jobTitle', 'companyName', 'companyId', 'ownerId', 'salesRepCode', 'customFields']} />
          <Group grow>
            {text('firstName', 'First name', 'contact-first-name')}
            {text('lastName', 'Last name', 'contact-last-name')}
            {text('jobTitle', 'Job title', 'contact-job-title')}
          </Group>
          <Group grow>
            <CompanySelect label="Company" value={form.companyId} currentLabel={contact?.company?.name} onChange={(companyId) => set({ companyId })} error={errors.companyId} testId="contact-company-id" />
            {!form.companyId && text('companyName', 'Company (free text)', 'contact-company')}
          </Group>
          <EmailsEditor entries={form.emails} onChange={(emails) => set({ emails })} errors={errors} />
          <PhonesEditor entries={form.phones} onChange={(phones) => set({ phones })} errors={errors} />
          <AddressesEditor entries={form.addresses} onChange={(addresses) => set({ addresses })} errors={errors} />
          <IdentifiersEditor entries={form.identifiers} onChange={(identifiers) => set({ identifiers })} errors={errors} />
          <Divider />
          <Group grow align="flex-start">
            <OwnerSelect label="Owner" value={form.ownerId} currentLabel={contact?.owner?.name} onChange={(ownerId) => set({ ownerId })} error={errors.ownerId} testId="contact-owner" />
            {text('salesRepCode', 'Sales rep code', 'contact-sales-rep')}
          </Group>
          <TagsInput label="Tags" value={form.tags} onChange={(tags) => set({ tags })} error={errors.tags} data-testid="contact-tags" />
          <CustomFieldInputs recordKind="contact" values={form.customFields} onChange={(customFields) => set({ customFields })} errors={errors} />
          {contact && <Checkbox label="Disabled" checked={form.disabled} onChange={(e) => set({ disabled: e.currentTarget.checked })} data-testid="contact-disabled" />}
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
