import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { serviceContext } from '../../platform/http/request-context.js';
import { csvStream, exportContacts } from './export.service.js';
import { createImportQuery, exportContactsQuery, importDetailSchema, importPreviewSchema, importSchema, listImportsQuery, updateImportBody } from './import.contract.js';
import { commitImport, createImport, getImport, importErrorReport, listImports, previewImport, updateImportMapping } from './import.service.js';
import { idParams } from './shared.contract.js';

const tags = ['customers'];
const binaryBody = z.any().meta({ type: 'string', format: 'binary', description: 'The CSV or XLSX file itself, as the raw request body' });

function attachmentName(name: string) {
  return `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`;
}

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  // The upload takes the file as the raw body, streamed to the import store as it arrives.
  await app.register(async (context) => {
    const uploads = context.withTypeProvider<ZodTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    uploads.post(
      '/customer-imports',
      {
        schema: {
          operationId: 'createImport',
          tags,
          summary: 'Upload a CSV or XLSX file of contacts, companies or accounts to import',
          description:
            'Send the file as the raw body. CSV may be UTF-8 (with or without BOM) or Windows-1252, separated by commas, semicolons or tabs (detected). ' +
            'The answer holds the columns and a suggested mapping; change it with updateImport, check it with previewImport, then commitImport.',
          querystring: createImportQuery,
          consumes: ['*/*'],
          body: binaryBody,
          response: { 201: importDetailSchema },
        },
      },
      async (request, reply) => {
        const created = await createImport(serviceContext(request), request.query, request.raw);
        return reply.status(201).header('Location', `/api/v1/customer-imports/${created.id}`).send(created);
      },
    );
  });

  app.get('/customer-imports', { schema: { operationId: 'listImports', tags, querystring: listImportsQuery, response: { 200: z.object({ items: z.array(importSchema) }) } } }, async (request) =>
    listImports(serviceContext(request), request.query),
  );

  app.get('/customer-imports/:id', { schema: { operationId: 'getImport', tags, summary: 'An import with its mapping and progress', params: idParams, response: { 200: importDetailSchema } } }, async (request) =>
    getImport(serviceContext(request), request.params.id),
  );

  app.patch(
    '/customer-imports/:id',
    { schema: { operationId: 'updateImport', tags, summary: 'Change the column mapping or the key of an import not yet committed', params: idParams, body: updateImportBody, response: { 200: importDetailSchema } } },
    async (request) => updateImportMapping(serviceContext(request), request.params.id, request.body),
  );

  app.post(
    '/customer-imports/:id/preview',
    { schema: { operationId: 'previewImport', tags, summary: 'Dry run: which rows would be created, updated or refused, and why (the first 1000 rows)', params: idParams, response: { 200: importPreviewSchema } } },
    async (request) => previewImport(serviceContext(request), request.params.id),
  );

  app.post(
    '/customer-imports/:id/commit',
    { schema: { operationId: 'commitImport', tags, summary: 'Run the import as a background job; follow it with getImport', params: idParams, response: { 202: importDetailSchema } } },
    async (request, reply) => reply.status(202).send(await commitImport(serviceContext(request), request.params.id)),
  );

  app.get(
    '/customer-imports/:id/errors.csv',
    { schema: { operationId: 'downloadImportErrors', tags, summary: 'The refused rows as CSV: the original columns, the row number and the reason', params: idParams } },
    async (request, reply) => {
      const rows = importErrorReport(serviceContext(request), request.params.id);
      const header = await rows.next();
      async function* all() {
        if (!header.done) yield header.value;
        yield* rows;
      }
      return reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', attachmentName(`import-errors-${request.params.id}.csv`)).send(csvStream(all()));
    },
  );

  app.get(
    '/contacts/export',
    {
      schema: {
        operationId: 'exportContacts',
        tags,
        summary: 'The contacts a list filter selects, as a CSV or XLSX download (streamed)',
        description: 'Takes the filters of listContacts. Cells starting with =, +, -, @, tab or CR get a leading apostrophe so a spreadsheet shows them as text.',
        querystring: exportContactsQuery,
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const stream = await exportContacts(serviceContext(request), query, format);
      const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
      return reply.header('Content-Type', type).header('Content-Disposition', attachmentName(`contacts.${format}`)).send(stream);
    },
  );
};
