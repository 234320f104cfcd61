import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { queryRows } from '../../platform/db/client.js';
import { events } from '../../platform/events/events.tables.js';
import { drainJobs } from '../../platform/jobs/worker.js';
import { outgoingMails } from '../../platform/mail/mail.tables.js';
import { webFormSubmissions } from './web-forms.tables.js';

let test: TestApp;
let admin: SignedIn;
let departments: Record<string, string>;
let categories: Record<string, string>;
let defaultTypeId: string;

const staff = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: SignedIn = admin) =>
  test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });

let addressCounter = 0;
/** Each submission gets its own sender address unless a test means to share one (the per-address limit). */
const nextAddress = () => `10.20.${Math.floor(++addressCounter / 250)}.${addressCounter % 250}`;

const submit = (slug: string, values: Record<string, unknown>, extra: object = {}, remoteAddress = nextAddress()) =>
  test.app.inject({ method: 'POST', url: `/api/public/v1/forms/${slug}/submissions`, payload: { values, ...extra }, remoteAddress });

let emailCounter = 0;
const nextEmail = (name = 'sender') => `${name}${++emailCounter}-${Date.now()}@example.com`;

/** A form with contact fields, a custom field of each interesting type and questions of its own. */
function formBody(slug: string, extra: object = {}) {
  return {
    name: 'Contact us',
    slug,
    description: 'We answer within a day.',
    fields: [
      { kind: 'contact', key: 'first_name', label: 'First name', required: true },
      { kind: 'contact', key: 'last_name', label: 'Last name' },
      { kind: 'contact', key: 'email', label: 'Email', required: true, helpText: 'We reply to this address' },
      { kind: 'contact', key: 'phone', label: 'Phone' },
      { kind: 'contact', key: 'company', label: 'Company' },
      { kind: 'contact', key: 'city', label: 'City' },
      { kind: 'contact', key: 'country', label: 'Country' },
      { kind: 'custom', key: 'tier', label: 'Customer tier' },
      { kind: 'custom', key: 'birthday', label: 'Birthday' },
      { kind: 'custom', key: 'newsletter', label: 'Send me the newsletter' },
      { kind: 'form', key: 'order_number', label: 'Order number', type: 'number', required: true },
      { kind: 'form', key: 'topic', label: 'Topic', type: 'text' },
      { kind: 'form', key: 'message', label: 'Message', type: 'textarea', required: true },
    ],
    departmentId: departments['Customer Support'],
    categoryId: categories['Problem'],
    subjectFieldKey: 'topic',
    thankYouMessage: 'Thanks, we are on it.',
    ...extra,
  };
}

async function createForm(slug: string, extra: object = {}) {
  const response = await staff('POST', '/web-forms', formBody(slug, extra));
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; slug: string; version: number; publicUrl: string; embedCode: string; submissionCount: number };
}

const goodValues = (email: string) => ({
  first_name: 'Ana',
  last_name: 'Lima',
  email,
  phone: '+49 30 1234567',
  company: 'Lima GmbH',
  city: 'Berlin',
  country: 'de',
  tier: 'gold',
  birthday: '1990-04-01',
  newsletter: true,
  order_number: '1042',
  topic: 'Parcel arrived damaged',
  message: 'The box was crushed.\nTwo cups are broken.',
});

