import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { createWebFormBody, listSubmissionsQuery, submissionListSchema, updateWebFormBody, webFormIdParams, webFormListSchema, webFormSchema } from './web-forms.contract.js';
import { createWebForm, deleteWebForm, getWebForm, listWebFormSubmissions, listWebForms, updateWebForm } from './web-forms.service.js';

const tags = ['web forms'];
const params = webFormIdParams;

/** Staff side of web forms, under /api/v1. */
export const webFormRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/web-forms', { schema: { operationId: 'listWebForms', tags, summary: 'Web forms with their public address, embed code and submission count', response: { 200: webFormListSchema } } }, async (request) =>
    listWebForms(serviceContext(request)),
  );

  app.post('/web-forms', { schema: { operationId: 'createWebForm', tags, summary: 'Build a form; every problem names its field', body: createWebFormBody, response: { 201: webFormSchema } } }, async (request, reply) => {
    const form = await createWebForm(serviceContext(request), request.body);
    setVersionTag(reply, form.version);
    return reply.status(201).header('Location', `/api/v1/web-forms/${form.id}`).send(form);
  });

  app.get('/web-forms/:id', { schema: { operationId: 'getWebForm', tags, params, response: { 200: webFormSchema } } }, async (request, reply) => {
    const form = await getWebForm(serviceContext(request), request.params.id);
    setVersionTag(reply, form.version);
    return form;
  });

  app.patch('/web-forms/:id', { schema: { operationId: 'updateWebForm', tags, summary: 'Change a form; fields, when sent, replace the list', params, body: updateWebFormBody, response: { 200: webFormSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const form = await updateWebForm(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, form.version);
    return form;
  });

  app.delete('/web-forms/:id', { schema: { operationId: 'deleteWebForm', tags, summary: 'Delete a form nobody has sent yet (switch one with submissions off instead)', params } }, async (request, reply) => {
    await deleteWebForm(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });

  app.get(
    '/web-forms/:id/submissions',
    { schema: { operationId: 'listWebFormSubmissions', tags, summary: 'The latest submissions of a form, with the case each opened', params, querystring: listSubmissionsQuery, response: { 200: submissionListSchema } } },
    async (request) => listWebFormSubmissions(serviceContext(request), request.params.id, request.query.limit),
  );
};
