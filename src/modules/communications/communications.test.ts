import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { events } from '../../platform/events/events.tables.js';
import { jobs } from '../../platform/jobs/jobs.tables.js';
import { drainJobs } from '../../platform/jobs/worker.js';
import { outgoingMails, type OutgoingMailRow } from '../../platform/mail/mail.tables.js';
import { sendMailForTicketEvent, ticketEventMailJob } from './event-mails.job.js';
import { flagAutomatedAddress } from './mail-suppressions.js';
import { verifyReplyAddress } from './mail-threading.js';
import { mailLinkSecret, queueTicketTemplateMail } from './ticket-mail.js';
import { queueTemplateMail } from './template-mail.js';
import { ticketMails } from './communications.tables.js';

let test: TestApp;
let admin: SignedIn;
let statuses: Record<string, string>;
let needsConfirmation: string;
let supportId: string;
let rules: { id: string; name: string; event: string; recipient: string; version: number; enabled: boolean }[];

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) => test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });

async function mailsTo(address: string): Promise<OutgoingMailRow[]> {
  const rows = await test.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.toAddress, address));
  const order = await test.runtime.db.select({ mailId: ticketMails.mailId, seq: ticketMails.seq }).from(ticketMails);
  const position = (row: OutgoingMailRow) => order.find((o) => o.mailId === row.id)?.seq ?? Number.MAX_SAFE_INTEGER;
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || position(a) - position(b));
}

async function openTicket(email: string, subject = 'Customer Service', extra: object = {}) {
  const created = await call('POST', '/tickets', { subject, contact: { name: 'Sam Harris', email }, openedBy: 'customer', channel: 'portal', departmentId: supportId, assigneeId: admin.userId, message: { body: 'Your employee was <b>not</b> nice' }, ...extra });
  expect(created.statusCode, created.body).toBe(201);
  await drainJobs(test.runtime);
  return created.json() as { number: number; version: number; id: string };
}

async function reply(number: number, body: string, visibility: 'public' | 'internal' = 'public') {
  const response = await call('POST', `/tickets/${number}/messages`, { body, visibility });
  expect(response.statusCode, response.body).toBe(201);
  await drainJobs(test.runtime);
}

const ruleNamed = (name: string) => rules.find((rule) => rule.name === name)!;

beforeAll(async () => {
  test = await createTestApp({ config: { MAIL_FROM: 'Shop Support <support@shop.test>' } });
  admin = await signIn(test);
  statuses = Object.fromEntries(((await call('GET', '/ticket-statuses')).json().items as { id: string; name: string }[]).map((s) => [s.name, s.id]));
  needsConfirmation = ((await call('GET', '/ticket-categories')).json().items as { id: string; name: string }[]).find((c) => c.name === 'Solution needing confirmation')!.id;
  const support = ((await call('GET', '/departments')).json().items as { id: string; name: string; version: number }[]).find((d) => d.name === 'Customer Support')!;
  supportId = support.id;
  expect((await call('PATCH', `/departments/${supportId}`, { version: support.version, email: 'support-team@shop.test' })).statusCode).toBe(200);
  rules = (await call('GET', '/communication-rules')).json().items;
});
afterAll(async () => {
  await test?.close();
});

