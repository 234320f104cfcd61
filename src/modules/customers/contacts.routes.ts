import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { batchUpdateRecords } from './batch.service.js';
import { upsertContact } from './upserts.service.js';
import { createContact, deleteContact, getContact, listContacts, updateContact } from './contacts.service.js';
import { contactDetailSchema, contactSchema, createContactBody, listContactsQuery, updateContactBody, upsertContactBody, upsertContactQuery } from './customers.contract.js';
import { batchResultSchema, batchUpdateBody, idParams } from './shared.contract.js';

const tags = ['customers'];

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/contacts',
    { schema: { operationId: 'listContacts', tags, summary: 'Contacts: contains-search, filters (owner, tag, dates, custom fields), sorted, keyset pages', querystring: listContactsQuery, response: { 200: pageSchema(contactSchema) } } },
    async (request) => listContacts(serviceContext(request), request.query),
  );

  app.post('/contacts', { schema: { operationId: 'createContact', tags, body: createContactBody, response: { 201: contactDetailSchema } } }, async (request, reply) => {
    const contact = await createContact(serviceContext(request), request.body);
    setVersionTag(reply, contact.version);
    return reply.status(201).header('Location', `/api/v1/contacts/${contact.id}`).send(contact);
  });

  app.put(
    '/contacts/by-key',
    {
      schema: {
        operationId: 'upsertContact',
        tags,
        summary: 'Create or update the contact a natural key points at (ERP sync)',
        description:
          'Matches on `key`: `email` (any of the contact\'s emails), `identifier` (with `identifierKind`) or `accountNumber` (the contact holding that account; a new contact gets the account). ' +
          'Found: the fields sent replace the stored ones (lists whole, custom fields merged), without a version. Not found: a contact is created with the key. Answers 201 when created, 200 when updated.',
        querystring: upsertContactQuery,
        body: upsertContactBody,
        response: { 200: contactDetailSchema, 201: contactDetailSchema },
      },
    },
    async (request, reply) => {
      const { created, contact } = await upsertContact(serviceContext(request), request.query, request.body);
      setVersionTag(reply, contact.version);
      if (created) reply.header('Location', `/api/v1/contacts/${contact.id}`);
      return reply.status(created ? 201 : 200).send(contact);
    },
  );

  app.post(
    '/contacts/batch',
    { schema: { operationId: 'batchUpdateContacts', tags, summary: 'Assign an owner, tag, untag, disable or enable selected contacts', body: batchUpdateBody, response: { 200: batchResultSchema } } },
    async (request) => batchUpdateRecords(serviceContext(request), 'contact', request.body),
  );

  app.get('/contacts/:id', { schema: { operationId: 'getContact', tags, params: idParams, response: { 200: contactDetailSchema } } }, async (request, reply) => {
    const contact = await getContact(serviceContext(request), request.params.id);
    setVersionTag(reply, contact.version);
    return contact;
  });

  app.patch('/contacts/:id', { schema: { operationId: 'updateContact', tags, params: idParams, body: updateContactBody, response: { 200: contactDetailSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const contact = await updateContact(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, contact.version);
    return contact;
  });

  app.delete('/contacts/:id', { schema: { operationId: 'deleteContact', tags, params: idParams } }, async (request, reply) => {
    await deleteContact(serviceContext(request), request.params.id);
    return reply.status(204).send();
  });
};
