import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { accountDetailSchema, accountSchema, createAccountBody, listAccountsQuery, updateAccountBody, upsertAccountBody, upsertAccountParams } from './accounts.contract.js';
import { upsertAccount } from './upserts.service.js';
import { createAccount, getAccount, listAccounts, updateAccount } from './accounts.service.js';
import { batchResultSchema, batchUpdateBody, idParams } from './shared.contract.js';
import { batchUpdateRecords } from './batch.service.js';

const tags = ['customers'];

export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/accounts', { schema: { operationId: 'listAccounts', tags, summary: 'Accounts: contains-search, filters, sorted, keyset pages', querystring: listAccountsQuery, response: { 200: pageSchema(accountSchema) } } }, async (request) =>
    listAccounts(serviceContext(request), request.query),
  );

  app.post(
    '/accounts',
    { schema: { operationId: 'createAccount', tags, description: 'The holder and every contact acting on the account become financial customers.', body: createAccountBody, response: { 201: accountDetailSchema } } },
    async (request, reply) => {
      const account = await createAccount(serviceContext(request), request.body);
      setVersionTag(reply, account.version);
      return reply.status(201).header('Location', `/api/v1/accounts/${account.id}`).send(account);
    },
  );

  app.get('/accounts/:id', { schema: { operationId: 'getAccount', tags, params: idParams, response: { 200: accountDetailSchema } } }, async (request, reply) => {
    const account = await getAccount(serviceContext(request), request.params.id);
    setVersionTag(reply, account.version);
    return account;
  });

  app.patch('/accounts/:id', { schema: { operationId: 'updateAccount', tags, params: idParams, body: updateAccountBody, response: { 200: accountDetailSchema } } }, async (request, reply) => {
    const { version, ...changes } = request.body;
    const account = await updateAccount(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
    setVersionTag(reply, account.version);
    return account;
  });

  app.put(
    '/accounts/by-number/:number',
    {
      schema: {
        operationId: 'upsertAccount',
        tags,
        summary: 'Create or update the account with this number (ERP sync)',
        description: 'Found (number matched case-insensitively): the fields sent replace the stored ones, without a version. Not found: created, and then a contactId or companyId is required. 201 when created, 200 when updated.',
        params: upsertAccountParams,
        body: upsertAccountBody,
        response: { 200: accountDetailSchema, 201: accountDetailSchema },
      },
    },
    async (request, reply) => {
      const { created, account } = await upsertAccount(serviceContext(request), request.params.number, request.body);
      setVersionTag(reply, account.version);
      if (created) reply.header('Location', `/api/v1/accounts/${account.id}`);
      return reply.status(created ? 201 : 200).send(account);
    },
  );

  app.post(
    '/accounts/batch',
    { schema: { operationId: 'batchUpdateAccounts', tags, summary: 'Assign an owner, tag, untag, disable or enable selected accounts', body: batchUpdateBody, response: { 200: batchResultSchema } } },
    async (request) => batchUpdateRecords(serviceContext(request), 'account', request.body),
  );
};
