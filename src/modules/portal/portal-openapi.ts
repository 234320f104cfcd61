import type { FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export interface DocumentedRoute {
  method: string;
  url: string;
  schema: FastifySchema & { operationId?: string; summary?: string; description?: string; tags?: readonly string[]; consumes?: readonly string[] };
}

type JsonSchema = { properties?: Record<string, unknown>; required?: string[] } & Record<string, unknown>;

function parametersOf(schema: unknown, where: 'path' | 'query') {
  const json = schema as JsonSchema | undefined;
  return Object.entries(json?.properties ?? {}).map(([name, property]) => ({ name, in: where, required: where === 'path' || (json?.required ?? []).includes(name), schema: property }));
}

/**
 * The portal's own OpenAPI document, built from its routes' Zod schemas with the same transform
 * the staff document uses. The portal is a separate API for customers, so it is not in the staff one.
 */
export function portalOpenApiDocument(routes: readonly DocumentedRoute[], prefix: string, sessionCookieName: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const openapiObject = { openapi: '3.1.0' };
    const transformed = jsonSchemaTransform({ schema: route.schema, url: route.url, route: {} as never, openapiObject } as never) as unknown as { schema: Record<string, unknown> };
    const schema = transformed.schema as { body?: unknown; params?: unknown; querystring?: unknown; response?: Record<string, unknown> };
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    const consumes = route.schema.consumes?.[0] ?? 'application/json';
    const responses = Object.fromEntries(
      Object.entries(schema.response ?? {}).map(([code, body]) => [code, { description: code.startsWith('2') ? 'OK' : 'Problem', content: { 'application/json': { schema: body } } }]),
    );
    paths[path] = {
      ...paths[path],
      [route.method.toLowerCase()]: {
        operationId: route.schema.operationId,
        summary: route.schema.summary,
        ...(route.schema.description ? { description: route.schema.description } : {}),
        tags: route.schema.tags,
        parameters: [...parametersOf(schema.params, 'path'), ...parametersOf(schema.querystring, 'query')],
        ...(schema.body ? { requestBody: { required: true, content: { [consumes]: { schema: schema.body } } } } : {}),
        responses: Object.keys(responses).length ? responses : { 204: { description: 'Done' } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Patron customer portal API', version: '1', description: `My Account for customers. Authenticate with the \`${sessionCookieName}\` cookie from portalLogin; writes also send X-CSRF-Token.` },
    servers: [{ url: prefix }],
    components: { securitySchemes: { portalSession: { type: 'apiKey', in: 'cookie', name: sessionCookieName } } },
    security: [{ portalSession: [] }],
    paths,
  };
}
