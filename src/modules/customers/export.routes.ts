import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { serviceContext } from '../../platform/http/request-context.js';
import { exportAccountsQuery, exportCompaniesQuery } from './export.contract.js';
import { exportAccounts, exportCompanies, type ExportFormat } from './export.service.js';

const tags = ['customers'];
const neutralised = 'Cells starting with =, +, -, @, tab or CR get a leading apostrophe so a spreadsheet shows them as text.';

function sendDownload(reply: FastifyReply, stream: Readable, format: ExportFormat, name: string) {
  const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  return reply.header('Content-Type', type).header('Content-Disposition', `attachment; filename="${name}.${format}"`).send(stream);
}

/** Downloads of the company and account lists (the contact export is with the import routes). */
export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/companies/export',
    { schema: { operationId: 'exportCompanies', tags, summary: 'The companies a list filter selects, as a CSV or XLSX download (streamed)', description: `Takes the filters of listCompanies. ${neutralised}`, querystring: exportCompaniesQuery } },
    async (request, reply) => {
      const { format, ...query } = request.query;
      return sendDownload(reply, await exportCompanies(serviceContext(request), query, format), format, 'companies');
    },
  );

  app.get(
    '/accounts/export',
    { schema: { operationId: 'exportAccounts', tags, summary: 'The accounts a list filter selects, as a CSV or XLSX download (streamed)', description: `Takes the filters of listAccounts. ${neutralised}`, querystring: exportAccountsQuery } },
    async (request, reply) => {
      const { format, ...query } = request.query;
      return sendDownload(reply, await exportAccounts(serviceContext(request), query, format), format, 'accounts');
    },
  );
};