describe('event-based communications', () => {
  it('a new customer request confirms to the customer and tells the department, each once', async () => {
    const ticket = await openTicket('first@example.com');
    const [toCustomer, ...more] = await mailsTo('first@example.com');
    expect(more).toEqual([]);
    expect(toCustomer!.subject).toBe(`[#${ticket.number}] We received your request: Customer Service`);
    // The customer's own words come back escaped in HTML, as typed in text.
    expect(toCustomer!.htmlBody).toContain('Your employee was &lt;b&gt;not&lt;/b&gt; nice');
    expect(toCustomer!.textBody).toContain('Your employee was <b>not</b> nice');
    expect(toCustomer!.textBody).toContain(`http://patron.test/portal/requests/${ticket.number}`);
    const toDepartment = (await mailsTo('support-team@shop.test')).filter((m) => m.subject.startsWith(`New request #${ticket.number}:`));
    expect(toDepartment).toHaveLength(1);
    expect(toDepartment[0]!.textBody).toContain(`http://patron.test/tickets/${ticket.number}`);
  });

  it('a ticket opened by staff mails the customer only through "Email customer", with the editable template, on the ticket\'s thread', async () => {
    for (const emailCustomer of [false, true]) {
      const address = `staff-opened-${emailCustomer}@example.com`;
      const created = await call('POST', '/tickets', { subject: 'Phone call', contact: { name: 'Lee Caller', email: address }, openedBy: 'staff', channel: 'phone', departmentId: supportId, emailCustomer });
      expect(created.statusCode, created.body).toBe(201);
      await drainJobs(test.runtime);
      const mails = await mailsTo(address);
      expect(mails).toHaveLength(emailCustomer ? 1 : 0);
      if (emailCustomer) {
        expect(mails[0]!.subject).toBe(`[#${created.json().number}] We received your request: Phone call`);
        const threaded = await test.runtime.db.select().from(ticketMails).where(eq(ticketMails.mailId, mails[0]!.id));
        expect(threaded).toHaveLength(1);
      }
    }
  });

  it('a staff reply sends one "CRM - Reply" to the customer, threaded, signed and escaped', async () => {
    const ticket = await openTicket('sam@example.com');
    const [received] = await mailsTo('sam@example.com');
    await reply(ticket.number, 'Sorry <script>alert(1)</script> & here is $10');
    const mails = await mailsTo('sam@example.com');
    expect(mails).toHaveLength(2);
    const replyMail = mails[1]!;
    expect(replyMail.subject).toBe(`Re: [#${ticket.number}] Customer Service`);
    expect(replyMail.htmlBody).toContain('Sorry &lt;script&gt;alert(1)&lt;/script&gt; &amp; here is $10');
    expect(replyMail.htmlBody).not.toContain('<script>');
    expect(replyMail.textBody).toContain('Sorry <script>alert(1)</script> & here is $10');
    expect(replyMail.textBody).toContain('Request #' + ticket.number + ' is now New');

    const headers = replyMail.headers;
    expect(headers['Message-ID']).toMatch(new RegExp(`^<[0-9a-f-]{36}\\.t${ticket.number}@shop\\.test>$`));
    expect(headers['In-Reply-To']).toBe(received!.headers['Message-ID']);
    expect(headers.References).toBe(received!.headers['Message-ID']);
    expect(headers['Auto-Submitted']).toBe('auto-generated');
    expect(Buffer.from(headers['Thread-Index']!, 'base64')).toHaveLength(27);
    expect(Buffer.from(headers['Thread-Index']!, 'base64').subarray(0, 22)).toEqual(Buffer.from(received!.headers['Thread-Index']!, 'base64'));
    const secret = await mailLinkSecret(test.runtime.db, test.runtime.config);
    expect(headers['Reply-To']).toMatch(/^support\+t\d+\.[0-9a-f]{16}@shop\.test$/);
    expect(verifyReplyAddress(headers['Reply-To']!, secret)).toBe(ticket.number);

    // The ticket keeps its outgoing side of the conversation, with the stored Message-IDs.
    const listed = await call('GET', `/tickets/${ticket.number}/emails`);
    expect(listed.statusCode, listed.body).toBe(200);
    const customerMails = (listed.json().items as { toAddress: string; messageId: string; templateKey: string; status: string }[]).filter((m) => m.toAddress === 'sam@example.com');
    expect(customerMails.map((m) => m.templateKey)).toEqual(['ticket_received_customer', 'ticket_reply']);
    expect(customerMails[1]!.messageId).toBe(headers['Message-ID']);
    expect(customerMails[1]!.status).toBe('stored');
    const history = await call('GET', `/tickets/${ticket.number}/history`);
    expect((history.json().items as { action: string }[]).filter((e) => e.action === 'ticket.email_sent').length).toBeGreaterThanOrEqual(3);
  });

  it('a reply with a status change is one mail, an internal note is none', async () => {
    const ticket = await openTicket('note@example.com');
    await reply(ticket.number, 'Internal: this customer is rude', 'internal');
    expect(await mailsTo('note@example.com')).toHaveLength(1);
    const moved = await call('POST', `/tickets/${ticket.number}/transitions`, { version: ticket.version + 1, statusId: statuses['In Process'], message: { body: 'Looking into it' } });
    expect(moved.statusCode, moved.body).toBe(200);
    await drainJobs(test.runtime);
    const mails = await mailsTo('note@example.com');
    expect(mails).toHaveLength(2);
    expect(mails[1]!.textBody).toContain('Looking into it');
    expect(mails[1]!.textBody).toContain('is now In Process');
    for (const mail of mails) expect(`${mail.textBody}${mail.htmlBody}`).not.toContain('rude');
  });

  it('a retried job sends nothing twice', async () => {
    const ticket = await openTicket('retry@example.com');
    await reply(ticket.number, 'Only once');
    expect(await mailsTo('retry@example.com')).toHaveLength(2);
    const [event] = await test.runtime.db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.recordId, ticket.id), eq(events.action, 'ticket.message_added'), sql`${events.changes}->>'authorType' = 'staff'`));
    // The worker died after sending: the same job runs again, and again by hand.
    await test.runtime.db.update(jobs).set({ status: 'pending', runAt: test.clock.now() }).where(and(eq(jobs.name, ticketEventMailJob), sql`${jobs.payload}->>'eventId' = ${String(event!.id)}`));
    await drainJobs(test.runtime);
    expect(await sendMailForTicketEvent(test.runtime, event!.id)).toBe(0);
    expect(await mailsTo('retry@example.com')).toHaveLength(2);
  });

  it('two workers running the same event at once send one mail', async () => {
    const ticket = await openTicket('race@example.com');
    const response = await call('POST', `/tickets/${ticket.number}/messages`, { body: 'Raced', visibility: 'public' });
    expect(response.statusCode).toBe(201);
    const [event] = await test.runtime.db.select({ id: events.id }).from(events).where(and(eq(events.recordId, ticket.id), eq(events.action, 'ticket.message_added'), sql`${events.changes}->>'authorType' = 'staff'`));
    const results = await Promise.all([sendMailForTicketEvent(test.runtime, event!.id), sendMailForTicketEvent(test.runtime, event!.id)]);
    expect(results.sort()).toEqual([0, 1]);
    await drainJobs(test.runtime);
    expect(await mailsTo('race@example.com')).toHaveLength(2);
  });

  it('a disabled rule sends nothing, and a type filter limits a rule to its ticket types', async () => {
    const ticket = await openTicket('rules@example.com');
    const replyRule = ruleNamed('CRM - Reply to the customer');
    let updated = await call('PATCH', `/communication-rules/${replyRule.id}`, { version: replyRule.version, enabled: false });
    expect(updated.statusCode, updated.body).toBe(200);
    await reply(ticket.number, 'Nobody hears this');
    expect(await mailsTo('rules@example.com')).toHaveLength(1);

    const otherType = await call('POST', '/ticket-types', { name: 'Returns', statuses: ['New', 'In Process', 'Resolved', 'Completed', 'Cancelled'].map((name) => ({ statusId: statuses[name] })) });
    expect(otherType.statusCode, otherType.body).toBe(201);
    updated = await call('PATCH', `/communication-rules/${replyRule.id}`, { version: updated.json().version, enabled: true, ticketTypeIds: [otherType.json().id] });
    expect(updated.json()).toMatchObject({ enabled: true, ticketTypeIds: [otherType.json().id] });
    await reply(ticket.number, 'Still nobody: wrong type');
    expect(await mailsTo('rules@example.com')).toHaveLength(1);
    const returnTicket = await openTicket('returns@example.com', 'Broken on arrival', { typeId: otherType.json().id });
    await reply(returnTicket.number, 'Send it back');
    expect((await mailsTo('returns@example.com')).map((m) => m.subject)).toEqual([`[#${returnTicket.number}] We received your request: Broken on arrival`, `Re: [#${returnTicket.number}] Broken on arrival`]);

    updated = await call('PATCH', `/communication-rules/${replyRule.id}`, { version: updated.json().version, ticketTypeIds: [] });
    expect(updated.statusCode).toBe(200);
    rules = (await call('GET', '/communication-rules')).json().items;
  });

  it('never sends automatic mail to an address flagged as an auto-responder', async () => {
    await test.runtime.db.transaction((tx) => flagAutomatedAddress(tx, 'Robot@Example.com', 'auto_reply', test.clock.now()));
    const ticket = await openTicket('robot@example.com');
    await reply(ticket.number, 'Hello robot');
    expect(await mailsTo('robot@example.com')).toHaveLength(0);
  });

  it('rules are validated: a fixed address needs one, staff templates never go to customers, unknown types are named', async () => {
    const bad = [
      [{ name: 'x', event: 'ticket_created', templateKey: 'ticket_created_staff', recipient: 'fixed' }, 'fixedAddress'],
      [{ name: 'x', event: 'ticket_created', templateKey: 'ticket_created_staff', recipient: 'customer' }, 'templateKey'],
      [{ name: 'x', event: 'ticket_created', templateKey: 'ticket_reply', recipient: 'customer', ticketTypeIds: ['00000000-0000-4000-8000-000000000000'] }, 'ticketTypeIds.0'],
      [{ name: 'x', event: 'ticket_sent_to_mars', templateKey: 'ticket_reply', recipient: 'customer' }, 'event'],
    ] as const;
    for (const [body, field] of bad) {
      const response = await call('POST', '/communication-rules', body);
      expect(response.statusCode, response.body).toBe(400);
      expect((response.json().errors as { field: string }[]).map((e) => e.field.replace(/^body\./, ''))).toContain(field);
    }
    const created = await call('POST', '/communication-rules', { name: 'Copy new requests to the boss', event: 'ticket_created', templateKey: 'ticket_created_staff', recipient: 'fixed', fixedAddress: 'boss@shop.test' });
    expect(created.statusCode, created.body).toBe(201);
    const ticket = await openTicket('boss-copy@example.com', 'Where is my order');
    expect((await mailsTo('boss@shop.test')).map((m) => m.subject)).toEqual([`New request #${ticket.number}: Where is my order`]);
    expect((await call('DELETE', `/communication-rules/${created.json().id}`)).statusCode).toBe(204);
    await openTicket('boss-copy2@example.com');
    expect(await mailsTo('boss@shop.test')).toHaveLength(1);
  });
});

