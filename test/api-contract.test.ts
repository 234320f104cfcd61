import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from './harness.js';
import { queryRows } from '../src/platform/db/client.js';

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  format?: string;
}

interface Operation {
  method: string;
  path: string;
  operationId: string;
  body?: JsonSchema;
}

let test: TestApp;
let admin: SignedIn;
let operations: Operation[];

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  const document = (await test.app.inject({ url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, { operationId: string; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      operationId: operation.operationId,
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
});
afterAll(async () => {
  await test?.close();
});

/** Row count of every table, to prove a rejected request wrote nothing anywhere. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(test.runtime.db, sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number }>(test.runtime.db, sql.raw(`SELECT count(*)::int AS n FROM "${name}"`));
    counts[name] = Number(row!.n);
  }
  return counts;
}

/** A well-formed value for each path parameter, so that only the body is wrong. */
function urlFor(operation: Operation): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => (name === 'number' ? '999999' : name === 'recordType' || name === 'key' ? 'user' : name === 'templateKey' ? 'ticket_reply' : randomUUID()));
}

function typeOf(schema: JsonSchema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.anyOf?.map(typeOf).find(Boolean);
}

function wrongValueFor(schema: JsonSchema): unknown {
  switch (typeOf(schema)) {
    case 'string':
      return 12345;
    case 'array':
    case 'object':
    case 'number':
    case 'integer':
    case 'boolean':
      return 'not-the-right-type';
    default:
      return undefined;
  }
}

async function send(operation: Operation, payload: unknown) {
  return test.app.inject({ method: operation.method as 'POST', url: urlFor(operation), headers: admin.headers, payload: payload as object });
}

function expectProblem(response: Awaited<ReturnType<typeof send>>, field: string) {
  expect(response.statusCode, response.body).toBe(400);
  expect(response.headers['content-type']).toContain('application/problem+json');
  const body = response.json() as { code: string; errors: { field: string }[] };
  expect(body.code).toBe('validation_failed');
  expect(body.errors.map((e) => e.field).join(' ')).toContain(field);
}

describe('the OpenAPI document', () => {
  it('gives every operation a verbNoun operationId, including the foundation ones', () => {
    const ids = operations.map((o) => o.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z]+[A-Z][A-Za-z]*$|^(login|logout|search)$/);
    expect(new Set(ids).size).toBe(ids.length);
    for (const required of ['login', 'logout', 'getCurrentUser', 'listUsers', 'createUser', 'updateUser', 'listGroups', 'createGroup', 'listRights', 'createApiToken', 'listEvents']) {
      expect(ids).toContain(required);
    }
  });
});

describe('API docs', () => {
  it('serves browsable docs at /api/docs that load the OpenAPI document', async () => {
    const response = await test.app.inject({ url: '/api/docs' });
    const page = response.statusCode === 302 ? await test.app.inject({ url: response.headers.location as string }) : response;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const initializer = await test.app.inject({ url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.body).toContain('/api/v1/openapi.json');
  });
});

describe('bad input on every endpoint with a body', () => {
  it('a missing required field, a wrong type and an unknown field each get 400 problem+json naming the field, and write nothing', async () => {
    const withBodies = operations.filter((o) => o.body?.properties);
    expect(withBodies.length).toBeGreaterThan(5);
    const before = await tableCounts();
    for (const operation of withBodies) {
      const schema = operation.body!;
      const required = schema.required ?? [];
      if (required.length > 0) {
        expectProblem(await send(operation, {}), `body.${required[0]}`);
      }
      const [name, property] = Object.entries(schema.properties!).find(([, p]) => wrongValueFor(p) !== undefined) ?? [];
      if (name && property) {
        expectProblem(await send(operation, { [name]: wrongValueFor(property) }), `body.${name}`);
      }
      expectProblem(await send(operation, { unexpectedField: true }), 'unexpectedField');
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('malformed JSON is a 400 problem, not a 500', async () => {
    const response = await test.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('a bad query parameter names the parameter', async () => {
    const response = await test.app.inject({ url: '/api/v1/users?limit=lots', headers: admin.headers });
    expectProblem(response, 'query.limit');
    const unknownCursor = await test.app.inject({ url: '/api/v1/users?cursor=garbage', headers: admin.headers });
    expectProblem(unknownCursor, 'query.cursor');
  });
});
