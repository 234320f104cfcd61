import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { attachmentSchema, binaryBody, sendAttachmentDownload, uploadAttachmentQuery } from '../../platform/attachments/index.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { clearPortalSessionCookie, portalApiPrefix, portalSessionCookieName, setPortalSessionCookie } from './portal-auth.hook.js';
import { describeCustomer, portalLogin, portalLogout, requestPortalPasswordReset, resetPortalPassword, signUp, verifyEmail } from './portal-accounts.service.js';
import {
  answerBody,
  attachmentParams,
  createRequestBody,
  customerSchema,
  departmentListSchema,
  loginBody,
  rateRequestBody,
  replyBody,
  requestDetailSchema,
  requestListSchema,
  requestNumberParams,
  requestPasswordResetBody,
  resetPasswordBody,
  listRequestsQuery,
  signUpBody,
  verifyEmailBody,
} from './portal.contract.js';
import { portalOpenApiDocument, type DocumentedRoute } from './portal-openapi.js';
import {
  answerPortalResolution,
  createPortalRequest,
  downloadPortalAttachment,
  getPortalRequest,
  listPortalDepartments,
  listPortalRequests,
  ratePortalRequest,
  replyToPortalRequest,
  uploadPortalAttachment,
} from './portal-requests.service.js';

const accepted = z.object({ accepted: z.boolean() });
const params = requestNumberParams;

