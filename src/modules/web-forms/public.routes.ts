import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { serviceContext } from '../../platform/http/request-context.js';
import { formSlugParams, submissionReceivedSchema, submitWebFormBody, type SubmitWebFormInput } from './web-forms.contract.js';
import { findPublicForm, formStartToken, submitWebForm, type PublicForm } from './submissions.service.js';
import { formPageHtml, messagePageHtml, thankYouPageHtml } from './web-form-page.js';

const pageQuery = z.object({ embed: z.string().max(5).optional() });

/**
 * The page may be framed by any site (that is what the embed code is for); it loads nothing but
 * itself and posts only to itself, or on to the form's redirect address.
 */
function pagePolicy(redirectUrl: string | null): string {
  const redirectOrigin = redirectUrl ? ` ${new URL(redirectUrl).origin}` : '';
  return `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'${redirectOrigin}; frame-ancestors *; base-uri 'none'`;
}

function sendPage(reply: FastifyReply, status: number, html: string, redirectUrl: string | null = null) {
  return reply.status(status).header('Content-Security-Policy', pagePolicy(redirectUrl)).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

function isEmbedded(query: z.infer<typeof pageQuery>): boolean {
  return query.embed === '1' || query.embed === 'true';
}

/** The answers of a posted HTML form: inputs are named `values.<key>`, plus the honeypot and the token. */
function answersFromPage(body: Record<string, string>): SubmitWebFormInput & { values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (name.startsWith('values.')) values[name.slice('values.'.length)] = value;
  return { values, website: body.website, startToken: body.startToken };
}

function unavailablePage(reply: FastifyReply, found: PublicForm | undefined, embed: boolean) {
  if (!found) return sendPage(reply, 404, messagePageHtml('Form not found', 'There is no form at this address. Please check the link you followed.', embed));
  return sendPage(reply, 410, messagePageHtml(found.form.name, 'This form is closed and no longer takes submissions.', embed));
}

/** The public side of web forms: the page people fill in, and the JSON endpoint for integrators. */
export const webFormPublicRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get('/forms/:slug', { schema: { hide: true, params: formSlugParams, querystring: pageQuery } }, async (request, reply) => {
    const embed = isEmbedded(request.query);
    const ctx = serviceContext(request);
    const found = await findPublicForm(ctx.db, request.params.slug);
    if (!found?.form.enabled) return unavailablePage(reply, found, embed);
    const { form, fields } = found;
    const html = formPageHtml({ title: form.name, description: form.description, fields, action: request.url, startToken: await formStartToken(ctx, form), embed });
    return sendPage(reply, 200, html, form.redirectUrl);
  });

  app.post('/forms/:slug', { schema: { hide: true, params: formSlugParams, querystring: pageQuery, body: z.record(z.string(), z.string()) } }, async (request, reply) => {
    const embed = isEmbedded(request.query);
    const ctx = serviceContext(request);
    const found = await findPublicForm(ctx.db, request.params.slug);
    if (!found?.form.enabled) return unavailablePage(reply, found, embed);
    const { form, fields } = found;
    const input = answersFromPage(request.body);
    try {
      const outcome = await submitWebForm(ctx, form.slug, input, { ipAddress: request.ip, userAgent: request.headers['user-agent'] });
      if (outcome.redirectUrl) return reply.header('Cache-Control', 'no-store').redirect(outcome.redirectUrl, 303);
      return sendPage(reply, 200, thankYouPageHtml(form.name, outcome.message, embed));
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'validation_failed' && error.code !== 'rate_limited')) throw error;
      if (error.details.retryAfterSeconds) reply.header('Retry-After', String(error.details.retryAfterSeconds));
      const errors = error.details.errors ?? [{ field: '', message: error.message }];
      // The answers come back as typed, with the token of the first showing (the fill time counts
      // from it) unless the token itself was the problem.
      const keepToken = input.startToken && !errors.some((entry) => entry.field === 'startToken');
      const startToken = keepToken ? input.startToken! : await formStartToken(ctx, form);
      const html = formPageHtml({ title: form.name, description: form.description, fields, action: request.url, startToken, embed, values: input.values, errors });
      return sendPage(reply, error.status, html, form.redirectUrl);
    }
  });

  app.post(
    '/api/public/v1/forms/:slug/submissions',
    {
      schema: {
        operationId: 'submitWebForm',
        tags: ['web forms (public)'],
        summary: 'Send a web form: creates or updates the contact and opens a case with every answer',
        description:
          'Public: no authentication. Bad answers are a 400 naming each field (`values.<key>`); nothing is stored unless everything is. Limited per address and per email (429). A filled honeypot (`website`) is answered as a success and stores nothing.',
        security: [],
        params: formSlugParams,
        body: submitWebFormBody,
        response: { 201: submissionReceivedSchema },
      },
    },
    async (request, reply) => {
      const outcome = await submitWebForm(serviceContext(request), request.params.slug, request.body, { ipAddress: request.ip, userAgent: request.headers['user-agent'] });
      return reply.status(201).send({ received: true as const, message: outcome.message, redirectUrl: outcome.redirectUrl });
    },
  );
};
