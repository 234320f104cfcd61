import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { createContact, deleteContact, getContact, listContacts, updateContact } from './contacts.service.js';
import { contactDetailSchema, contactIdParams, contactSchema, createContactBody, listContactsQuery, updateContactBody } from './customers.contract.js';

const tags = ['customers'];

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/contacts', { schema: { operationId: 'listContacts', tags, summary: 'Contacts, searchable by name, email, phone or company', querystring: listContactsQuery, response: { 200: pageSchema(contactSchema) } } }, async (request) =>
    listContacts(serviceContext(request), request.query),
  );

  app.post('/contacts', { schema: { operationId: 'createContact', tags, body: createContactBody, response: { 201: contactDetailSchema } } }, async (request, reply) => {
    const contact = await createContact(serviceContext(request), request.body);
    setVersionTag(reply, contact.version);
    return reply.status(201).header('Location', `/api/v1/contacts/${contact.id}`).send(contact);
  });

  app.get('/contacts/:id', { schema: { operationId: 'getContact', tags, params: contactIdParams, response: { 200: contactDetailSchema } } }, async (request, reply) => {
    const contact = await getContact(serviceContext(request), request.params.id);
    setVersionTag(reply, contact.version);
    return contact;
  });

  app.patch('/contacts/:id', { schema: { operationId: 'updateContact', tags, params: contactIdParams, body: updateContactBody, response: { 200: contactDetailSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const contact = await updateContact(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, contact.version);
    return contact;
  });

  app.delete('/contacts/:id', { schema: { operationId: 'deleteContact', tags, params: contactIdParams } }, async (request, reply) => {
    await deleteContact(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
