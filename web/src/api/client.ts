import createClient, { type Middleware } from 'openapi-fetch';
import type { operations, paths } from './schema';

/** A response body from the generated OpenAPI types: `ResponseOf<'getUser'>` is the user. */
export type ResponseOf<Op extends keyof operations, Status extends number = 200> = operations[Op] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The JSON request body of an operation. */
export type BodyOf<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export type CurrentUser = ResponseOf<'getCurrentUser'>;
export type User = ResponseOf<'getUser'>;
export type Group = ResponseOf<'getGroup'>;
export type Right = ResponseOf<'listRights'>['items'][number];
export type BusinessUnit = ResponseOf<'getBusinessUnit'>;
export type ApiToken = ResponseOf<'listApiTokens'>['items'][number];
export type AuditEvent = ResponseOf<'listEvents'>['items'][number];
export type OutboxMailSummary = ResponseOf<'listOutbox'>['items'][number];
export type OutboxMail = ResponseOf<'getOutboxMail'>;
export type Job = ResponseOf<'listJobs'>['items'][number];
export type Attachment = ResponseOf<'uploadAttachment', 201>;

/** RFC 9457 problem details as the server sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

// The CSRF token comes with the session (login and getCurrentUser); it is kept in memory only.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The header a cookie-authenticated write needs, for requests made outside the typed client (uploads). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin,
  credentials: 'same-origin',
});
api.use(csrfMiddleware);

function toProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'status' in error && 'title' in error) return error as Problem;
  const detail = typeof error === 'string' && error ? error : response.statusText || 'Request failed';
  return { type: 'about:blank', title: response.statusText || 'Error', status: response.status, code: 'unknown', detail };
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem. */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'network',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (!result.response.ok) throw new ApiError(toProblem(result.error, result.response));
  return result.data as T;
}

/** Human-readable message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return error.problem.detail || 'Too many attempts. Wait a minute and try again.';
    return error.problem.detail || error.problem.title;
  }
  if (error instanceof Error) return error.message;
  return 'Something went wrong';
}

/**
 * Per-field messages from a problem, keyed by the form field name: `body.email` → `email`,
 * `body.groupIds.0` → `groupIds`.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.problem.errors) return {};
  const result: Record<string, string> = {};
  for (const entry of error.problem.errors) {
    const parts = entry.field.split('.');
    const name = parts[0] === 'body' || parts[0] === 'query' || parts[0] === 'params' ? parts[1] : parts[0];
    if (name && !result[name]) result[name] = entry.message;
  }
  return result;
}

/** True when a write was refused because someone else saved the record first (412 on a stale version). */
export function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}