describe('accept links', () => {
  let ticketNumber: number;
  let link: string;

  beforeAll(async () => {
    const ticket = await openTicket('accept@example.com', 'Printer on fire');
    const responded = await call('POST', `/tickets/${ticket.number}/transitions`, { version: ticket.version, statusId: statuses['In Process'] });
    expect(responded.statusCode, responded.body).toBe(200);
    const resolved = await call('POST', `/tickets/${ticket.number}/transitions`, { version: responded.json().version, statusId: statuses['Resolved'], solutionCategoryId: needsConfirmation, message: { body: 'We replaced the <fuser>.' } });
    expect(resolved.json(), resolved.body).toMatchObject({ acceptance: 'awaiting' });
    await drainJobs(test.runtime);
    ticketNumber = ticket.number;
    const mails = await mailsTo('accept@example.com');
    // The bare status change sends nothing (its rule is off by default); asking for acceptance does.
    expect(mails.map((m) => m.subject)).toEqual([`[#${ticket.number}] We received your request: Printer on fire`, `[#${ticket.number}] Please confirm our solution: Printer on fire`]);
    link = /http:\/\/patron\.test(\/accept\/\S+)/.exec(mails[1]!.textBody)![1]!;
    expect(mails[1]!.textBody).toContain('We replaced the <fuser>.');
    expect(mails[1]!.htmlBody).toContain(`href="http://patron.test${link}"`);
  });

  async function acceptance() {
    return (await call('GET', `/tickets/${ticketNumber}`)).json().acceptance as string;
  }

  it('GET shows what will be accepted and changes nothing', async () => {
    const before = await test.runtime.db.select({ n: sql<number>`count(*)::int` }).from(events);
    for (let i = 0; i < 2; i += 1) {
      const page = await test.app.inject({ method: 'GET', url: link });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain(`Accept the solution for request #${ticketNumber}`);
      expect(page.body).toContain('Printer on fire');
      expect(page.body).toContain('We replaced the &lt;fuser&gt;.');
      expect(page.body).toContain(`<form method="post" action="${link}">`);
    }
    expect(await acceptance()).toBe('awaiting');
    expect(await test.runtime.db.select({ n: sql<number>`count(*)::int` }).from(events)).toEqual(before);
  });

  it('forged and unknown links are refused and accept nothing', async () => {
    const [number, eventId, expires, signature] = link.replace('/accept/', '').split('.');
    const forged = `/accept/${number}.${Number(eventId) + 1}.${expires}.${signature}`;
    for (const url of [forged, '/accept/not-a-token', `/accept/${number}.${eventId}.${Number(expires) + 1}.${signature}`]) {
      expect((await test.app.inject({ method: 'GET', url })).statusCode).toBe(404);
      const post = await test.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'comment=hi' });
      expect(post.statusCode).toBe(404);
      expect(post.body).toContain('not valid');
    }
    expect(await acceptance()).toBe('awaiting');
  });

  it('an expired link is refused', async () => {
    test.clock.advance(15 * 24 * 3600 * 1000);
    try {
      const page = await test.app.inject({ method: 'GET', url: link });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('expired');
      expect((await test.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })).statusCode).toBe(410);
    } finally {
      test.clock.advance(-15 * 24 * 3600 * 1000);
    }
    expect(await acceptance()).toBe('awaiting');
  });

  it('the POST from the page accepts as the customer, with the comment in the conversation; a second POST says it is done', async () => {
    const post = await test.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'comment=Works+now%2C+thanks' });
    expect(post.statusCode, post.body).toBe(200);
    expect(post.body).toContain('The solution is accepted');
    expect(await acceptance()).toBe('accepted');
    // Recorded the way the portal records it: the customer acted, not staff or the system.
    const history = (await call('GET', `/tickets/${ticketNumber}/history`)).json().items as { action: string; actorType: string; actorLabel: string; changes: Record<string, unknown> }[];
    const accepted = history.filter((e) => e.action === 'ticket.solution_accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ actorType: 'customer', actorLabel: 'customer:accept@example.com', changes: { recordedBy: 'customer' } });
    const messages = (await call('GET', `/tickets/${ticketNumber}/messages`)).json().items as { body: string; visibility: string; authorType: string; authorName: string }[];
    expect(messages.filter((m) => m.body.includes('Works now, thanks'))).toEqual([expect.objectContaining({ body: 'Works now, thanks', visibility: 'public', authorType: 'customer', authorName: 'Sam Harris' })]);
    const ticket = (await call('GET', `/tickets/${ticketNumber}`)).json() as { lastActionBy: string };
    expect(ticket.lastActionBy).toBe('customer');
    const again = await test.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('data-state="accepted"');
  });
});

