import createClient, { type Middleware } from 'openapi-fetch';
import type { operations, paths } from './schema';

/** A response body of a portal operation, from the generated types. */
export type ResponseOf<Op extends keyof operations, Status extends number = 200> = operations[Op] extends {
  responses: { [S in Status]: { content: { 'application/json': infer Body } } };
}
  ? Body
  : never;

export type Customer = ResponseOf<'portalGetMe'>;
export type RequestSummary = ResponseOf<'portalListRequests'>['items'][number];
export type RequestDetail = ResponseOf<'portalGetRequest'>;
export type Department = ResponseOf<'portalListDepartments'>['items'][number];
export type Attachment = ResponseOf<'portalUploadAttachment', 201>;

export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

export class PortalError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

// The CSRF token comes with the session (login and /me) and is kept in memory only.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const portalApi = createClient<paths>({ baseUrl: '/api/portal/v1', credentials: 'same-origin' });
portalApi.use(csrf);

/** The data of a call, or a PortalError carrying the server's problem. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) {
    const problem = (error ?? {}) as Partial<Problem>;
    throw new PortalError({ status: response.status, code: problem.code ?? 'unknown', detail: problem.detail ?? response.statusText, errors: problem.errors });
  }
  return data as T;
}

export function errorText(error: unknown): string {
  if (error instanceof PortalError) {
    const fields = error.problem.errors?.map((e) => `${e.field.replace(/^body\./, '')} ${e.message}`).join('; ');
    return fields && error.problem.status === 400 ? `${error.problem.detail} (${fields})` : error.problem.detail;
  }
  return error instanceof Error ? error.message : 'Something went wrong';
}

/** Uploads one file as the raw body; answers the attachment to send in `attachmentIds`. */
export async function uploadFile(file: File): Promise<Attachment> {
  const response = await fetch(`/api/portal/v1/attachments?filename=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...csrfHeaders(), 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
  const body = (await response.json()) as Attachment & Problem;
  if (response.status !== 201) throw new PortalError({ status: response.status, code: body.code, detail: body.detail, errors: body.errors });
  return body;
}
