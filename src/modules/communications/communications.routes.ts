import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import {
  communicationRuleSchema,
  createCommunicationRuleBody,
  previewTemplateBody,
  ruleIdParams,
  sendEmailBody,
  sentEmailSchema,
  templateKeyParams,
  templatePreviewSchema,
  templateSchema,
  ticketMailSchema,
  updateCommunicationRuleBody,
  updateTemplateBody,
} from './communications.contract.js';
import { createCommunicationRule, deleteCommunicationRule, listCommunicationRules, updateCommunicationRule } from './rules.service.js';
import { listTicketMails, sendEmail } from './send-email.service.js';
import { getTemplate, listTemplates, previewTemplate, updateTemplate } from './templates.service.js';

const tags = ['communications'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const communicationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/mail-templates', { schema: { operationId: 'listTemplates', tags, summary: 'Mail templates, one per event', response: { 200: items(templateSchema) } } }, async (request) => listTemplates(serviceContext(request)));

  app.get('/mail-templates/:templateKey', { schema: { operationId: 'getTemplate', tags, params: templateKeyParams, response: { 200: templateSchema } } }, async (request, reply) => {
    const template = await getTemplate(serviceContext(request), request.params.templateKey);
    setVersionTag(reply, template.version);
    return template;
  });

  app.patch(
    '/mail-templates/:templateKey',
    { schema: { operationId: 'updateTemplate', tags, summary: 'Edit a template; unknown tags are refused naming the field', params: templateKeyParams, body: updateTemplateBody, response: { 200: templateSchema } } },
    async (request, reply) => {
      const { version, ...input } = request.body;
      const template = await updateTemplate(serviceContext(request), request.params.templateKey, expectedVersion(request, version), input);
      setVersionTag(reply, template.version);
      return template;
    },
  );

  app.post(
    '/mail-templates/:templateKey/preview',
    { schema: { operationId: 'previewTemplate', tags, summary: 'Render unsaved template text with sample data', params: templateKeyParams, body: previewTemplateBody, response: { 200: templatePreviewSchema } } },
    async (request) => previewTemplate(serviceContext(request), request.params.templateKey, request.body),
  );

  app.get('/communication-rules', { schema: { operationId: 'listCommunicationRules', tags, summary: 'Which events send which template to whom', response: { 200: items(communicationRuleSchema) } } }, async (request) =>
    listCommunicationRules(serviceContext(request)),
  );

  app.post('/communication-rules', { schema: { operationId: 'createCommunicationRule', tags, body: createCommunicationRuleBody, response: { 201: communicationRuleSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCommunicationRule(serviceContext(request), request.body)),
  );

  app.patch('/communication-rules/:id', { schema: { operationId: 'updateCommunicationRule', tags, params: ruleIdParams, body: updateCommunicationRuleBody, response: { 200: communicationRuleSchema } } }, async (request, reply) => {
    const { version, ...input } = request.body;
    const rule = await updateCommunicationRule(serviceContext(request), request.params.id, expectedVersion(request, version), input);
    setVersionTag(reply, rule.version);
    return rule;
  });

  app.delete('/communication-rules/:id', { schema: { operationId: 'deleteCommunicationRule', tags, params: ruleIdParams } }, async (request, reply) => {
    await deleteCommunicationRule(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });

  app.post('/emails', { schema: { operationId: 'sendEmail', tags, summary: 'Email a customer from a ticket or contact with a template', body: sendEmailBody, response: { 201: sentEmailSchema } } }, async (request, reply) =>
    reply.status(201).send(await sendEmail(serviceContext(request), request.body)),
  );

  app.get(
    '/tickets/:number/emails',
    { schema: { operationId: 'listTicketEmails', tags, summary: "The mail sent for a ticket: its conversation's outgoing side", params: z.strictObject({ number: z.coerce.number().int().positive() }), response: { 200: items(ticketMailSchema) } } },
    async (request) => listTicketMails(serviceContext(request), request.params.number),
  );
};
