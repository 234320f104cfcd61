import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, fromLogin, signIn, type TestApp } from '../../../test/harness.js';
import { outgoingMails } from '../../platform/mail/mail.tables.js';
import { drainJobs } from '../../platform/jobs/worker.js';
import { sessions } from './access.tables.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp({ config: { LOGIN_RATE_LIMIT: '3' } });
});
afterAll(async () => {
  await test?.close();
});

describe('staff sign-in', () => {
  it('logs in, returns rights and a CSRF token, and sets an HttpOnly SameSite=Lax cookie', async () => {
    const admin = await signIn(test, { email: 'boss@example.com' });
    const response = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'BOSS@example.com', password: 'correct horse battery' } });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'patron_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(response.json().rights).toContain('access.users.manage');
    const me = await test.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: admin.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('boss@example.com');
  });

  it('rotates the session at login: the previous cookie stops working', async () => {
    const first = await signIn(test, { email: 'rotate@example.com' });
    const again = await test.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: first.cookie },
      payload: { email: 'rotate@example.com', password: 'correct horse battery' },
    });
    expect(again.statusCode).toBe(200);
    const second = fromLogin(again);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: second.cookie } })).statusCode).toBe(200);
  });

  it('rejects a wrong password with 401 problem+json', async () => {
    await signIn(test, { email: 'wrong@example.com' });
    const response = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'wrong@example.com', password: 'nope' } });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('unauthenticated');
  });

  it('rate limits repeated failed logins per email with 429 and Retry-After', async () => {
    await signIn(test, { email: 'limited@example.com' });
    const attempt = () => test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'limited@example.com', password: 'bad password' } });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).statusCode).toBe(401);
    const blocked = await attempt();
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right password is refused until the window passes.
    const right = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'limited@example.com', password: 'correct horse battery' } });
    expect(right.statusCode).toBe(429);
    test.clock.advance(16 * 60_000);
    expect((await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'limited@example.com', password: 'correct horse battery' } })).statusCode).toBe(200);
  });

  it('refuses cookie-authenticated writes without the CSRF header', async () => {
    const admin = await signIn(test);
    const payload = { email: 'csrf-victim@example.com', name: 'Victim' };
    const without = await test.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const wrong = await test.app.inject({ method: 'POST', url: '/api/v1/users', headers: { cookie: admin.cookie, 'x-csrf-token': 'forged' }, payload });
    expect(wrong.statusCode).toBe(403);
    const listed = await test.app.inject({ url: '/api/v1/users?q=csrf-victim', headers: { cookie: admin.cookie } });
    expect(listed.json().items).toHaveLength(0);
    const right = await test.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
    expect(right.statusCode).toBe(201);
  });

  it('logout kills the session', async () => {
    const user = await signIn(test);
    expect((await test.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.headers })).statusCode).toBe(204);
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(401);
  });

  it('sessions end at their absolute lifetime', async () => {
    const user = await signIn(test);
    test.clock.advance(13 * 3_600_000);
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('a password change can end the other sessions', async () => {
    const first = await signIn(test, { email: 'changer@example.com' });
    const secondLogin = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'changer@example.com', password: 'correct horse battery' } });
    const second = fromLogin(secondLogin);
    const change = await test.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: second.headers,
      payload: { currentPassword: 'correct horse battery', newPassword: 'a much better password', endOtherSessions: true },
    });
    expect(change.statusCode).toBe(204);
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: second.cookie } })).statusCode).toBe(200);
  });

  it('resets a password through an emailed one-time link', async () => {
    const user = await signIn(test, { email: 'forgetful@example.com' });
    const request = await test.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'forgetful@example.com' } });
    expect(request.statusCode).toBe(202);
    // Unknown emails get the same answer, so the form can't be used to probe for accounts.
    expect((await test.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'nobody@example.com' } })).statusCode).toBe(202);
    await drainJobs(test.runtime);
    const [mail] = await test.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.toAddress, 'forgetful@example.com'));
    expect(mail!.status).toBe('stored');
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mail!.textBody)![1]!);
    const confirm = await test.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword: 'brand new password' } });
    expect(confirm.statusCode).toBe(204);
    // All sessions end with a reset, and the link works once.
    expect((await test.app.inject({ url: '/api/v1/me', headers: { cookie: user.cookie } })).statusCode).toBe(401);
    const reuse = await test.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: { token, newPassword: 'another new password' } });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().errors[0].field).toBe('token');
    const login = await test.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'forgetful@example.com', password: 'brand new password' } });
    expect(login.statusCode).toBe(200);
    const remaining = await test.runtime.db.select().from(sessions).where(eq(sessions.userId, user.userId));
    expect(remaining).toHaveLength(1);
  });

  it('rate limits password reset requests per email', async () => {
    const ask = () => test.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email: 'flood@example.com' } });
    for (let i = 0; i < 5; i += 1) expect((await ask()).statusCode).toBe(202);
    const blocked = await ask();
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('rate_limited');
  });
});
