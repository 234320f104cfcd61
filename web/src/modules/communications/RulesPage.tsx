import { useEffect, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Modal, MultiSelect, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { api, call } from '../../api/client';
import { ConfirmDeleteDialog, useDeleteConfirmation } from '../../ui/ConfirmDelete';
import { FormActions } from '../../ui/FormActions';
import { PageHeader } from '../../ui/PageHeader';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { QueryState } from '../../ui/QueryState';
import { RowActions } from '../../ui/RowActions';
import { useFormSave } from '../../ui/useFormSave';
import { useTicketTypes } from '../care/config/configData';
import {
  eventLabels,
  recipientLabels,
  refreshCommunications,
  useCanManageCommunications,
  useRules,
  useTemplates,
  type CommunicationEvent,
  type CommunicationRule,
  type RecipientKind,
  type TemplateKey,
} from './communicationsData';

export function RulesPage() {
  const canManage = useCanManageCommunications();
  const client = useQueryClient();
  const rules = useRules();
  const templates = useTemplates();
  const types = useTicketTypes();
  const [editing, setEditing] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (rule: CommunicationRule) => call(api.PATCH('/api/v1/communication-rules/{id}', { params: { path: { id: rule.id } }, body: { version: rule.version, enabled: !rule.enabled } })),
    onSettled: () => refreshCommunications(client),
  });
  const deletion = useDeleteConfirmation({
    remove: (rule: CommunicationRule) => call(api.DELETE('/api/v1/communication-rules/{id}', { params: { path: { id: rule.id } } })),
    onDeleted: () => refreshCommunications(client),
  });
  const templateName = (key: string) => templates.items.find((t) => t.key === key)?.name ?? key;
  const typeNames = (ids: string[]) => (ids.length === 0 ? 'All types' : ids.map((id) => types.items.find((t) => t.id === id)?.name ?? 'Unknown type').join(', '));
  return (
    <>
      <PageHeader
        title="Event-based communications"
        description="Which event sends which template to whom. Internal notes never reach customers, and automatic mail is never sent to auto-responders."
        actions={
          canManage && (
            <Button onClick={() => setEditing('new')} data-testid="new-rule">
              New rule
            </Button>
          )
        }
      />
      <ProblemAlert error={toggle.error} />
      <QueryState query={rules} loadingLabel="Loading rules…" isEmpty={rules.items.length === 0} emptyTitle="No rules" emptyDescription="Without rules Patron sends no automatic mail about tickets.">
        {() => (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" highlightOnHover data-testid="rules-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Sends</Table.Th>
                  <Table.Th>To</Table.Th>
                  <Table.Th>Ticket types</Table.Th>
                  <Table.Th>On</Table.Th>
                  <Table.Th w={150} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rules.items.map((rule) => (
                  <Table.Tr key={rule.id} data-testid={`rule-row-${rule.name}`}>
                    <Table.Td>
                      <Text size="sm">{rule.name}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{eventLabels[rule.event]}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{templateName(rule.templateKey)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{rule.recipient === 'fixed' ? rule.fixedAddress : recipientLabels[rule.recipient]}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={rule.ticketTypeIds.length ? undefined : 'dimmed'}>
                        {typeNames(rule.ticketTypeIds)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Switch checked={rule.enabled} disabled={!canManage || toggle.isPending} onChange={() => toggle.mutate(rule)} aria-label={`Rule ${rule.name} enabled`} data-testid="rule-enabled" />
                    </Table.Td>
                    <Table.Td>
                      <RowActions canManage={canManage} onEdit={() => setEditing(rule.id)} editTestId="edit-rule" onDelete={() => deletion.ask(rule)} deleteTestId="delete-rule" />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
      <RuleModal rule={rules.items.find((r) => r.id === editing) ?? null} opened={editing !== null} canManage={canManage} onClose={() => setEditing(null)} />
      <ConfirmDeleteDialog deletion={deletion} title="Delete rule?" message={(rule) => `“${rule.name}” will stop sending mail. To pause it instead, switch it off.`} />
    </>
  );
}

interface RuleForm {
  name: string;
  event: CommunicationEvent;
  templateKey: TemplateKey;
  recipient: RecipientKind;
  fixedAddress: string;
  enabled: boolean;
  ticketTypeIds: string[];
}

const blankRule: RuleForm = { name: '', event: 'ticket_replied', templateKey: 'ticket_reply', recipient: 'customer', fixedAddress: '', enabled: true, ticketTypeIds: [] };
const ruleTemplates: TemplateKey[] = ['ticket_received_customer', 'ticket_created_staff', 'ticket_reply', 'ticket_status_changed', 'ticket_awaiting_acceptance', 'ticket_completed'];

function RuleModal({ rule, opened, canManage, onClose }: { rule: CommunicationRule | null; opened: boolean; canManage: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const templates = useTemplates();
  const types = useTicketTypes();
  const [form, setForm] = useState<RuleForm>(blankRule);
  useEffect(() => {
    if (opened) setForm(rule ? { ...rule, fixedAddress: rule.fixedAddress ?? '' } : blankRule);
  }, [opened, rule]);
  const save = useFormSave({
    save: () => {
      const body = { ...form, fixedAddress: form.recipient === 'fixed' ? form.fixedAddress.trim() : null };
      return rule
        ? call(api.PATCH('/api/v1/communication-rules/{id}', { params: { path: { id: rule.id } }, body: { version: rule.version, ...body } }))
        : call(api.POST('/api/v1/communication-rules', { body }));
    },
    onSaved: () => refreshCommunications(client),
    onStale: () => void refreshCommunications(client),
    canSave: canManage,
    onClose,
  });
  const errors = save.fieldErrors;
  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const templateOptions = ruleTemplates.map((key) => {
    const template = templates.items.find((t) => t.key === key);
    return { value: key, label: template ? `${template.name}${template.audience === 'staff' ? ' (staff)' : ''}` : key };
  });
  return (
    <Modal opened={opened} onClose={save.close} title={rule ? `Rule: ${rule.name}` : 'New rule'} size="lg">
      <form onSubmit={save.submit} data-testid="rule-form">
        <Stack>
          <TextInput label="Name" required readOnly={!canManage} value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} data-testid="rule-name" data-autofocus />
          <Select label="When" required readOnly={!canManage} allowDeselect={false} data={Object.entries(eventLabels).map(([value, label]) => ({ value, label }))} value={form.event} onChange={(value) => value && set('event', value as CommunicationEvent)} error={errors.event} data-testid="rule-event" />
          <Select label="Send the template" required readOnly={!canManage} allowDeselect={false} data={templateOptions} value={form.templateKey} onChange={(value) => value && set('templateKey', value as TemplateKey)} error={errors.templateKey} data-testid="rule-template" />
          <Select label="To" required readOnly={!canManage} allowDeselect={false} data={Object.entries(recipientLabels).map(([value, label]) => ({ value, label }))} value={form.recipient} onChange={(value) => value && set('recipient', value as RecipientKind)} error={errors.recipient} data-testid="rule-recipient" />
          {form.recipient === 'fixed' && (
            <TextInput label="Address" type="email" required readOnly={!canManage} value={form.fixedAddress} onChange={(e) => set('fixedAddress', e.currentTarget.value)} error={errors.fixedAddress} data-testid="rule-fixed-address" />
          )}
          {form.recipient === 'customer' && form.event === 'ticket_created' && (
            <Text size="xs" c="dimmed">
              Requests opened by staff reach the customer only when staff tick “Email customer”.
            </Text>
          )}
          <MultiSelect
            label="Only for these ticket types"
            description="Leave empty for every type."
            readOnly={!canManage}
            data={types.items.map((type) => ({ value: type.id, label: type.name }))}
            value={form.ticketTypeIds}
            onChange={(value) => set('ticketTypeIds', value)}
            error={errors.ticketTypeIds}
            searchable
            clearable
            data-testid="rule-types"
          />
          <Switch label="Enabled" disabled={!canManage} checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} data-testid="rule-enabled-switch" />
          <ProblemAlert error={save.error} fields={['name', 'event', 'templateKey', 'recipient', 'fixedAddress', 'ticketTypeIds']} />
          <FormActions canSave={canManage} saving={save.isPending} submitLabel={rule ? 'Save' : 'Create rule'} submitTestId="save-rule" onCancel={save.close} />
        </Stack>
      </form>
    </Modal>
  );
}
