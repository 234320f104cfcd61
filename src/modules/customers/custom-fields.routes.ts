import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { createCustomFieldBody, customFieldSchema, listCustomFieldsQuery, updateCustomFieldBody } from './custom-fields.contract.js';
import { createCustomField, getCustomField, listCustomFields, updateCustomField } from './custom-fields.service.js';
import { idParams } from './shared.contract.js';

const tags = ['customers'];

export const customFieldRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/custom-fields',
    { schema: { operationId: 'listCustomFields', tags, summary: 'Custom fields of contacts, companies and accounts', querystring: listCustomFieldsQuery, response: { 200: z.object({ items: z.array(customFieldSchema) }) } } },
    async (request) => listCustomFields(serviceContext(request), request.query),
  );

  app.post('/custom-fields', { schema: { operationId: 'createCustomField', tags, body: createCustomFieldBody, response: { 201: customFieldSchema } } }, async (request, reply) => {
    const field = await createCustomField(serviceContext(request), request.body);
    setVersionTag(reply, field.version);
    return reply.status(201).header('Location', `/api/v1/custom-fields/${field.id}`).send(field);
  });

  app.get('/custom-fields/:id', { schema: { operationId: 'getCustomField', tags, params: idParams, response: { 200: customFieldSchema } } }, async (request, reply) => {
    const field = await getCustomField(serviceContext(request), request.params.id);
    setVersionTag(reply, field.version);
    return field;
  });

  app.patch(
    '/custom-fields/:id',
    { schema: { operationId: 'updateCustomField', tags, description: 'Key, type and record kind never change; archive the field and create another.', params: idParams, body: updateCustomFieldBody, response: { 200: customFieldSchema } } },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const field = await updateCustomField(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
      setVersionTag(reply, field.version);
      return field;
    },
  );
};
