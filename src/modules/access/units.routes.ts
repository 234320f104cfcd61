import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageSchema, paginationQuery } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { businessUnitSchema, createBusinessUnitBody, idParams, updateBusinessUnitBody } from './access.contract.js';
import { createBusinessUnit, deleteBusinessUnit, getBusinessUnit, listBusinessUnits, updateBusinessUnit } from './units.service.js';

export const businessUnitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/business-units',
    { schema: { operationId: 'listBusinessUnits', tags: ['business units'], querystring: z.strictObject(paginationQuery), response: { 200: pageSchema(businessUnitSchema) } } },
    async (request) => listBusinessUnits(serviceContext(request), request.query),
  );

  app.post(
    '/business-units',
    { schema: { operationId: 'createBusinessUnit', tags: ['business units'], body: createBusinessUnitBody, response: { 201: businessUnitSchema } } },
    async (request, reply) => {
      const unit = await createBusinessUnit(serviceContext(request), request.body);
      setVersionTag(reply, unit.version);
      return reply.status(201).header('Location', `/api/v1/business-units/${unit.id}`).send(unit);
    },
  );

  app.get(
    '/business-units/:id',
    { schema: { operationId: 'getBusinessUnit', tags: ['business units'], params: idParams, response: { 200: businessUnitSchema } } },
    async (request, reply) => {
      const unit = await getBusinessUnit(serviceContext(request), request.params.id);
      setVersionTag(reply, unit.version);
      return unit;
    },
  );

  app.patch(
    '/business-units/:id',
    { schema: { operationId: 'updateBusinessUnit', tags: ['business units'], params: idParams, body: updateBusinessUnitBody, response: { 200: businessUnitSchema } } },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const unit = await updateBusinessUnit(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
      setVersionTag(reply, unit.version);
      return unit;
    },
  );

  app.delete('/business-units/:id', { schema: { operationId: 'deleteBusinessUnit', tags: ['business units'], params: idParams } }, async (request, reply) => {
    await deleteBusinessUnit(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
