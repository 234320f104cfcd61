import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { outgoingMails } from '../../platform/mail/mail.tables.js';

let test: TestApp;
let admin: SignedIn;
let statuses: Record<string, string>;
let needsConfirmation: string;
let supportId: string;
let hiddenDepartmentId: string;

interface Customer {
  email: string;
  cookie: string;
  csrfToken: string;
  contactId: string;
  headers: Record<string, string>;
}

const staff = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) => test.app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, payload });
const portal = (method: 'GET' | 'POST', url: string, who?: Customer, payload?: object, extraHeaders: Record<string, string> = {}) =>
  test.app.inject({ method, url: `/api/portal/v1${url}`, headers: { ...(who?.headers ?? {}), ...extraHeaders }, payload });

let addressCounter = 0;
/** Each caller gets its own address, so per-address rate limits of one test do not reach another. */
const nextAddress = () => `10.9.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

/** The latest mail to an address (with this subject): the clock stands still, so the last written wins. */
async function lastMailTo(address: string, subject?: string) {
  const mails = await test.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.toAddress, address));
  return mails.filter((mail) => !subject || mail.subject === subject).at(-1);
}

function tokenIn(text: string, path: string): string {
  const match = new RegExp(`/portal/${path}\\?(?:invitation=1&)?token=([\\w%-]+)`).exec(text);
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return decodeURIComponent(match[1]!);
}

function fromPortalLogin(response: LightMyRequestResponse, email: string): Customer {
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((c) => c.name === 'patron_portal_session');
  expect(cookie?.httpOnly).toBe(true);
  const body = response.json() as { csrfToken: string; contactId: string };
  const header = `patron_portal_session=${cookie!.value}`;
  return { email, cookie: header, csrfToken: body.csrfToken, contactId: body.contactId, headers: { cookie: header, 'x-csrf-token': body.csrfToken } };
}

let customerCounter = 0;
async function signUpAndLogin(name = 'Sam Harris'): Promise<Customer> {
  customerCounter += 1;
  const email = `customer${customerCounter}-${Date.now()}@example.com`;
  const password = 'a long enough password';
  const signed = await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/signup', payload: { name, email, password }, remoteAddress: nextAddress() });
  expect(signed.statusCode, signed.body).toBe(202);
  const token = tokenIn((await lastMailTo(email, 'Confirm your email address'))!.textBody, 'verify-email');
  expect((await portal('POST', '/auth/verify-email', undefined, { token })).statusCode).toBe(204);
  return fromPortalLogin(await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/login', payload: { email, password }, remoteAddress: nextAddress() }), email);
}

async function createRequest(who: Customer, subject = 'My printer is broken', extra: object = {}) {
  const response = await test.app.inject({
    method: 'POST',
    url: '/api/portal/v1/requests',
    headers: who.headers,
    payload: { departmentId: supportId, name: 'Sam Harris', subject, message: 'It prints blank pages.', ...extra },
    remoteAddress: nextAddress(),
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { number: number; version: number; messages: { id: string; attachments: { id: string }[] }[] };
}

/** Staff take the ticket and answer it (In Process), as an agent would. */
async function staffRespond(number: number, body = 'Fixed.') {
  const assigned = await staff('POST', `/tickets/${number}/assignment`, { version: (await staffTicket(number)).version, assigneeId: admin.userId });
  expect(assigned.statusCode, assigned.body).toBe(200);
  const responded = await staff('POST', `/tickets/${number}/transitions`, { version: assigned.json().version, statusId: statuses['In Process'], message: { body } });
  expect(responded.statusCode, responded.body).toBe(200);
  return responded.json() as { version: number };
}

async function staffTicket(number: number) {
  return (await staff('GET', `/tickets/${number}`)).json() as { version: number; acceptance: string; state: string; feedback: unknown };
}

beforeAll(async () => {
  test = await createTestApp({ config: { LOGIN_RATE_LIMIT: '3' } });
  admin = await signIn(test);
  statuses = Object.fromEntries(((await staff('GET', '/ticket-statuses')).json().items as { id: string; name: string }[]).map((s) => [s.name, s.id]));
  needsConfirmation = ((await staff('GET', '/ticket-categories')).json().items as { id: string; name: string }[]).find((c) => c.name === 'Solution needing confirmation')!.id;
  const departments = (await staff('GET', '/departments')).json().items as { id: string; name: string }[];
  supportId = departments.find((d) => d.name === 'Customer Support')!.id;
  const hidden = await staff('POST', '/business-units', { name: 'Back office', visibleToCustomers: false, memberIds: [] });
  expect(hidden.statusCode, hidden.body).toBe(201);
  hiddenDepartmentId = hidden.json().id;
});
afterAll(async () => {
  await test?.close();
});

describe('portal accounts', () => {
  it('signs up, verifies the email, logs in with its own cookie and logs out', async () => {
    const email = 'new-customer@example.com';
    const signed = await portal('POST', '/auth/signup', undefined, { name: 'New Customer', email, password: 'a long enough password' });
    expect(signed.statusCode, signed.body).toBe(202);
    const beforeVerify = await portal('POST', '/auth/login', undefined, { email, password: 'a long enough password' });
    expect(beforeVerify.statusCode).toBe(401);
    expect(beforeVerify.json().detail).toMatch(/confirm your email/i);
    const mail = await lastMailTo(email);
    expect(mail!.subject).toBe('Confirm your email address');
    const token = tokenIn(mail!.textBody, 'verify-email');
    expect((await portal('POST', '/auth/verify-email', undefined, { token })).statusCode).toBe(204);
    // Opening the link again says done; a made-up token does not.
    expect((await portal('POST', '/auth/verify-email', undefined, { token })).statusCode).toBe(204);
    expect((await portal('POST', '/auth/verify-email', undefined, { token: 'x'.repeat(43) })).statusCode).toBe(400);
    const customer = fromPortalLogin(await portal('POST', '/auth/login', undefined, { email, password: 'a long enough password' }), email);
    const me = await portal('GET', '/me', customer);
    expect(me.json()).toMatchObject({ email, name: 'New Customer' });
    // The portal session is not a staff session, and a staff session does not open the portal.
    expect((await test.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: customer.cookie } })).statusCode).toBe(401);
    expect((await portal('GET', '/me', undefined, undefined, { cookie: admin.cookie })).statusCode).toBe(401);
    // Writes need the CSRF token.
    expect((await portal('POST', '/auth/logout', undefined, undefined, { cookie: customer.cookie })).statusCode).toBe(403);
    expect((await portal('POST', '/auth/logout', customer)).statusCode).toBe(204);
    expect((await portal('GET', '/me', customer)).statusCode).toBe(401);
  });

  it('a new customer\'s address is their contact\'s email entry, so staff find them by it; a contact\'s second address signs up as that contact', async () => {
    const fresh = await signUpAndLogin('Fern Fresh');
    const found = await staff('GET', `/contacts?q=${encodeURIComponent(fresh.email)}`);
    expect(found.statusCode, found.body).toBe(200);
    expect((found.json().items as { id: string }[]).map((item) => item.id)).toEqual([fresh.contactId]);
    const detail = (await staff('GET', `/contacts/${fresh.contactId}`)).json() as { source: string; emails: { email: string; isDefault: boolean }[] };
    expect(detail).toMatchObject({ source: 'portal', emails: [{ email: fresh.email, isDefault: true }] });

    const known = await staff('POST', '/contacts', { firstName: 'Greta', lastName: 'Known', emails: [{ email: 'greta@work.example' }, { email: 'greta@home.example' }] });
    expect(known.statusCode, known.body).toBe(201);
    const signed = await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/signup', payload: { name: 'Greta K', email: 'greta@home.example', password: 'a long enough password' }, remoteAddress: nextAddress() });
    expect(signed.statusCode, signed.body).toBe(202);
    const token = tokenIn((await lastMailTo('greta@home.example', 'Confirm your email address'))!.textBody, 'verify-email');
    expect((await portal('POST', '/auth/verify-email', undefined, { token })).statusCode).toBe(204);
    const greta = fromPortalLogin(await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/login', payload: { email: 'greta@home.example', password: 'a long enough password' }, remoteAddress: nextAddress() }), 'greta@home.example');
    expect(greta.contactId).toBe(known.json().id);
    expect((await staff('GET', '/contacts?q=greta%40home.example')).json().items).toHaveLength(1);
  });

  it('answers a sign-up for a taken email the same, and mails the owner instead', async () => {
    const first = await signUpAndLogin();
    const again = await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/signup', payload: { name: 'Impostor', email: first.email, password: 'another long password' }, remoteAddress: nextAddress() });
    expect(again.statusCode).toBe(202);
    expect(await lastMailTo(first.email, 'You already have an account')).toBeDefined();
  });

  it('ignores a sign-up whose honeypot is filled', async () => {
    const email = 'bot@example.com';
    const response = await portal('POST', '/auth/signup', undefined, { name: 'Bot', email, password: 'a long enough password', website: 'http://spam.example' });
    expect(response.statusCode).toBe(202);
    expect(await lastMailTo(email)).toBeUndefined();
  });

  it('resets a password from the emailed link, once, and ends other sessions', async () => {
    const customer = await signUpAndLogin();
    const asked = await portal('POST', '/auth/password-reset', undefined, { email: customer.email });
    expect(asked.statusCode).toBe(202);
    expect((await portal('POST', '/auth/password-reset', undefined, { email: 'nobody@example.com' })).statusCode).toBe(202);
    const mail = await lastMailTo(customer.email, 'Reset your password');
    const token = tokenIn(mail!.textBody, 'reset-password');
    expect((await portal('POST', '/auth/password-reset/confirm', undefined, { token, password: 'short' })).statusCode).toBe(400);
    expect((await portal('POST', '/auth/password-reset/confirm', undefined, { token, password: 'a brand new password' })).statusCode).toBe(204);
    expect((await portal('POST', '/auth/password-reset/confirm', undefined, { token, password: 'a brand new password' })).statusCode).toBe(400);
    expect((await portal('GET', '/me', customer)).statusCode).toBe(401);
    fromPortalLogin(await portal('POST', '/auth/login', undefined, { email: customer.email, password: 'a brand new password' }), customer.email);
  });

  it('rate limits login, sign-up and reset', async () => {
    const customer = await signUpAndLogin();
    const address = nextAddress();
    const attempts = [];
    for (let i = 0; i < 4; i += 1) attempts.push((await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/login', payload: { email: customer.email, password: 'wrong password' }, remoteAddress: address })).statusCode);
    expect(attempts).toEqual([401, 401, 401, 429]);
    const signupAddress = nextAddress();
    const signups = [];
    for (let i = 0; i < 6; i += 1) signups.push((await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/signup', payload: { name: 'X', email: `flood${i}@example.com`, password: 'a long enough password' }, remoteAddress: signupAddress })).statusCode);
    expect(signups).toEqual([202, 202, 202, 202, 202, 429]);
    const resets = [];
    for (let i = 0; i < 6; i += 1) resets.push((await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/password-reset', payload: { email: customer.email }, remoteAddress: nextAddress() })).statusCode);
    expect(resets).toEqual([202, 202, 202, 202, 202, 429]);
  });

  it('lets staff invite a contact, who sets a password from the invitation', async () => {
    const contact = await staff('POST', '/contacts', { firstName: 'Ivy', lastName: 'Invited', email: 'ivy@example.com' });
    expect(contact.statusCode, contact.body).toBe(201);
    const contactId = contact.json().id as string;
    const limited = await signIn(test, { rightKeys: ['customers.contacts.read'] });
    expect((await test.app.inject({ method: 'POST', url: `/api/v1/contacts/${contactId}/portal-invitation`, headers: limited.headers })).statusCode).toBe(403);
    const invited = await staff('POST', `/contacts/${contactId}/portal-invitation`);
    expect(invited.statusCode, invited.body).toBe(201);
    expect(invited.json()).toMatchObject({ email: 'ivy@example.com' });
    const mail = await lastMailTo('ivy@example.com');
    expect(mail!.textBody).toContain('invited you to My Account');
    const token = tokenIn(mail!.textBody, 'reset-password');
    expect((await portal('POST', '/auth/password-reset/confirm', undefined, { token, password: 'ivy chose this one' })).statusCode).toBe(204);
    const ivy = fromPortalLogin(await portal('POST', '/auth/login', undefined, { email: 'ivy@example.com', password: 'ivy chose this one' }), 'ivy@example.com');
    expect(ivy.contactId).toBe(contactId);
  });
});

describe('portal requests', () => {
  let customer: Customer;

  beforeAll(async () => {
    customer = await signUpAndLogin();
  });

  it('lists only departments visible to customers', async () => {
    const items = (await portal('GET', '/departments', customer)).json().items as { id: string }[];
    expect(items.map((d) => d.id)).toContain(supportId);
    expect(items.map((d) => d.id)).not.toContain(hiddenDepartmentId);
    const refused = await portal('POST', '/requests', customer, { departmentId: hiddenDepartmentId, name: 'Sam', subject: 'x', message: 'y' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toMatch(/departmentId/);
  });

  it('creates, lists, shows and replies; internal notes never show', async () => {
    const created = await createRequest(customer, 'Where is my order?');
    const ticket = await staffTicket(created.number);
    expect(ticket).toMatchObject({ state: 'pending' });
    const staffView = (await staff('GET', `/tickets/${created.number}`)).json();
    expect(staffView).toMatchObject({ channel: 'portal', openedBy: 'customer', contact: { contactId: customer.contactId }, departmentId: supportId });
    expect((await staff('POST', `/tickets/${created.number}/messages`, { body: 'Customer seems angry', visibility: 'internal' })).statusCode).toBe(201);
    expect((await staff('POST', `/tickets/${created.number}/messages`, { body: 'It ships tomorrow.', visibility: 'public' })).statusCode).toBe(201);
    const shown = (await portal('GET', `/requests/${created.number}`, customer)).json();
    expect(shown.messages.map((m: { body: string }) => m.body)).toEqual(['It prints blank pages.', 'It ships tomorrow.']);
    expect(JSON.stringify(shown)).not.toContain('Customer seems angry');
    expect(shown).toMatchObject({ subject: 'Where is my order?', department: 'Customer Support', openedBy: 'customer', status: expect.any(String) });
    const replied = await portal('POST', `/requests/${created.number}/messages`, customer, { body: 'Thanks!' });
    expect(replied.statusCode, replied.body).toBe(201);
    expect(replied.json().lastActionBy).toBe('customer');
    const list = (await portal('GET', '/requests', customer)).json().items as { number: number; subject: string; department: string; lastActionAt: string }[];
    expect(list[0]).toMatchObject({ number: created.number, subject: 'Where is my order?', department: 'Customer Support' });
    // "My Last Requests (30 days)": older activity drops out of the recent list, not the full one.
    expect((await portal('GET', '/requests?sinceDays=30', customer)).json().items).toContainEqual(expect.objectContaining({ number: created.number }));
    const now = test.clock.now();
    test.clock.advance(31 * 86_400_000);
    const later = fromPortalLogin(await test.app.inject({ method: 'POST', url: '/api/portal/v1/auth/login', payload: { email: customer.email, password: 'a long enough password' }, remoteAddress: nextAddress() }), customer.email);
    expect((await portal('GET', '/requests?sinceDays=30', later)).json().items).toEqual([]);
    expect((await portal('GET', '/requests', later)).json().items.length).toBeGreaterThan(0);
    test.clock.set(now);
  });

  it('uploads an attachment with a request and downloads it', async () => {
    const upload = await test.app.inject({ method: 'POST', url: '/api/portal/v1/attachments?filename=receipt.txt', headers: { ...customer.headers, 'content-type': 'text/plain' }, payload: 'paid 12.50' });
    expect(upload.statusCode, upload.body).toBe(201);
    const created = await createRequest(customer, 'Refund', { attachmentIds: [upload.json().id] });
    const attachmentId = created.messages[0]!.attachments[0]!.id;
    const download = await portal('GET', `/attachments/${attachmentId}`, customer);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('paid 12.50');
    // An upload of staff cannot be attached by the customer, and is not theirs to read.
    const staffUpload = await test.app.inject({ method: 'POST', url: '/api/v1/attachments?filename=x.txt', headers: { ...admin.headers, 'content-type': 'text/plain' }, payload: 'staff only' });
    const stolen = await portal('POST', `/requests/${created.number}/messages`, customer, { body: 'mine', attachmentIds: [staffUpload.json().id] });
    expect(stolen.statusCode).toBe(400);
    expect((await portal('GET', `/attachments/${staffUpload.json().id}`, customer)).statusCode).toBe(404);
  });

  it('turns a filled honeypot away and rate limits new requests', async () => {
    const bot = await portal('POST', '/requests', customer, { departmentId: supportId, name: 'Bot', subject: 'Buy pills', message: 'spam', website: 'http://spam.example' });
    expect(bot.statusCode).toBe(400);
    expect(bot.json().errors[0].field).toMatch(/website/);
    const flooder = await signUpAndLogin();
    const codes = [];
    for (let i = 0; i < 11; i += 1) {
      codes.push((await test.app.inject({ method: 'POST', url: '/api/portal/v1/requests', headers: flooder.headers, payload: { departmentId: supportId, name: 'F', subject: `n${i}`, message: 'm' }, remoteAddress: nextAddress() })).statusCode);
    }
    expect(codes.slice(0, 10).every((code) => code === 201)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('accepts or rejects a solution that needs acceptance, as the customer', async () => {
    const resolve = async (number: number) => {
      const responded = await staffRespond(number, 'Looking into it.');
      const resolved = await staff('POST', `/tickets/${number}/transitions`, { version: responded.version, statusId: statuses['Resolved'], solutionCategoryId: needsConfirmation, message: { body: 'Try a new cartridge.' } });
      expect(resolved.json(), resolved.body).toMatchObject({ acceptance: 'awaiting' });
    };
    const first = await createRequest(customer, 'Accept me');
    expect((await portal('POST', `/requests/${first.number}/accept`, customer, {})).statusCode).toBe(409);
    await resolve(first.number);
    const accepted = await portal('POST', `/requests/${first.number}/accept`, customer, { comment: 'Works now' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ acceptance: 'accepted', lastActionBy: 'customer' });
    expect(accepted.json().messages.at(-1)).toMatchObject({ body: 'Works now', authorType: 'customer' });
    const history = (await staff('GET', `/tickets/${first.number}/history`)).json().items as { action: string; changes: { recordedBy?: string }; actorLabel?: string }[];
    expect(history.find((e) => e.action === 'ticket.solution_accepted')).toMatchObject({ changes: { recordedBy: 'customer' } });

    const second = await createRequest(customer, 'Reject me');
    await resolve(second.number);
    const rejected = await portal('POST', `/requests/${second.number}/reject`, customer, { comment: 'Still blank' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    expect(rejected.json()).toMatchObject({ acceptance: 'rejected', state: 'responded' });
  });

  it('rates a completed request once; staff see the rating on the ticket and in the feedback list', async () => {
    const created = await createRequest(customer, 'Rate me');
    expect((await portal('POST', `/requests/${created.number}/rating`, customer, { rating: 5 })).statusCode).toBe(422);
    const responded = await staffRespond(created.number);
    const completed = await staff('POST', `/tickets/${created.number}/transitions`, { version: responded.version, statusId: statuses['Completed'] });
    expect(completed.statusCode, completed.body).toBe(200);
    expect((await portal('POST', `/requests/${created.number}/rating`, customer, { rating: 6 })).statusCode).toBe(400);
    const rated = await portal('POST', `/requests/${created.number}/rating`, customer, { rating: 2, comment: 'Slow' });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().feedback).toMatchObject({ rating: 2, comment: 'Slow' });
    expect((await portal('POST', `/requests/${created.number}/rating`, customer, { rating: 5 })).statusCode).toBe(409);
    expect((await staffTicket(created.number)).feedback).toMatchObject({ rating: 2, comment: 'Slow' });
    const feedback = (await staff('GET', '/ticket-feedback?maxRating=2')).json().items as { ticketNumber: number; rating: number }[];
    expect(feedback).toContainEqual(expect.objectContaining({ ticketNumber: created.number, rating: 2, subject: 'Rate me' }));
    expect((await staff('GET', '/ticket-feedback?maxRating=1')).json().items).toEqual([]);
  });
});

describe('a customer never reaches another customer’s records', () => {
  it('answers 404 on every portal route for customer B’s request numbers and attachments', async () => {
    const a = await signUpAndLogin('Alice A');
    const b = await signUpAndLogin('Bob B');
    const upload = await test.app.inject({ method: 'POST', url: '/api/portal/v1/attachments?filename=b.txt', headers: { ...b.headers, 'content-type': 'text/plain' }, payload: 'bob secret' });
    const bRequest = await createRequest(b, 'Bob private', { attachmentIds: [upload.json().id] });
    const bAttachment = bRequest.messages[0]!.attachments[0]!.id;
    // A staff-opened ticket of B's contact too (B never wrote on it).
    const staffOpened = await staff('POST', '/tickets', { subject: 'Staff opened for Bob', contact: { contactId: b.contactId }, departmentId: supportId });
    expect(staffOpened.statusCode).toBe(201);
    const missing = 987_654_321;
    const routes: [method: 'GET' | 'POST', url: (n: number) => string, payload?: object][] = [
      ['GET', (n) => `/requests/${n}`],
      ['POST', (n) => `/requests/${n}/messages`, { body: 'let me in' }],
      ['POST', (n) => `/requests/${n}/accept`, { comment: 'x' }],
      ['POST', (n) => `/requests/${n}/reject`, { comment: 'x' }],
      ['POST', (n) => `/requests/${n}/rating`, { rating: 1 }],
    ];
    for (const number of [bRequest.number, staffOpened.json().number as number]) {
      for (const [method, url, payload] of routes) {
        const asA = await portal(method, url(number), a, payload);
        const nothing = await portal(method, url(missing), a, payload);
        expect(asA.statusCode, `${method} ${url(number)}`).toBe(404);
        // Exactly the answer for a number nobody has: existence does not leak.
        expect(asA.json().detail.replace(String(number), 'N')).toBe(nothing.json().detail.replace(String(missing), 'N'));
      }
    }
    expect((await portal('GET', `/attachments/${bAttachment}`, a)).statusCode).toBe(404);
    expect((await portal('GET', `/attachments/00000000-0000-4000-8000-000000000000`, a)).statusCode).toBe(404);
    // A's own upload cannot be claimed by B and vice versa.
    const aUpload = await test.app.inject({ method: 'POST', url: '/api/portal/v1/attachments?filename=a.txt', headers: { ...a.headers, 'content-type': 'text/plain' }, payload: 'alice' });
    expect((await portal('POST', `/requests/${bRequest.number}/messages`, b, { body: 'x', attachmentIds: [aUpload.json().id] })).statusCode).toBe(400);
    // Lists are scoped by the session, and nothing in a request names a contact to look at.
    const aList = (await portal('GET', '/requests', a)).json().items as { number: number }[];
    expect(aList.map((r) => r.number)).not.toContain(bRequest.number);
    expect((await portal('GET', `/requests?contactId=${b.contactId}`, a)).statusCode).toBe(400);
    // B still sees their own.
    expect((await portal('GET', `/requests/${bRequest.number}`, b)).statusCode).toBe(200);
    expect((await portal('GET', `/attachments/${bAttachment}`, b)).body).toBe('bob secret');
    // Without a session, every route answers 401.
    for (const [method, url, payload] of routes) expect((await portal(method, url(bRequest.number), undefined, payload)).statusCode).toBe(401);
    for (const url of ['/requests', '/departments', '/me']) expect((await portal('GET', url)).statusCode).toBe(401);
  });
});

describe('portal OpenAPI document', () => {
  it('lists the portal operations, and the staff document does not', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/portal/v1/openapi.json' });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
    const document = response.json();
    const operationIds = Object.values(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap((path) => Object.values(path).map((op) => op.operationId));
    for (const id of ['portalSignUp', 'portalVerifyEmail', 'portalLogin', 'portalLogout', 'portalRequestPasswordReset', 'portalResetPassword', 'portalListRequests', 'portalCreateRequest', 'portalGetRequest', 'portalReply', 'portalAcceptResolution', 'portalRejectResolution', 'portalRateRequest', 'portalListDepartments']) {
      expect(operationIds).toContain(id);
    }
    expect(document.paths['/requests/{number}'].get.parameters[0]).toMatchObject({ name: 'number', in: 'path' });
    const staffDocument = JSON.stringify((await test.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
    expect(staffDocument).not.toContain('portalLogin');
    expect(staffDocument).toContain('invitePortalContact');
    expect(staffDocument).toContain('listTicketFeedback');
  });
});
