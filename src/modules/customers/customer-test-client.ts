import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';

/** A signed-in API client over app.inject for the customer tests. */
export async function customerTestClient(test: TestApp) {
  const admin = await signIn(test);
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object, who: SignedIn = admin, headers: Record<string, string> = {}) =>
    test.app.inject({ method, url: `/api/v1${url}`, headers: { ...who.headers, ...headers }, payload });
  /** A write that must answer 201; its body. */
  const created = async (method: 'POST' | 'PUT', url: string, body: object, who: SignedIn = admin) => {
    const response = await call(method, url, body, who);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const historyOf = (recordId: string) => test.handle.db.select().from(events).where(eq(events.recordId, recordId)).orderBy(events.id);
  return { admin, call, created, historyOf };
}

/** The fields a problem response names. */
export function fields(response: { json(): { errors?: { field: string }[] } }) {
  return (response.json().errors ?? []).map((error) => error.field);
}
