import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { pageSchema } from '../../platform/http/pagination.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { expectedVersion, setVersionTag } from '../../platform/http/versioning.js';
import { companyDetailSchema, companySchema, createCompanyBody, listCompaniesQuery, updateCompanyBody, upsertCompanyBody, upsertCompanyParams } from './companies.contract.js';
import { upsertCompany } from './upserts.service.js';
import { createCompany, getCompany, listCompanies, updateCompany } from './companies.service.js';
import { batchResultSchema, batchUpdateBody, idParams } from './shared.contract.js';
import { batchUpdateRecords } from './batch.service.js';

const tags = ['customers'];

export const companyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/companies', { schema: { operationId: 'listCompanies', tags, summary: 'Companies: contains-search, filters, sorted, keyset pages', querystring: listCompaniesQuery, response: { 200: pageSchema(companySchema) } } }, async (request) =>
    listCompanies(serviceContext(request), request.query),
  );

  app.post('/companies', { schema: { operationId: 'createCompany', tags, body: createCompanyBody, response: { 201: companyDetailSchema } } }, async (request, reply) => {
    const company = await createCompany(serviceContext(request), request.body);
    setVersionTag(reply, company.version);
    return reply.status(201).header('Location', `/api/v1/companies/${company.id}`).send(company);
  });

  app.get('/companies/:id', { schema: { operationId: 'getCompany', tags, params: idParams, response: { 200: companyDetailSchema } } }, async (request, reply) => {
    const company = await getCompany(serviceContext(request), request.params.id);
    setVersionTag(reply, company.version);
    return company;
  });

  app.patch(
    '/companies/:id',
    { schema: { operationId: 'updateCompany', tags, description: 'A parent that would put the company above itself is refused (400 naming parentId).', params: idParams, body: updateCompanyBody, response: { 200: companyDetailSchema } } },
    async (request, reply) => {
      const { version, ...changes } = request.body;
      const company = await updateCompany(serviceContext(request), request.params.id, expectedVersion(request, version), changes);
      setVersionTag(reply, company.version);
      return company;
    },
  );

  app.put(
    '/companies/by-vat/:vatNumber',
    {
      schema: {
        operationId: 'upsertCompany',
        tags,
        summary: 'Create or update the company with this VAT number (ERP sync)',
        description: 'The VAT number matches however it is typed (case, spaces, dots, dashes). Found: the fields sent replace the stored ones, without a version. Not found: created (a name is required). 201 when created, 200 when updated.',
        params: upsertCompanyParams,
        body: upsertCompanyBody,
        response: { 200: companyDetailSchema, 201: companyDetailSchema },
      },
    },
    async (request, reply) => {
      const { created, company } = await upsertCompany(serviceContext(request), request.params.vatNumber, request.body);
      setVersionTag(reply, company.version);
      if (created) reply.header('Location', `/api/v1/companies/${company.id}`);
      return reply.status(created ? 201 : 200).send(company);
    },
  );

  app.post(
    '/companies/batch',
    { schema: { operationId: 'batchUpdateCompanies', tags, summary: 'Assign an owner, tag, untag, disable or enable selected companies', body: batchUpdateBody, response: { 200: batchResultSchema } } },
    async (request) => batchUpdateRecords(serviceContext(request), 'company', request.body),
  );
};