/** The customer portal API under /api/portal/v1, with its own OpenAPI document. */
const portalApi: FastifyPluginAsyncZod = async (app) => {
  const secure = app.runtime.config.secureCookies;
  const documented: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.schema || (route.schema as { hide?: boolean }).hide) return;
    // Fastify adds a HEAD twin for every GET; the document lists the GET.
    if (route.method !== 'HEAD') documented.push({ method: String(route.method), url: route.url.slice(portalApiPrefix.length), schema: { ...route.schema } });
    // Kept out of the staff document: customers have their own.
    route.schema = { ...route.schema, hide: true } as typeof route.schema;
  });

  const tags = ['portal-auth'];
  app.post('/auth/signup', { schema: { operationId: 'portalSignUp', tags, summary: 'Open an account; a verification link is emailed', body: signUpBody, response: { 202: accepted } } }, async (request, reply) => {
    await signUp(serviceContext(request), { ...request.body, ipAddress: request.ip });
    return reply.status(202).send({ accepted: true });
  });
  app.post('/auth/verify-email', { schema: { operationId: 'portalVerifyEmail', tags, summary: 'Confirm the email address from the emailed link', body: verifyEmailBody } }, async (request, reply) => {
    await verifyEmail(serviceContext(request), request.body.token);
    return reply.status(204).send();
  });
  app.post('/auth/login', { schema: { operationId: 'portalLogin', tags, summary: 'Sign in to My Account', body: loginBody, response: { 200: customerSchema } } }, async (request, reply) => {
    const result = await portalLogin(serviceContext(request), { ...request.body, ipAddress: request.ip, previousSessionSecret: request.cookies[portalSessionCookieName] });
    setPortalSessionCookie(reply, result.sessionSecret, result.expiresAt, secure);
    return result.customer;
  });
  app.post('/auth/logout', { schema: { operationId: 'portalLogout', tags, summary: 'End the portal session' } }, async (request, reply) => {
    await portalLogout(serviceContext(request));
    clearPortalSessionCookie(reply, secure);
    return reply.status(204).send();
  });
  app.post('/auth/password-reset', { schema: { operationId: 'portalRequestPasswordReset', tags, summary: 'Email a one-time link to choose a new password', body: requestPasswordResetBody, response: { 202: accepted } } }, async (request, reply) => {
    await requestPortalPasswordReset(serviceContext(request), { email: request.body.email, ipAddress: request.ip });
    return reply.status(202).send({ accepted: true });
  });
  app.post('/auth/password-reset/confirm', { schema: { operationId: 'portalResetPassword', tags, summary: 'Choose a password from a reset or invitation link', body: resetPasswordBody } }, async (request, reply) => {
    await resetPortalPassword(serviceContext(request), request.body);
    return reply.status(204).send();
  });
  app.get('/me', { schema: { operationId: 'portalGetMe', tags, summary: 'The signed-in customer and the CSRF token', response: { 200: customerSchema } } }, async (request) => describeCustomer(serviceContext(request)));

  const requestTags = ['portal-requests'];
  app.get('/departments', { schema: { operationId: 'portalListDepartments', tags: requestTags, summary: 'Departments a request can go to', response: { 200: departmentListSchema } } }, async (request) =>
    listPortalDepartments(serviceContext(request)),
  );
  app.get('/requests', { schema: { operationId: 'portalListRequests', tags: requestTags, summary: "The customer's requests, latest activity first", querystring: listRequestsQuery, response: { 200: requestListSchema } } }, async (request) =>
    listPortalRequests(serviceContext(request), request.query),
  );
  app.post('/requests', { schema: { operationId: 'portalCreateRequest', tags: requestTags, summary: 'Add a request', body: createRequestBody, response: { 201: requestDetailSchema } } }, async (request, reply) =>
    reply.status(201).send(await createPortalRequest(serviceContext(request), request.body, request.ip)),
  );
  app.get('/requests/:number', { schema: { operationId: 'portalGetRequest', tags: requestTags, summary: 'A request and its public conversation', params, response: { 200: requestDetailSchema } } }, async (request) =>
    getPortalRequest(serviceContext(request), request.params.number),
  );
  app.post('/requests/:number/messages', { schema: { operationId: 'portalReply', tags: requestTags, summary: 'Reply on an open request', params, body: replyBody, response: { 201: requestDetailSchema } } }, async (request, reply) =>
    reply.status(201).send(await replyToPortalRequest(serviceContext(request), request.params.number, request.body)),
  );
  app.post('/requests/:number/accept', { schema: { operationId: 'portalAcceptResolution', tags: requestTags, summary: 'Accept the response or resolution waiting for you', params, body: answerBody, response: { 200: requestDetailSchema } } }, async (request) =>
    answerPortalResolution(serviceContext(request), request.params.number, true, request.body.comment),
  );
  app.post('/requests/:number/reject', { schema: { operationId: 'portalRejectResolution', tags: requestTags, summary: 'Reject it and ask for another solution', params, body: answerBody, response: { 200: requestDetailSchema } } }, async (request) =>
    answerPortalResolution(serviceContext(request), request.params.number, false, request.body.comment),
  );
  app.post('/requests/:number/rating', { schema: { operationId: 'portalRateRequest', tags: requestTags, summary: 'Rate a completed request (1-5) with a comment', params, body: rateRequestBody, response: { 200: requestDetailSchema } } }, async (request) =>
    ratePortalRequest(serviceContext(request), request.params.number, request.body),
  );
  app.get('/attachments/:attachmentId', { schema: { operationId: 'portalDownloadAttachment', tags: requestTags, summary: 'Download a file of your conversation', params: attachmentParams } }, async (request, reply) =>
    sendAttachmentDownload(request, reply, await downloadPortalAttachment(serviceContext(request), request.params.attachmentId)),
  );
  await app.register(async (context) => {
    const uploads = context.withTypeProvider<ZodTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    uploads.post(
      '/attachments',
      { schema: { operationId: 'portalUploadAttachment', tags: requestTags, summary: 'Upload a file (raw body, ?filename=) to attach to a request or reply', querystring: uploadAttachmentQuery, consumes: ['*/*'], body: binaryBody, response: { 201: attachmentSchema } } },
      async (request, reply) => {
        const length = request.headers['content-length'];
        const attachment = await uploadPortalAttachment(serviceContext(request), {
          filename: request.query.filename,
          contentType: request.headers['content-type'],
          declaredSize: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
          content: request.raw,
        });
        return reply.status(201).send(attachment);
      },
    );
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => portalOpenApiDocument(documented, portalApiPrefix, portalSessionCookieName));
};

export const portalRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(portalApi, { prefix: portalApiPrefix });
};