async function count(table: string, where = sql``): Promise<number> {
  const [row] = await queryRows<{ n: number }>(test.runtime.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} ${where}`);
  return Number(row!.n);
}

/** Everything a submission writes, to prove a refused one wrote nothing anywhere. */
async function writtenCounts() {
  return {
    contacts: await count('contacts'),
    contactEmails: await count('contact_emails'),
    tickets: await count('tickets'),
    messages: await count('ticket_messages'),
    submissions: await count('web_form_submissions'),
    events: await count('events'),
    jobs: await count('jobs'),
    mails: await count('outgoing_mails'),
  };
}

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test);
  departments = Object.fromEntries(((await staff('GET', '/departments')).json().items as { id: string; name: string }[]).map((d) => [d.name, d.id]));
  categories = Object.fromEntries(((await staff('GET', '/ticket-categories')).json().items as { id: string; name: string }[]).map((c) => [c.name, c.id]));
  defaultTypeId = ((await staff('GET', '/ticket-types')).json().items as { id: string; isDefault: boolean }[]).find((type) => type.isDefault)!.id;
  for (const field of [
    { recordKind: 'contact', key: 'tier', label: 'Tier', type: 'choice', options: ['gold', 'silver'] },
    { recordKind: 'contact', key: 'birthday', label: 'Birthday', type: 'date' },
    { recordKind: 'contact', key: 'newsletter', label: 'Newsletter', type: 'boolean' },
    // Required on contacts: staff must fill it, a form that does not ask for it still creates contacts.
    { recordKind: 'contact', key: 'account_manager', label: 'Account manager', type: 'text', required: true },
  ]) {
    const created = await staff('POST', '/custom-fields', field);
    expect(created.statusCode, created.body).toBe(201);
  }
});
afterAll(async () => {
  await test?.close();
});

describe('building forms', () => {
  it('creates, lists, reads and updates a form, with its public address, embed code and events', async () => {
    const form = await createForm('contact-us');
    expect(form.publicUrl).toBe('http://patron.test/forms/contact-us');
    expect(form.embedCode).toContain('<iframe src="http://patron.test/forms/contact-us?embed=1" title="Contact us"');

    const listed = (await staff('GET', '/web-forms')).json() as { items: { id: string; submissionCount: number }[] };
    expect(listed.items.find((item) => item.id === form.id)?.submissionCount).toBe(0);

    const read = await staff('GET', `/web-forms/${form.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('W/"1"');
    expect(read.json().fields[10]).toEqual({ kind: 'form', key: 'order_number', label: 'Order number', required: true, helpText: '', type: 'number', options: [] });

    const updated = await staff('PATCH', `/web-forms/${form.id}`, { version: 1, name: 'Contact our team', redirectUrl: 'https://shop.example/thanks' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Contact our team', redirectUrl: 'https://shop.example/thanks', version: 2 });
    expect((await staff('PATCH', `/web-forms/${form.id}`, { version: 1, name: 'Stale' })).statusCode).toBe(412);

    const history = await test.runtime.db.select().from(events).where(eq(events.recordId, form.id)).orderBy(events.id);
    expect(history.map((event) => event.action)).toEqual(['web_form.created', 'web_form.updated']);
    expect(history[1]!.changes).toEqual({ name: { from: 'Contact us', to: 'Contact our team' }, redirectUrl: { from: null, to: 'https://shop.example/thanks' } });
  });

  it('names each bad field and writes nothing', async () => {
    const before = await count('web_forms');
    const expectFields = async (body: object, fields: string[], status = 400) => {
      const response = await staff('POST', '/web-forms', body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect((response.json().errors as { field: string }[]).map((error) => error.field)).toEqual(fields);
    };
    const good = formBody('checked-form');
    const without = (key: string) => good.fields.filter((field) => field.key !== key);
    await expectFields({ ...good, fields: without('email') }, ['fields']);
    await expectFields({ ...good, fields: good.fields.map((field) => (field.key === 'email' ? { ...field, required: false } : field)) }, ['fields.2.required']);
    await expectFields(
      {
        ...good,
        fields: [
          ...good.fields,
          { kind: 'form', key: 'topic', label: 'Again', type: 'text' },
          { kind: 'custom', key: 'no_such_field', label: 'Unknown' },
          { kind: 'form', key: 'size', label: 'Size', type: 'choice' },
          { kind: 'form', key: 'note', label: 'Note', type: 'text', options: ['a'] },
        ],
        subjectFieldKey: 'nothing_here',
      },
      ['fields.13.key', 'fields.14.key', 'fields.15.options', 'fields.16.options', 'subjectFieldKey'],
    );
    await expectFields({ ...good, redirectUrl: 'javascript:alert(1)' }, ['body.redirectUrl']);
    await expectFields({ ...good, redirectUrl: 'ftp://files.example/x' }, ['body.redirectUrl']);
    await expectFields({ ...good, slug: 'Not a slug!' }, ['body.slug']);
    await expectFields({ ...good, fields: [{ kind: 'contact', key: 'favourite_colour', label: 'Colour' }] }, ['body.fields.0.key']);
    await expectFields({ ...good, departmentId: '00000000-0000-4000-8000-000000000000' }, ['departmentId']);
    await expectFields({ ...good, typeId: '00000000-0000-4000-8000-000000000000' }, ['typeId']);
    await expectFields({ ...good, categoryId: categories['Answer'] }, ['categoryId']);
    await createForm('taken-slug');
    await expectFields({ ...good, slug: 'taken-slug' }, ['slug'], 409);
    expect(await count('web_forms')).toBe(before + 1);
  });

  it('is for staff with the web form rights only', async () => {
    const nobody = await signIn(test, { rightKeys: ['care.tickets.work'] });
    const reader = await signIn(test, { rightKeys: ['web_forms.forms.read'] });
    expect((await staff('GET', '/web-forms', undefined, nobody)).statusCode).toBe(403);
    expect((await staff('POST', '/web-forms', formBody('nobody-form'), nobody)).statusCode).toBe(403);
    expect((await staff('GET', '/web-forms', undefined, reader)).statusCode).toBe(200);
    const refused = await staff('POST', '/web-forms', formBody('reader-form'), reader);
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await test.app.inject({ url: '/api/v1/web-forms' })).statusCode).toBe(401);
    expect(await count('web_forms', sql`WHERE slug IN ('nobody-form', 'reader-form')`)).toBe(0);
  });

  it('deletes a form nobody sent, and refuses one with submissions (switch it off instead)', async () => {
    const unused = await createForm('unused-form');
    expect((await staff('DELETE', `/web-forms/${unused.id}`)).statusCode).toBe(204);
    expect((await staff('GET', `/web-forms/${unused.id}`)).statusCode).toBe(404);

    const used = await createForm('used-form');
    expect((await submit('used-form', goodValues(nextEmail()))).statusCode).toBe(201);
    const refused = await staff('DELETE', `/web-forms/${used.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('switch it off instead');
    expect((await staff('PATCH', `/web-forms/${used.id}`, { version: used.version, enabled: false })).statusCode).toBe(200);
  });
});

describe('a submission', () => {
  it('creates the contact and a case holding every answer, in one go with its events', async () => {
    const form = await createForm('new-contact-form');
    const email = nextEmail('ana');
    const response = await submit('new-contact-form', goodValues(email));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ received: true, message: 'Thanks, we are on it.', redirectUrl: null });

    const [submission] = await test.runtime.db.select().from(webFormSubmissions).where(eq(webFormSubmissions.formId, form.id));
    expect(submission!.contactCreated).toBe(true);
    expect(submission!.values).toEqual({ ...goodValues(email), country: 'DE', order_number: 1042 });
    expect(submission!.labels.order_number).toBe('Order number');

    const contact = (await staff('GET', `/contacts/${submission!.contactId}`)).json();
    expect(contact).toMatchObject({ firstName: 'Ana', lastName: 'Lima', email, phone: '+49 30 1234567', companyName: 'Lima GmbH', source: 'web_form', customFields: { tier: 'gold', birthday: '1990-04-01', newsletter: true } });
    expect(contact.addresses).toEqual([{ kind: 'other', isDefault: true, line1: '', line2: '', city: 'Berlin', region: '', postalCode: '', country: 'DE' }]);

    const [ticketRow] = await queryRows<{ number: number }>(test.runtime.db, sql`SELECT number FROM tickets WHERE id = ${submission!.ticketId}`);
    const ticket = (await staff('GET', `/tickets/${ticketRow!.number}`)).json();
    expect(ticket).toMatchObject({ subject: 'Parcel arrived damaged', channel: 'web_form', openedBy: 'customer', departmentId: departments['Customer Support'], categoryId: categories['Problem'], typeId: defaultTypeId });
    expect(ticket.contact).toMatchObject({ contactId: contact.id, name: 'Ana Lima', email });
    const messages = (await staff('GET', `/tickets/${ticketRow!.number}/messages`)).json().items as { body: string; visibility: string; authorType: string }[];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ visibility: 'public', authorType: 'customer' });
    for (const line of ['First name: Ana', 'Last name: Lima', `Email: ${email}`, 'Phone: +49 30 1234567', 'Company: Lima GmbH', 'City: Berlin', 'Country: DE', 'Customer tier: gold', 'Birthday: 1990-04-01', 'Send me the newsletter: Yes', 'Order number: 1042', 'Topic: Parcel arrived damaged', 'Message:\nThe box was crushed.\nTwo cups are broken.']) {
      expect(messages[0]!.body).toContain(line);
    }

    // One request, one transaction: the contact, the case, its message and the submission, each with its event.
    const written = await test.runtime.db.select().from(events).where(sql`${events.recordId} IN (${contact.id}, ${ticket.id}, ${submission!.id})`);
    expect(written.map((event) => event.action).sort()).toEqual(['contact.created', 'ticket.created', 'ticket.message_added', 'web_form_submission.received']);
    expect(new Set(written.map((event) => event.requestId)).size).toBe(1);
    expect(written.every((event) => event.actorLabel === 'system:web-form:new-contact-form')).toBe(true);
    expect((await staff('GET', `/web-forms/${form.id}`)).json()).toMatchObject({ submissionCount: 1 });
    const listed = (await staff('GET', `/web-forms/${form.id}/submissions`)).json();
    expect(listed.items[0]).toMatchObject({ ticketNumber: ticketRow!.number, contactId: contact.id, contactCreated: true });
  });

  it('finds a known contact by any of its emails and fills only what it is missing', async () => {
    await createForm('known-contact-form');
    const work = nextEmail('work');
    const home = nextEmail('home');
    const created = await staff('POST', '/contacts', {
      firstName: 'Bea',
      lastName: 'Known',
      emails: [
        { email: work, isDefault: true },
        { email: home, label: 'home' },
      ],
      customFields: { tier: 'silver', account_manager: 'Jo' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const contactId = created.json().id as string;

    const response = await submit('known-contact-form', { ...goodValues(home), first_name: 'Beatrice', tier: 'gold' });
    expect(response.statusCode, response.body).toBe(201);
    expect(await count('contact_emails', sql`WHERE lower(email) = ${home.toLowerCase()}`)).toBe(1);
    expect(await count('contacts', sql`WHERE lower(email) = ${work.toLowerCase()} OR lower(email) = ${home.toLowerCase()}`)).toBe(1);

    const contact = (await staff('GET', `/contacts/${contactId}`)).json();
    // Kept: the name and tier on record. Filled: what was missing.
    expect(contact).toMatchObject({ firstName: 'Bea', lastName: 'Known', email: work, phone: '+49 30 1234567', companyName: 'Lima GmbH', source: 'staff' });
    expect(contact.customFields).toEqual({ tier: 'silver', account_manager: 'Jo', birthday: '1990-04-01', newsletter: true });
    expect(contact.addresses).toHaveLength(1);

    const [submission] = await test.runtime.db.select().from(webFormSubmissions).where(eq(webFormSubmissions.contactId, contactId));
    expect(submission!.contactCreated).toBe(false);
    // What the sender typed stays on the case and the submission.
    expect(submission!.values).toMatchObject({ first_name: 'Beatrice', tier: 'gold' });
    const contactEvents = await test.runtime.db.select().from(events).where(eq(events.recordId, contactId)).orderBy(events.id);
    expect(contactEvents.map((event) => event.action)).toEqual(['contact.created', 'contact.updated']);

    // A second submission has nothing left to fill: no change, no event.
    expect((await submit('known-contact-form', goodValues(home))).statusCode).toBe(201);
    expect((await test.runtime.db.select().from(events).where(eq(events.recordId, contactId))).length).toBe(2);
  });

  it('gives two first submissions from one new address at once one contact', async () => {
    await createForm('race-form');
    const email = nextEmail('race');
    const responses = await Promise.all([submit('race-form', goodValues(email)), submit('race-form', { ...goodValues(email), topic: 'Second one' })]);
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201]);
    const owners = await queryRows<{ contact_id: string }>(test.runtime.db, sql`SELECT contact_id FROM contact_emails WHERE lower(email) = ${email.toLowerCase()}`);
    expect(owners).toHaveLength(1);
    const cases = await queryRows<{ contact_id: string }>(test.runtime.db, sql`SELECT contact_id FROM tickets WHERE contact_email = ${email}`);
    expect(cases.map((row) => row.contact_id)).toEqual([owners[0]!.contact_id, owners[0]!.contact_id]);
  });

  it('answers bad and missing values per field, and stores nothing', async () => {
    await createForm('checked-values-form');
    const before = await writtenCounts();
    const response = await submit('checked-values-form', { ...goodValues('not-an-email'), first_name: '', tier: 'bronze', birthday: '1990-02-30', newsletter: 'maybe', order_number: 'A-17', message: '   ', phone: 'none', unknown_key: 'x' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const errors = Object.fromEntries((response.json().errors as { field: string; message: string }[]).map((error) => [error.field, error.message]));
    expect(errors).toEqual({
      'values.unknown_key': 'is not a field of this form',
      'values.first_name': 'is required',
      'values.email': expect.any(String),
      'values.phone': 'must contain digits',
      'values.tier': 'must be one of: gold, silver',
      'values.birthday': 'must be a date like 2026-01-31',
      'values.newsletter': 'must be true or false',
      'values.order_number': 'must be a number',
      'values.message': 'is required',
    });
    expect(await writtenCounts()).toEqual(before);
  });

  it('leaves nothing half-written when a step fails after the contact and the case', async () => {
    await createForm('failing-form');
    const known = nextEmail('known');
    const contactId = (await staff('POST', '/contacts', { firstName: 'Cy', email: known, customFields: { account_manager: 'Jo' } })).json().id as string;
    // A database that refuses the last write of the transaction: the submission row.
    await test.runtime.db.execute(sql.raw(`CREATE FUNCTION refuse_submission() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`));
    await test.runtime.db.execute(sql.raw(`CREATE TRIGGER refuse_submission BEFORE INSERT ON web_form_submissions FOR EACH ROW EXECUTE FUNCTION refuse_submission()`));
    try {
      const before = await writtenCounts();
      const newSender = await submit('failing-form', goodValues(nextEmail('new')));
      expect(newSender.statusCode).toBe(500);
      const knownSender = await submit('failing-form', goodValues(known));
      expect(knownSender.statusCode).toBe(500);
      expect(await writtenCounts()).toEqual(before);
      // The known contact's missing phone was filled in the failed transaction, and rolled back with it.
      expect((await staff('GET', `/contacts/${contactId}`)).json()).toMatchObject({ phone: null, version: 1 });
    } finally {
      await test.runtime.db.execute(sql.raw(`DROP TRIGGER refuse_submission ON web_form_submissions`));
      await test.runtime.db.execute(sql.raw(`DROP FUNCTION refuse_submission()`));
    }
    expect((await submit('failing-form', goodValues(known))).statusCode).toBe(201);
  });

  it('mails the sender the "we received your request" template, with their answers, once', async () => {
    await createForm('confirmed-form');
    const email = nextEmail('confirm');
    expect((await submit('confirmed-form', goodValues(email))).statusCode).toBe(201);
    await drainJobs(test.runtime);
    const mails = await test.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.toAddress, email));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^\[#\d+\] We received your request: Parcel arrived damaged$/);
    expect(mails[0]!.textBody).toContain('Hello Ana');
    expect(mails[0]!.textBody).toContain('Order number: 1042');
  });
});

describe('keeping bots out', () => {
  it('drops a submission with a filled honeypot as if it had succeeded', async () => {
    await createForm('honeypot-form');
    const before = await writtenCounts();
    const response = await submit('honeypot-form', goodValues(nextEmail()), { website: 'http://spam.example' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ received: true, message: 'Thanks, we are on it.', redirectUrl: null });
    expect(await writtenCounts()).toEqual(before);
  });

  it('limits submissions per address (429 with Retry-After) and per email', async () => {
    await createForm('limited-form');
    const address = '10.99.0.1';
    for (let attempt = 0; attempt < 20; attempt += 1) expect((await submit('limited-form', {}, {}, address)).statusCode).toBe(400);
    const limited = await submit('limited-form', goodValues(nextEmail()), {}, address);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await submit('limited-form', goodValues(nextEmail()), {}, '10.99.0.2')).statusCode).toBe(201);

    const victim = nextEmail('victim');
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await submit('limited-form', goodValues(victim))).statusCode).toBe(201);
    expect((await submit('limited-form', goodValues(victim))).statusCode).toBe(429);
    test.clock.advance(3_600_000);
    expect((await submit('limited-form', goodValues(victim))).statusCode).toBe(201);
  });

  it('refuses a form sent sooner than a person could fill it, or with a token of another form', async () => {
    await createForm('timed-form');
    const page = await test.app.inject({ url: '/forms/timed-form', remoteAddress: nextAddress() });
    const startToken = /name="startToken" value="([^"]+)"/.exec(page.body)![1]!;
    const tooSoon = await submit('timed-form', goodValues(nextEmail()), { startToken });
    expect(tooSoon.statusCode).toBe(400);
    expect(tooSoon.json().errors).toEqual([{ field: 'startToken', message: expect.stringContaining('sooner than a person') }]);
    const forged = await submit('timed-form', goodValues(nextEmail()), { startToken: `${Date.now() - 60_000}.${'x'.repeat(32)}` });
    expect(forged.json().errors[0].field).toBe('startToken');
    test.clock.advance(5_000);
    expect((await submit('timed-form', goodValues(nextEmail()), { startToken })).statusCode).toBe(201);
  });

  it('answers 404 for a closed or unknown form (410 and 404 pages in the browser)', async () => {
    const form = await createForm('closed-form');
    await staff('PATCH', `/web-forms/${form.id}`, { version: form.version, enabled: false });
    const before = await writtenCounts();
    const closed = await submit('closed-form', goodValues(nextEmail()));
    expect(closed.statusCode).toBe(404);
    expect(closed.json().detail).toContain('closed');
    expect((await submit('no-such-form', goodValues(nextEmail()))).statusCode).toBe(404);
    expect((await test.app.inject({ url: '/forms/closed-form' })).statusCode).toBe(410);
    expect((await test.app.inject({ url: '/forms/no-such-form' })).statusCode).toBe(404);
    expect(await writtenCounts()).toEqual(before);
  });
});

describe('the public page', () => {
  it('is accessible HTML that other sites may frame, and loads nothing from elsewhere', async () => {
    await createForm('page-form');
    const page = await test.app.inject({ url: '/forms/page-form?embed=1' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.body).toContain('<body class="embed">');
    expect(page.body).toContain('<label for="field-email">Email');
    expect(page.body).toContain('<p class="help" id="field-email-help">We reply to this address</p>');
    expect(page.body).toMatch(/<input type="email" id="field-email" name="values.email" required aria-required="true" aria-describedby="field-email-help" autocomplete="email"/);
    expect(page.body).toContain('<select id="field-tier" name="values.tier"><option value="">Choose…</option><option value="gold">gold</option>');
    expect(page.body).toContain('action="/forms/page-form?embed=1"');
    // Staff pages stay unframable.
    expect((await test.app.inject({ url: '/api/v1/web-forms', headers: admin.headers })).headers['x-frame-options']).toBe('DENY');
  });

  it('posts without JavaScript: errors next to their fields with the answers kept, then the thank-you or the redirect', async () => {
    await createForm('html-form');
    const page = await test.app.inject({ url: '/forms/html-form', remoteAddress: nextAddress() });
    const startToken = /name="startToken" value="([^"]+)"/.exec(page.body)![1]!;
    test.clock.advance(10_000);
    const email = nextEmail('html');
    const form = (values: Record<string, string>) =>
      new URLSearchParams({ ...Object.fromEntries(Object.entries(values).map(([key, value]) => [`values.${key}`, value])), website: '', startToken }).toString();
    const fields = { first_name: 'Dee <b>', email, order_number: 'twelve', message: 'Hello', newsletter: 'true' };
    const bad = await test.app.inject({ method: 'POST', url: '/forms/html-form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form(fields), remoteAddress: nextAddress() });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('text/html');
    expect(bad.body).toContain('<title>Error: Contact us</title>');
    expect(bad.body).toContain('<a href="#field-order_number">Order number: must be a number</a>');
    expect(bad.body).toContain('<p class="error" id="field-order_number-error">must be a number</p>');
    expect(bad.body).toMatch(/id="field-order_number" name="values.order_number" required aria-required="true" aria-describedby="field-order_number-error" aria-invalid="true" value="twelve"/);
    expect(bad.body).toContain('value="Dee &lt;b&gt;"');
    expect(bad.body).toContain(`name="startToken" value="${startToken}"`);
    expect(bad.body).toMatch(/id="field-newsletter" name="values.newsletter" value="true" checked/);

    const good = await test.app.inject({ method: 'POST', url: '/forms/html-form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ ...fields, order_number: '12' }), remoteAddress: nextAddress() });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.body).toContain('Thanks, we are on it.');

    await createForm('redirect-form', { redirectUrl: 'https://shop.example/thanks' });
    const redirectPage = await test.app.inject({ url: '/forms/redirect-form' });
    expect(redirectPage.headers['content-security-policy']).toContain("form-action 'self' https://shop.example");
    const redirected = await test.app.inject({ method: 'POST', url: '/forms/redirect-form', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form({ ...fields, email: nextEmail(), order_number: '12' }).replace(/startToken=[^&]*/, ''), remoteAddress: nextAddress() });
    expect(redirected.statusCode).toBe(303);
    expect(redirected.headers.location).toBe('https://shop.example/thanks');
  });
});
