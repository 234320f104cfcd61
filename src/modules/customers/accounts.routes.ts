import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { accountDetailSchema, accountSchema, createAccountBody, listAccountsQuery, updateAccountBody } from './accounts.contract.js';
import { createAccount, getAccount, listAccounts, updateAccount } from './accounts.service.js';
import { idParams } from './shared.contract.js';

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
};
