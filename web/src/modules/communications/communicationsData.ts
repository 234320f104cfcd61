import { useQuery, type QueryClient } from '@tanstack/react-query';
import { api, call, type ResponseOf } from '../../api/client';
import { rights } from '../../apps/staff/rights';
import { hasRight, useSession } from '../../apps/staff/session';

export type MailTemplate = ResponseOf<'getTemplate'>;
export type TemplateKey = MailTemplate['key'];
export type TemplateTag = MailTemplate['tags'][number];
export type TemplatePreview = ResponseOf<'previewTemplate'>;
export type CommunicationRule = ResponseOf<'listCommunicationRules'>['items'][number];
export type CommunicationEvent = CommunicationRule['event'];
export type RecipientKind = CommunicationRule['recipient'];

export const communicationKeys = {
  all: ['communications'] as const,
  templates: ['communications', 'templates'] as const,
  template: (key: string) => ['communications', 'templates', key] as const,
  rules: ['communications', 'rules'] as const,
};

export const eventLabels: Record<CommunicationEvent, string> = {
  ticket_created: 'A new request is opened',
  ticket_replied: 'Staff respond to the customer',
  ticket_status_changed: 'The status changes (without a response)',
  ticket_awaiting_acceptance: 'A solution needs the customer’s acceptance',
  ticket_completed: 'The request is completed',
};

export const recipientLabels: Record<RecipientKind, string> = {
  customer: 'The customer',
  assignee: 'The assignee',
  department: 'The department’s notification email',
  fixed: 'A fixed address',
};

export function useCanReadCommunications(): boolean {
  const session = useSession();
  return [rights.communicationsRead, rights.communicationsManage, rights.emailSend].some((right) => hasRight(session, right));
}

export function useCanManageCommunications(): boolean {
  return hasRight(useSession(), rights.communicationsManage);
}

export function useTemplates() {
  const query = useQuery({ queryKey: communicationKeys.templates, queryFn: () => call(api.GET('/api/v1/mail-templates')) });
  return { ...query, items: query.data?.items ?? [] };
}

export function useTemplate(key: TemplateKey) {
  return useQuery({ queryKey: communicationKeys.template(key), queryFn: () => call(api.GET('/api/v1/mail-templates/{templateKey}', { params: { path: { templateKey: key } } })) });
}

export function useRules() {
  const query = useQuery({ queryKey: communicationKeys.rules, queryFn: () => call(api.GET('/api/v1/communication-rules')) });
  return { ...query, items: query.data?.items ?? [] };
}

export function refreshCommunications(client: QueryClient) {
  return client.invalidateQueries({ queryKey: communicationKeys.all });
}
