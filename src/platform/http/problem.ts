import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorStatus, type FieldError } from '../errors.js';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId: string;
  errors?: FieldError[];
}

function problem(request: FastifyRequest, code: string, status: number, detail: string, errors?: FieldError[]): ProblemBody {
  return {
    type: `https://patron.dev/problems/${code}`,
    title: code.replace(/_/g, ' '),
    status,
    code,
    detail,
    instance: request.url,
    requestId: String(request.id),
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

function sendProblem(reply: FastifyReply, body: ProblemBody) {
  return reply.status(body.status).type('application/problem+json').send(body);
}

/** Validation issues from the route schemas, named by where they were found: `body.email`, `query.limit`. */
function validationErrors(error: FastifyError & { validation: { keyword?: string; instancePath?: string; message?: string; params?: unknown }[] }): FieldError[] {
  const where = (error as { validationContext?: string }).validationContext ?? 'body';
  const prefix = where === 'querystring' ? 'query' : where;
  return error.validation.flatMap((issue) => {
    const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const base = [prefix, path].filter(Boolean).join('.');
    const unknownKeys = issue.keyword === 'unrecognized_keys' ? (issue.params as { keys?: string[] } | undefined)?.keys : undefined;
    if (unknownKeys?.length) {
      // One entry per unknown field, so the field list names each of them.
      return unknownKeys.map((key) => ({ field: `${base}.${key}`, message: 'is not a known field' }));
    }
    return [{ field: base, message: issue.message ?? 'is invalid' }];
  });
}

/** The one error handler: AppError and validation errors become RFC 9457 problems; anything else is a logged 500. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const { errors, retryAfterSeconds, ...extensions } = error.details;
    if (retryAfterSeconds) reply.header('Retry-After', String(retryAfterSeconds));
    // Other details are RFC 9457 extension members, e.g. allowedNextStatusIds on a refused transition.
    return sendProblem(reply, { ...extensions, ...problem(request, error.code, error.status, error.message, errors) });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationErrors(error as never);
    return sendProblem(
      reply,
      problem(request, 'validation_failed', 400, `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`, errors),
    );
  }
  const fastifyError = error as FastifyError;
  if (!isResponseSerializationError(error) && fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
    const code = fastifyError.statusCode === 415 || fastifyError.statusCode === 413 || fastifyError.statusCode === 400 ? 'validation_failed' : 'unprocessable';
    return sendProblem(reply, { ...problem(request, code, fastifyError.statusCode, fastifyError.message), status: fastifyError.statusCode });
  }
  request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  return sendProblem(reply, problem(request, 'internal', errorStatus.internal, 'Something went wrong on our side. The error was logged with this request id.'));
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(reply, problem(request, 'not_found', 404, `No route for ${request.method} ${request.url.split('?')[0]}`));
}
