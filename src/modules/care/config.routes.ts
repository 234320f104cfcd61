import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import {
  cancellationReasonSchema,
  createCancellationReasonBody,
  createDepartmentBody,
  createTicketCategoryBody,
  createTicketStatusBody,
  createTicketTypeBody,
  departmentSchema,
  listDepartmentsQuery,
  listTicketCategoriesQuery,
  priorityModelSchema,
  reorderTicketStatusesBody,
  ticketCategorySchema,
  ticketStatusSchema,
  ticketTypeSchema,
  updatePriorityModelBody,
  updateCancellationReasonBody,
  updateDepartmentBody,
  updateTicketCategoryBody,
  updateTicketStatusBody,
  updateTicketTypeBody,
} from './care-config.contract.js';
import { createCancellationReason, deleteCancellationReason, listCancellationReasons, renameCancellationReason } from './config/cancellation-reasons.service.js';
import { createTicketCategory, listTicketCategories, updateTicketCategory } from './config/categories.service.js';
import { createDepartment, listDepartments, updateDepartment } from './config/departments.service.js';
import { getPriorityModel, updatePriorityModel } from './config/priorities.service.js';
import { createTicketStatus, deleteTicketStatus, listTicketStatuses, reorderTicketStatuses, updateTicketStatus } from './config/statuses.service.js';
import { createTicketType, deleteTicketType, getTicketType, listTicketTypes, updateTicketType } from './config/ticket-types.service.js';

const tags = ['care settings'];
const idParams = z.strictObject({ id: z.uuid() });
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const careConfigRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/ticket-statuses', { schema: { operationId: 'listTicketStatuses', tags, response: { 200: items(ticketStatusSchema) } } }, async (request) => listTicketStatuses(serviceContext(request)));
  app.post('/ticket-statuses', { schema: { operationId: 'createTicketStatus', tags, body: createTicketStatusBody, response: { 201: ticketStatusSchema } } }, async (request, reply) =>
    reply.status(201).send(await createTicketStatus(serviceContext(request), request.body)),
  );
  app.patch('/ticket-statuses/:id', { schema: { operationId: 'updateTicketStatus', tags, summary: 'Rename, reorder or remap a status', params: idParams, body: updateTicketStatusBody, response: { 200: ticketStatusSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const status = await updateTicketStatus(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, status.version);
    return status;
  });
  app.put('/ticket-statuses/order', { schema: { operationId: 'reorderTicketStatuses', tags, summary: 'Put every status in a new order at once', body: reorderTicketStatusesBody, response: { 200: items(ticketStatusSchema) } } }, async (request) =>
    reorderTicketStatuses(serviceContext(request), request.body.statusIds),
  );
  app.delete('/ticket-statuses/:id', { schema: { operationId: 'deleteTicketStatus', tags, params: idParams } }, async (request, reply) => {
    await deleteTicketStatus(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/departments', { schema: { operationId: 'listDepartments', tags, querystring: listDepartmentsQuery, response: { 200: items(departmentSchema) } } }, async (request) =>
    listDepartments(serviceContext(request), request.query),
  );
  app.post('/departments', { schema: { operationId: 'createDepartment', tags, body: createDepartmentBody, response: { 201: departmentSchema } } }, async (request, reply) =>
    reply.status(201).send(await createDepartment(serviceContext(request), request.body)),
  );
  app.patch('/departments/:id', { schema: { operationId: 'updateDepartment', tags, summary: 'Rename a department, change its visibility, notification email or members', params: idParams, body: updateDepartmentBody, response: { 200: departmentSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const department = await updateDepartment(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, department.version);
    return department;
  });

  app.get('/ticket-categories', { schema: { operationId: 'listTicketCategories', tags, querystring: listTicketCategoriesQuery, response: { 200: items(ticketCategorySchema) } } }, async (request) =>
    listTicketCategories(serviceContext(request), request.query),
  );
  app.post('/ticket-categories', { schema: { operationId: 'createTicketCategory', tags, body: createTicketCategoryBody, response: { 201: ticketCategorySchema } } }, async (request, reply) =>
    reply.status(201).send(await createTicketCategory(serviceContext(request), request.body)),
  );
  app.patch('/ticket-categories/:id', { schema: { operationId: 'updateTicketCategory', tags, summary: 'Rename, move, reclassify or reorder a category', params: idParams, body: updateTicketCategoryBody, response: { 200: ticketCategorySchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const category = await updateTicketCategory(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, category.version);
    return category;
  });

  app.get('/cancellation-reasons', { schema: { operationId: 'listCancellationReasons', tags, response: { 200: items(cancellationReasonSchema) } } }, async (request) => listCancellationReasons(serviceContext(request)));
  app.post('/cancellation-reasons', { schema: { operationId: 'createCancellationReason', tags, body: createCancellationReasonBody, response: { 201: cancellationReasonSchema } } }, async (request, reply) =>
    reply.status(201).send(await createCancellationReason(serviceContext(request), request.body)),
  );
  app.patch('/cancellation-reasons/:id', { schema: { operationId: 'updateCancellationReason', tags, summary: 'Rename a cancellation reason', params: idParams, body: updateCancellationReasonBody, response: { 200: cancellationReasonSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const reason = await renameCancellationReason(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, reason.version);
    return reason;
  });
  app.delete('/cancellation-reasons/:id', { schema: { operationId: 'deleteCancellationReason', tags, params: idParams } }, async (request, reply) => {
    await deleteCancellationReason(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });

  app.get('/priority-model', { schema: { operationId: 'getPriorityModel', tags, summary: 'Impact and urgency levels, priorities and the completed matrix', response: { 200: priorityModelSchema } } }, async (request) =>
    getPriorityModel(serviceContext(request)),
  );
  app.put('/priority-model', { schema: { operationId: 'updatePriorityModel', tags, summary: 'Change level labels, enabled flags and defaults, and replace the explicit matrix cells', body: updatePriorityModelBody, response: { 200: priorityModelSchema } } }, async (request) =>
    updatePriorityModel(serviceContext(request), request.body),
  );

  app.get('/ticket-types', { schema: { operationId: 'listTicketTypes', tags, response: { 200: items(ticketTypeSchema) } } }, async (request) => listTicketTypes(serviceContext(request)));
  app.post('/ticket-types', { schema: { operationId: 'createTicketType', tags, body: createTicketTypeBody, response: { 201: ticketTypeSchema } } }, async (request, reply) =>
    reply.status(201).send(await createTicketType(serviceContext(request), request.body)),
  );
  app.get('/ticket-types/:id', { schema: { operationId: 'getTicketType', tags, params: idParams, response: { 200: ticketTypeSchema } } }, async (request, reply) => {
    const type = await getTicketType(serviceContext(request), request.params.id);
    setVersionTag(reply, type.version);
    return type;
  });
  app.patch('/ticket-types/:id', { schema: { operationId: 'updateTicketType', tags, params: idParams, body: updateTicketTypeBody, response: { 200: ticketTypeSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const type = await updateTicketType(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, type.version);
    return type;
  });
  app.delete('/ticket-types/:id', { schema: { operationId: 'deleteTicketType', tags, params: idParams } }, async (request, reply) => {
    await deleteTicketType(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