describe('templates', () => {
  it('lists every template with its tags, and previews unsaved text with sample data', async () => {
    const list = await call('GET', '/mail-templates');
    expect(list.statusCode).toBe(200);
    const keys = (list.json().items as { key: string }[]).map((t) => t.key);
    expect(keys).toEqual(['ticket_received_customer', 'ticket_created_staff', 'ticket_reply', 'ticket_status_changed', 'ticket_awaiting_acceptance', 'ticket_completed', 'password_reset', 'portal_invitation']);
    const reply = await call('GET', '/mail-templates/ticket_reply');
    expect(reply.json().name).toBe('CRM - Reply');
    expect((reply.json().tags as { tag: string }[]).map((t) => t.tag)).toContain('message.body');
    const preview = await call('POST', '/mail-templates/ticket_reply/preview', { subject: 'Hi {{customer.first_name}} {{nope}}', htmlBody: '<p>{{message.body}}</p>' });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ subject: 'Hi Sam', html: '<p>I am very sorry this happened. I am sending you a $10.00 gift certificate.</p>', errors: [{ field: 'subject', message: expect.stringContaining('{{nope}}') }] });
    expect(preview.json().text).toContain('Hello Sam');
  });

  it('refuses unknown tags naming the field, saves known ones, and mail uses the saved text', async () => {
    const current = (await call('GET', '/mail-templates/ticket_reply')).json();
    const bad = await call('PATCH', '/mail-templates/ticket_reply', { version: current.version, subject: 'Re: {{ticket.number}}', htmlBody: '<p>{{accept.link}}</p>', textBody: '{{message.body}}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'htmlBody', message: expect.stringContaining('unknown tag {{accept.link}}') }]);
    const saved = await call('PATCH', '/mail-templates/ticket_reply', { version: current.version, subject: 'Answer to #{{ticket.number}}', htmlBody: '<p>{{message.body}}</p>', textBody: '{{message.body}}' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe(`W/"${current.version + 1}"`);
    const stale = await call('PATCH', '/mail-templates/ticket_reply', { version: current.version, subject: 'x', htmlBody: '', textBody: '' });
    expect(stale.statusCode).toBe(412);
    const ticket = await openTicket('template@example.com');
    await reply(ticket.number, 'New wording');
    expect((await mailsTo('template@example.com'))[1]).toMatchObject({ subject: `Answer to #${ticket.number}`, textBody: 'New wording' });
    await call('PATCH', '/mail-templates/ticket_reply', { version: current.version + 1, subject: current.subject, htmlBody: current.htmlBody, textBody: current.textBody });
  });

  it('needs the communications rights', async () => {
    const agent = await signIn(test, { rightKeys: ['care.tickets.read'] });
    expect((await call('GET', '/mail-templates', undefined, agent)).statusCode).toBe(403);
    expect((await call('POST', '/emails', { templateKey: 'ticket_reply', ticketNumber: 1 }, agent)).statusCode).toBe(403);
    const reader = await signIn(test, { rightKeys: ['communications.settings.read'] });
    expect((await call('GET', '/communication-rules', undefined, reader)).statusCode).toBe(200);
    expect((await call('PATCH', '/mail-templates/ticket_reply', { version: 1, subject: 'x', htmlBody: '', textBody: '' }, reader)).statusCode).toBe(403);
  });
});

describe('sendEmail', () => {
  it('emails the customer of a ticket with a template, on the ticket thread, by hand (not auto-submitted)', async () => {
    const ticket = await openTicket('oneoff@example.com', 'Gift card');
    const sent = await call('POST', '/emails', { templateKey: 'ticket_status_changed', ticketNumber: ticket.number, message: 'unused' });
    expect(sent.statusCode, sent.body).toBe(201);
    const mails = await mailsTo('oneoff@example.com');
    expect(mails.map((m) => m.subject)).toEqual([`[#${ticket.number}] We received your request: Gift card`, `[#${ticket.number}] Your request is now New`]);
    expect(mails[1]!.headers['Auto-Submitted']).toBeUndefined();
    expect(mails[1]!.headers['In-Reply-To']).toBe(mails[0]!.headers['Message-ID']);
    expect(sent.json()).toMatchObject({ to: 'oneoff@example.com', messageId: mails[1]!.headers['Message-ID'] });
    const [link] = await test.runtime.db.select().from(ticketMails).where(eq(ticketMails.mailId, sent.json().mailId));
    expect(link).toMatchObject({ recipientKind: 'customer', sentByUserId: admin.userId, deliveryKey: null });
  });

  it('emails a contact, and refuses what does not fit', async () => {
    const contact = await call('POST', '/contacts', { firstName: 'Dana', lastName: 'Lee', email: 'dana@example.com' });
    expect(contact.statusCode, contact.body).toBe(201);
    const sent = await call('POST', '/emails', { templateKey: 'ticket_reply', contactId: contact.json().id, message: 'Your order <shipped>' });
    expect(sent.statusCode, sent.body).toBe(201);
    const [mail] = await mailsTo('dana@example.com');
    expect(mail!.textBody).toContain('Hello Dana');
    expect(mail!.htmlBody).toContain('Your order &lt;shipped&gt;');
    const refusals = [
      [{ templateKey: 'ticket_created_staff', contactId: contact.json().id }, 'templateKey'],
      [{ templateKey: 'password_reset', contactId: contact.json().id }, 'templateKey'],
      [{ templateKey: 'ticket_reply' }, 'ticketNumber'],
      [{ templateKey: 'ticket_reply', ticketNumber: 999999 }, 'ticketNumber'],
      [{ templateKey: 'ticket_awaiting_acceptance', ticketNumber: (await openTicket('no-accept@example.com')).number }, 'templateKey'],
    ] as const;
    for (const [body, field] of refusals) {
      const response = await call('POST', '/emails', body);
      expect(response.statusCode, response.body).toBe(400);
      expect((response.json().errors as { field: string }[])[0]!.field).toBe(field);
    }
    const unsent = await test.runtime.db.select().from(outgoingMails).where(inArray(outgoingMails.toAddress, ['no-accept@example.com']));
    expect(unsent).toHaveLength(1);
  });

  it('other modules queue template mail in their own transaction: about a ticket (threaded) or not', async () => {
    const ticket = await openTicket('helper@example.com', 'Helper');
    const now = test.clock.now();
    const about = await test.runtime.db.transaction((tx) => queueTicketTemplateMail(tx, test.runtime.config, { ticketId: ticket.id, templateKey: 'ticket_received_customer' }, now));
    const [first, second] = await mailsTo('helper@example.com');
    expect(second!.id).toBe(about!.mailId);
    expect(second!.headers['In-Reply-To']).toBe(first!.headers['Message-ID']);
    const reset = await test.runtime.db.transaction((tx) =>
      queueTemplateMail(tx, test.runtime.config, { templateKey: 'password_reset', to: 'portal-user@example.com', values: { 'customer.first_name': 'Pat', 'reset.link': 'https://shop.test/portal/reset?token=<x>' } }, now),
    );
    const [mail] = await mailsTo('portal-user@example.com');
    expect(mail).toMatchObject({ id: reset.mailId, subject: 'Reset your password' });
    expect(mail!.htmlBody).toContain('href="https://shop.test/portal/reset?token=&lt;x&gt;"');
    expect(mail!.textBody).toContain('Hello Pat');
  });
});
