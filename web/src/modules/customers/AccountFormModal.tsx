import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ActionIcon, Button, Checkbox, Group, Modal, SegmentedControl, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { changedValues, CustomFieldInputs, type CustomValues } from './CustomFieldInputs';
import { errorsByPath, type Account } from './customerData';
import { CompanySelect, ContactSelect, OwnerSelect } from './pickers';

type Role = Account['contacts'][number]['role'];
const roles: Role[] = ['admin', 'buyer', 'approver', 'viewer'];

function initialForm(account?: Account, holder?: { kind: 'contact' | 'company'; id: string }) {
  return {
    number: account?.number ?? '',
    name: account?.name ?? '',
    holderKind: account?.holder.kind ?? holder?.kind ?? ('company' as 'contact' | 'company'),
    holderId: account?.holder.id ?? holder?.id ?? null,
    classification: account?.classification ?? '',
    creditRating: account?.creditRating ?? '',
    salesRepCode: account?.salesRepCode ?? '',
    ownerId: account?.owner?.id ?? null,
    tags: account?.tags ?? [],
    disabled: account?.disabled ?? false,
    contacts: (account?.contacts ?? []).map((contact) => ({ contactId: contact.id, role: contact.role, name: contact.name })),
    customFields: (account?.customFields ?? {}) as CustomValues,
  };
}

/** Create or edit an account: number, holder (contact or company), classification, credit, rep, who acts on it. */
export function AccountFormModal({ onClose, account, holder, onSaved }: { onClose: () => void; account?: Account; holder?: { kind: 'contact' | 'company'; id: string }; onSaved: (account: Account) => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState(() => initialForm(account, holder));
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const save = useMutation({
    mutationFn: () => {
      const holderFields = form.holderKind === 'contact' ? { contactId: form.holderId } : { companyId: form.holderId };
      const fields = {
        number: form.number,
        name: form.name,
        classification: form.classification || null,
        creditRating: form.creditRating || null,
        salesRepCode: form.salesRepCode || null,
        ownerId: form.ownerId,
        tags: form.tags,
        disabled: form.disabled,
        contacts: form.contacts.map(({ contactId, role }) => ({ contactId, role })),
        customFields: account ? changedValues(account.customFields, form.customFields) : Object.fromEntries(Object.entries(form.customFields).filter(([, value]) => value !== null && value !== '')),
      };
      return account
        ? call(api.PATCH('/api/v1/accounts/{id}', { params: { path: { id: account.id } }, body: { ...fields, ...(form.holderId && form.holderId !== account.holder.id ? holderFields : {}), version: account.version } }))
        : call(api.POST('/api/v1/accounts', { body: { ...fields, ...holderFields } }));
    },
    onSuccess: async (saved) => {
      await Promise.all([client.invalidateQueries({ queryKey: ['accounts'] }), client.invalidateQueries({ queryKey: ['contacts'] }), client.invalidateQueries({ queryKey: ['companies'] })]);
      onSaved(saved);
    },
  });
  const errors = errorsByPath(save.error);
  const text = (key: 'number' | 'name' | 'classification' | 'creditRating' | 'salesRepCode', label: string) => (
    <TextInput label={label} value={form[key]} onChange={(e) => set({ [key]: e.currentTarget.value })} error={errors[key]} data-testid={`account-${key}`} />
  );
  return (
    <Modal opened onClose={onClose} title={account ? 'Edit account' : 'New account'} size="lg">
      <form
        data-testid="account-form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert error={save.error} fields={['number', 'name', 'classification', 'creditRating', 'salesRepCode', 'ownerId', 'contactId', 'companyId', 'customFields']} />
          <Group grow>
            {text('number', 'Account number')}
            {text('name', 'Name')}
          </Group>
          <Group align="flex-end" grow>
            <SegmentedControl value={form.holderKind} onChange={(value) => set({ holderKind: value === 'contact' ? 'contact' : 'company', holderId: null })} data={[{ value: 'company', label: 'Company' }, { value: 'contact', label: 'Contact' }]} data-testid="account-holder-kind" />
            {form.holderKind === 'company' ? (
              <CompanySelect label="Held by company" value={form.holderId} currentLabel={account?.holder.kind === 'company' ? account.holder.name : undefined} onChange={(holderId) => set({ holderId })} error={errors.companyId ?? errors.contactId} testId="account-holder" />
            ) : (
              <ContactSelect label="Held by contact" value={form.holderId} currentLabel={account?.holder.kind === 'contact' ? account.holder.name : undefined} onChange={(holderId) => set({ holderId })} error={errors.contactId} testId="account-holder" />
            )}
          </Group>
          <Group grow>
            {text('classification', 'Classification')}
            {text('creditRating', 'Credit rating')}
            {text('salesRepCode', 'Sales rep code')}
          </Group>
          <OwnerSelect label="Owner" value={form.ownerId} currentLabel={account?.owner?.name} onChange={(ownerId) => set({ ownerId })} error={errors.ownerId} testId="account-owner" />
          <Stack gap={4}>
            <Text size="sm" fw={500}>Contacts acting on the account</Text>
            {form.contacts.map((entry, index) => (
              <Group key={entry.contactId} wrap="nowrap">
                <Text size="sm" flex={1}>{entry.name}</Text>
                <Select w={130} data={roles} value={entry.role} allowDeselect={false} onChange={(role) => set({ contacts: form.contacts.map((other, i) => (i === index ? { ...other, role: (role ?? 'buyer') as Role } : other)) })} data-testid={`account-contact-role-${index}`} />
                <ActionIcon variant="subtle" color="red" aria-label="Remove" onClick={() => set({ contacts: form.contacts.filter((_, i) => i !== index) })}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            <ContactSelect
              label="Add a contact"
              value={null}
              onChange={(contactId, label) => {
                if (contactId && !form.contacts.some((entry) => entry.contactId === contactId)) set({ contacts: [...form.contacts, { contactId, role: 'buyer', name: label ?? contactId }] });
              }}
              testId="account-add-contact"
            />
          </Stack>
          <TagsInput label="Tags" value={form.tags} onChange={(tags) => set({ tags })} />
          <CustomFieldInputs recordKind="account" values={form.customFields} onChange={(customFields) => set({ customFields })} errors={errors} />
          {account && <Checkbox label="Disabled" checked={form.disabled} onChange={(e) => set({ disabled: e.currentTarget.checked })} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="account-save">
              {account ? 'Save' : 'Create account'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
