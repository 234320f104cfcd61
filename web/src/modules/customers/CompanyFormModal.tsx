import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Group, Modal, Stack, TagsInput, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { AddressesEditor, PhonesEditor } from './ContactPointsEditor';
import { changedValues, CustomFieldInputs, type CustomValues } from './CustomFieldInputs';
import { errorsByPath, type Company } from './customerData';
import { CompanySelect, OwnerSelect } from './pickers';

function initialForm(company?: Company) {
  return {
    name: company?.name ?? '',
    vatNumber: company?.vatNumber ?? '',
    website: company?.website ?? '',
    parentId: company?.parent?.id ?? null,
    ownerId: company?.owner?.id ?? null,
    salesRepCode: company?.salesRepCode ?? '',
    tags: company?.tags ?? [],
    disabled: company?.disabled ?? false,
    phones: company?.phones ?? [],
    addresses: company?.addresses ?? [],
    customFields: (company?.customFields ?? {}) as CustomValues,
  };
}

/** Create or edit a company: name, VAT number, website, parent, phones, addresses, owner, tags, custom fields. */
export function CompanyFormModal({ onClose, company, onSaved }: { onClose: () => void; company?: Company; onSaved: (company: Company) => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState(() => initialForm(company));
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const save = useMutation({
    mutationFn: () => {
      const fields = {
        name: form.name,
        vatNumber: form.vatNumber || null,
        website: form.website || null,
        parentId: form.parentId,
        ownerId: form.ownerId,
        salesRepCode: form.salesRepCode || null,
        tags: form.tags,
        disabled: form.disabled,
        phones: form.phones.filter((entry) => entry.number.trim()),
        addresses: form.addresses,
        customFields: company ? changedValues(company.customFields, form.customFields) : Object.fromEntries(Object.entries(form.customFields).filter(([, value]) => value !== null && value !== '')),
      };
      return company
        ? call(api.PATCH('/api/v1/companies/{id}', { params: { path: { id: company.id } }, body: { ...fields, version: company.version } }))
        : call(api.POST('/api/v1/companies', { body: fields }));
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: ['companies'] });
      onSaved(saved);
    },
  });
  const errors = errorsByPath(save.error);
  const text = (key: 'name' | 'vatNumber' | 'website' | 'salesRepCode', label: string) => (
    <TextInput label={label} value={form[key]} onChange={(e) => set({ [key]: e.currentTarget.value })} error={errors[key]} data-testid={`company-${key}`} />
  );
  return (
    <Modal opened onClose={onClose} title={company ? 'Edit company' : 'New company'} size="xl">
      <form
        data-testid="company-form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <ProblemAlert error={save.error} fields={['name', 'vatNumber', 'website', 'parentId', 'ownerId', 'salesRepCode', 'customFields']} />
          <Group grow>
            {text('name', 'Name')}
            {text('vatNumber', 'VAT number')}
          </Group>
          <Group grow>
            {text('website', 'Website')}
            <CompanySelect label="Parent company" value={form.parentId} currentLabel={company?.parent?.name} exclude={company?.id} onChange={(parentId) => set({ parentId })} error={errors.parentId} testId="company-parent" />
          </Group>
          <PhonesEditor entries={form.phones} onChange={(phones) => set({ phones })} errors={errors} />
          <AddressesEditor entries={form.addresses} onChange={(addresses) => set({ addresses })} errors={errors} />
          <Group grow align="flex-start">
            <OwnerSelect label="Owner" value={form.ownerId} currentLabel={company?.owner?.name} onChange={(ownerId) => set({ ownerId })} error={errors.ownerId} testId="company-owner" />
            {text('salesRepCode', 'Sales rep code')}
          </Group>
          <TagsInput label="Tags" value={form.tags} onChange={(tags) => set({ tags })} data-testid="company-tags" />
          <CustomFieldInputs recordKind="company" values={form.customFields} onChange={(customFields) => set({ customFields })} errors={errors} />
          {company && <Checkbox label="Disabled" checked={form.disabled} onChange={(e) => set({ disabled: e.currentTarget.checked })} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="company-save">
              {company ? 'Save' : 'Create company'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
