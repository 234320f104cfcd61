import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { mailFixture } from '../../../test/mail-fixtures.js';
import { events } from '../../platform/events/events.tables.js';
import { drainJobs } from '../../platform/jobs/worker.js';
import { outgoingMails } from '../../platform/mail/mail.tables.js';
import { queryRows } from '../../platform/db/client.js';
import { contacts } from '../customers/customers.tables.js';
import { ticketMails } from '../communications/communications.tables.js';
import { isAutomatedAddress } from '../communications/mail-suppressions.js';
import { ingestMail, type IngestOutcome } from './ingest.service.js';
import { inboundMails } from './mail-in.tables.js';

let test: TestApp;
let admin: SignedIn;
let supportId: string;

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, who: SignedIn = admin) => test.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, payload });

async function ingest(raw: Buffer, recipients = ['support@shop.test']): Promise<IngestOutcome> {
  const outcome = await ingestMail(test.runtime, { raw, recipients, envelopeFrom: 'sender@example.test' });
  await drainJobs(test.runtime);
  return outcome;
}

function stored(outcome: IngestOutcome) {
  if (outcome.status !== 'stored') throw new Error(`expected stored, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function messages(number: number) {
  const response = await call('GET', `/tickets/${number}/messages`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as { id: string; body: string; authorType: string; visibility: string; attachments: { id: string; filename: string; contentType: string }[] }[];
}

async function ticket(number: number) {
  return (await call('GET', `/tickets/${number}`)).json() as { number: number; lastActionBy: string; state: string; channel: string; departmentId: string | null; contact: { contactId: string; email: string } };
}

/** The latest mail Patron sent to an address: its Message-ID and signed Reply-To. */
async function lastMailTo(address: string) {
  const rows = await test.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.toAddress, address));
  const last = rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).at(-1)!;
  return { messageId: last.headers['Message-ID']!, replyTo: last.headers['Reply-To']! };
}

beforeAll(async () => {
  test = await createTestApp({ config: { MAIL_FROM: 'Shop Support <support@shop.test>', SIGNING_SECRET: 'email-in-test-secret-of-at-least-32-chars' } });
  admin = await signIn(test);
  const support = ((await call('GET', '/departments')).json().items as { id: string; name: string; version: number }[]).find((d) => d.name === 'Customer Support')!;
  supportId = support.id;
  expect((await call('PATCH', `/departments/${supportId}`, { version: support.version, email: 'support@shop.test' })).statusCode).toBe(200);
});
afterAll(async () => {
  await test?.close();
});

describe('a new mail from an unknown sender (Gmail)', () => {
  let number: number;
  it('opens a ticket in the department that owns the address, with a contact marked as from email', async () => {
    const outcome = stored(await ingest(mailFixture('gmail-new-request.eml')));
    expect(outcome).toMatchObject({ signal: 'new_ticket', newTicket: true });
    number = outcome.ticketNumber!;
    const opened = await ticket(number);
    expect(opened).toMatchObject({ channel: 'email', departmentId: supportId, lastActionBy: 'customer', state: 'pending' });
    const [contact] = await test.runtime.db.select().from(contacts).where(eq(contacts.id, opened.contact.contactId));
    expect(contact).toMatchObject({ firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@gmail.test', source: 'email' });
    const [message] = await messages(number);
    expect(message).toMatchObject({ authorType: 'customer', visibility: 'public' });
    expect(message!.body).toContain('The vase in order #5512 arrived broken.');
    // The customer hears that the request arrived (communications' rule), threaded and signed.
    const sent = await lastMailTo('jane.doe@gmail.test');
    expect(sent.replyTo).toMatch(/^support\+t\d+\.[0-9a-f]{16}@shop\.test$/);
  });

  it('keeps the raw message as a download and the sanitised HTML', async () => {
    const listed = await call('GET', `/tickets/${number}/inbound-mails`);
    expect(listed.statusCode, listed.body).toBe(200);
    const [mail] = listed.json().items;
    expect(mail).toMatchObject({ threadSignal: 'new_ticket', fromAddress: 'jane.doe@gmail.test', messageId: 'CAJx3kT9vQ1=m8pZ0wq7Lr+GmailNew001@mail.gmail.com' });
    expect(mail.html).toContain('<b>broken</b>');
    const raw = await call('GET', `/attachments/${mail.rawAttachmentId}`);
    expect(raw.statusCode).toBe(200);
    expect(raw.headers['content-disposition']).toContain('attachment');
    expect(raw.body).toContain('Message-ID: <CAJx3kT9vQ1=m8pZ0wq7Lr+GmailNew001@mail.gmail.com>');
  });

  it('dedupes: the same message delivered three times (one of them at once) gives one message', async () => {
    const again = mailFixture('gmail-new-request.eml');
    const outcomes = await Promise.all([ingest(again), ingest(again, ['sales@shop.test'])]);
    outcomes.push(await ingest(again));
    expect(outcomes.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(await messages(number)).toHaveLength(1);
    const rows = await test.runtime.db.select().from(inboundMails).where(eq(inboundMails.messageId, 'CAJx3kT9vQ1=m8pZ0wq7Lr+GmailNew001@mail.gmail.com'));
    expect(rows).toHaveLength(1);
  });

  it('dedupes a mail without a Message-ID by its content', async () => {
    const raw = Buffer.from('From: Nora <nora@example.test>\r\nTo: support@shop.test\r\nSubject: No id\r\n\r\nHello without an id.\r\n');
    const first = stored(await ingest(raw));
    expect((await Promise.all([ingest(raw), ingest(raw)])).map((o) => o.status)).toEqual(['duplicate', 'duplicate']);
    expect(await messages(first.ticketNumber!)).toHaveLength(1);
  });

  it('threads a reply by the signed reply token; the customer spoke last, the status stays', async () => {
    const { replyTo } = await lastMailTo('jane.doe@gmail.test');
    const outcome = stored(await ingest(mailFixture('gmail-reply-by-token.eml', { TO: replyTo, NUMBER: String(number) }), [replyTo]));
    expect(outcome).toMatchObject({ signal: 'reply_token', ticketNumber: number, newTicket: false });
    const list = await messages(number);
    expect(list).toHaveLength(2);
    // The ticket shows what the reply adds; the quoted history stays in the raw message.
    expect(list[1]!.body).toBe('Yes please, the blue one.');
    expect(await ticket(number)).toMatchObject({ lastActionBy: 'customer', state: 'pending' });
  });

  it('a colleague answering a notification by mail adds an internal note, not a customer message', async () => {
    const { replyTo } = await lastMailTo('jane.doe@gmail.test');
    const colleague = await signIn(test, { rightKeys: ['care.tickets.work'], email: 'colleague@shop.test' });
    expect(colleague.userId).toBeTruthy();
    const raw = Buffer.from(`From: Colleague <colleague@shop.test>\r\nTo: ${replyTo}\r\nSubject: Re: [#${number}] New request\r\nMessage-ID: <colleague-1@shop.test>\r\n\r\nI will take this one.\r\n`);
    expect(stored(await ingest(raw, [replyTo]))).toMatchObject({ signal: 'reply_token', ticketNumber: number });
    expect((await messages(number)).at(-1)).toMatchObject({ visibility: 'internal', authorType: 'staff', body: 'I will take this one.' });
    expect(await ticket(number)).toMatchObject({ lastActionBy: 'customer' });
  });

  it('a forged token from a stranger opens a ticket of their own', async () => {
    const forged = `support+t${number}.0123456789abcdef@shop.test`;
    const raw = Buffer.from(`From: Eve <eve@stranger.test>\r\nTo: ${forged}\r\nSubject: Re: [#${number}] My order\r\nMessage-ID: <forged-1@stranger.test>\r\nIn-Reply-To: <not-ours@stranger.test>\r\n\r\nPut me on that ticket.\r\n`);
    const outcome = stored(await ingest(raw, [forged]));
    expect(outcome.signal).toBe('new_ticket');
    expect(outcome.ticketNumber).not.toBe(number);
    expect(await messages(number)).toHaveLength(3);
  });
});

describe('one new sender, several mails at once', () => {
  it('two SMTP connections delivering mail from the same new sender at once make one contact (PostgreSQL runs them in parallel)', async () => {
    const senders = ['Nora New <nora.new@example.test>', 'Otto Other <OTTO.other@example.test>'];
    const mails = senders.flatMap((from, s) =>
      [1, 2, 3].map((i) => Buffer.from(`From: ${from}\r\nTo: support@shop.test\r\nSubject: Question ${i}\r\nMessage-ID: <at-once-${s}-${i}@example.test>\r\n\r\nQuestion number ${i}.\r\n`)),
    );
    const outcomes = (await Promise.all(mails.map((raw) => ingestMail(test.runtime, { raw, recipients: ['support@shop.test'] })))).map(stored);
    await drainJobs(test.runtime);
    expect(outcomes.map((o) => o.signal)).toEqual(Array(6).fill('new_ticket'));
    for (const [s, address] of [[0, 'nora.new@example.test'], [1, 'otto.other@example.test']] as const) {
      const found = await queryRows<{ id: string; source: string; first_name: string }>(test.runtime.db, sql`SELECT id, source, first_name FROM contacts WHERE lower(email) = ${address}`);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ source: 'email', first_name: s === 0 ? 'Nora' : 'Otto' });
      // The address is the contact's claimed email entry, so search and upserts by email find it.
      const listed = await queryRows<{ contact_id: string }>(test.runtime.db, sql`SELECT contact_id FROM contact_emails WHERE lower(email) = ${address}`);
      expect(listed).toEqual([{ contact_id: found[0]!.id }]);
      const created = await queryRows<{ n: number }>(test.runtime.db, sql`SELECT count(*)::int AS n FROM events WHERE action = 'contact.created' AND record_id = ${found[0]!.id}`);
      expect(created[0]!.n).toBe(1);
      for (const outcome of outcomes.slice(s * 3, s * 3 + 3)) expect((await ticket(outcome.ticketNumber!)).contact.contactId).toBe(found[0]!.id);
    }
    // No contact was left behind by the losing inserts.
    const strays = await queryRows<{ n: number }>(test.runtime.db, sql`SELECT count(*)::int AS n FROM contacts WHERE lower(email) IN ('nora.new@example.test', 'otto.other@example.test')`);
    expect(strays[0]!.n).toBe(2);
  });
});

describe('threading by headers and subject', () => {
  it('Outlook (In-Reply-To, no References) threads by the Message-ID Patron sent', async () => {
    const created = stored(await ingest(Buffer.from('From: "Smith, Robert" <robert.smith@contoso.test>\r\nTo: support@shop.test\r\nSubject: Invoice copy\r\nMessage-ID: <first-robert@contoso.test>\r\n\r\nPlease send an invoice copy.\r\n')));
    const { messageId } = await lastMailTo('robert.smith@contoso.test');
    const outcome = stored(await ingest(mailFixture('outlook-reply.eml', { NUMBER: String(created.ticketNumber), IN_REPLY_TO: messageId })));
    expect(outcome).toMatchObject({ signal: 'references', ticketNumber: created.ticketNumber });
    const list = await messages(created.ticketNumber!);
    expect(list[1]!.body).toBe('Thanks, that is the one I needed. Could you also add our VAT number DE123456789?\n\nRobert');
    const [contact] = await test.runtime.db.select().from(contacts).where(sql`lower(${contacts.email}) = 'robert.smith@contoso.test'`);
    expect(contact).toMatchObject({ firstName: 'Robert', lastName: 'Smith' });
  });

  it('Apple Mail threads by References to the customer\'s own earlier mail (a known participant)', async () => {
    const created = stored(await ingest(Buffer.from('From: Marie Curie <marie@icloud.test>\r\nTo: support@shop.test\r\nSubject: Warranty question\r\nMessage-ID: <first-marie@icloud.test>\r\n\r\nIs my device under warranty?\r\n')));
    const outcome = stored(await ingest(mailFixture('apple-mail-reply.eml', { NUMBER: String(created.ticketNumber), REFERENCES: '<first-marie@icloud.test>', IN_REPLY_TO: '<first-marie@icloud.test>' })));
    expect(outcome).toMatchObject({ signal: 'references', ticketNumber: created.ticketNumber });
    expect((await messages(created.ticketNumber!))[1]!.body).toBe('Merci! The serial number is SN-4471-é.');
  });

  it('a stranger referencing a customer\'s Message-ID does not join that ticket', async () => {
    const created = stored(await ingest(Buffer.from('From: Kim <kim@example.test>\r\nTo: support@shop.test\r\nSubject: Refund\r\nMessage-ID: <first-kim@example.test>\r\n\r\nRefund please.\r\n')));
    const outcome = stored(await ingest(Buffer.from(`From: Eve <eve@stranger.test>\r\nTo: support@shop.test\r\nSubject: Re: Refund\r\nMessage-ID: <eve-2@stranger.test>\r\nIn-Reply-To: <first-kim@example.test>\r\nReferences: <first-kim@example.test>\r\n\r\nMe too.\r\n`)));
    expect(outcome.signal).toBe('new_ticket');
    expect(await messages(created.ticketNumber!)).toHaveLength(1);
  });

  it('[#number] in the subject threads for the ticket\'s customer, not for an unknown sender', async () => {
    const created = stored(await ingest(Buffer.from('From: Ann <ann@example.test>\r\nTo: support@shop.test\r\nSubject: Lost parcel\r\nMessage-ID: <first-ann@example.test>\r\n\r\nWhere is it?\r\n')));
    const number = created.ticketNumber!;
    const known = stored(await ingest(Buffer.from(`From: Ann <ANN@example.test>\r\nTo: support@shop.test\r\nSubject: [#${number}] Lost parcel, again\r\nMessage-ID: <second-ann@example.test>\r\n\r\nStill nothing.\r\n`)));
    expect(known).toMatchObject({ signal: 'subject_number', ticketNumber: number });
    const unknown = stored(await ingest(Buffer.from(`From: Eve <eve@stranger.test>\r\nTo: support@shop.test\r\nSubject: [#${number}] Lost parcel\r\nMessage-ID: <third-eve@stranger.test>\r\n\r\nI am Ann, honestly.\r\n`)));
    expect(unknown.signal).toBe('new_ticket');
    expect(unknown.ticketNumber).not.toBe(number);
    expect(await messages(number)).toHaveLength(2);
  });
});

describe('closed tickets', () => {
  it('a reply to a cancelled ticket opens a follow-up related to it', async () => {
    const created = stored(await ingest(Buffer.from('From: Tom <tom@example.test>\r\nTo: support@shop.test\r\nSubject: Cancel me\r\nMessage-ID: <tom-1@example.test>\r\n\r\nNever mind.\r\n')));
    const number = created.ticketNumber!;
    const cancelled = ((await call('GET', '/ticket-statuses')).json().items as { id: string; state: string }[]).find((status) => status.state === 'cancelled')!;
    const [reason] = (await call('GET', '/cancellation-reasons')).json().items as { id: string }[];
    const version = (await call('GET', `/tickets/${number}`)).json().version as number;
    const moved = await call('POST', `/tickets/${number}/transitions`, { version, statusId: cancelled.id, cancellationReasonId: reason!.id });
    expect(moved.statusCode, moved.body).toBe(200);
    const outcome = stored(await ingest(Buffer.from(`From: Tom <tom@example.test>\r\nTo: support@shop.test\r\nSubject: Re: [#${number}] Cancel me\r\nMessage-ID: <tom-2@example.test>\r\nIn-Reply-To: <tom-1@example.test>\r\n\r\nActually, I still need help.\r\n`)));
    expect(outcome).toMatchObject({ signal: 'follow_up', newTicket: true });
    expect(outcome.ticketNumber).not.toBe(number);
    expect(await messages(number)).toHaveLength(1);
    expect((await call('GET', `/tickets/${outcome.ticketNumber}`)).json().relatedTicketNumbers).toEqual([number]);
  });
});

describe('content', () => {
  it('decodes ISO-8859-1 quoted-printable text and subject', async () => {
    const outcome = stored(await ingest(mailFixture('iso-8859-1-quoted-printable.eml')));
    const opened = (await call('GET', `/tickets/${outcome.ticketNumber}`)).json();
    expect(opened.subject).toBe('Rückfrage zur Lieferung');
    expect(opened.contact.name).toBe('Jürgen Müller');
    expect((await messages(outcome.ticketNumber!))[0]!.body).toContain('Die Straße heißt Königsallee, café im Erdgeschoss.');
  });

  it('keeps an attachment and an inline image, shown from the attachments store', async () => {
    const outcome = stored(await ingest(mailFixture('inline-image-and-attachment.eml')));
    const [message] = await messages(outcome.ticketNumber!);
    expect(message!.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['scratch.png', 'image/png'],
      ['delivery-note.pdf', 'application/pdf'],
    ]);
    const image = message!.attachments[0]!;
    const [mail] = (await call('GET', `/tickets/${outcome.ticketNumber}/inbound-mails`)).json().items;
    expect(mail.html).toContain(`<img src="/api/v1/attachments/${image.id}"`);
    expect(mail.html).not.toContain('cid:');
    const download = await call('GET', `/attachments/${image.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });

  it('keeps winmail.dat as an attachment', async () => {
    const outcome = stored(await ingest(mailFixture('winmail-dat.eml')));
    expect((await messages(outcome.ticketNumber!))[0]!.attachments.map((a) => a.filename)).toEqual(['winmail.dat']);
  });

  it('strips script, event handlers, javascript: and data: links, SVG, forms, frames and remote loads', async () => {
    const outcome = stored(await ingest(mailFixture('hostile-html.eml')));
    const [mail] = (await call('GET', `/tickets/${outcome.ticketNumber}/inbound-mails`)).json().items;
    const html: string = mail.html;
    for (const banned of ['<script', 'onload', 'onerror', 'javascript:', 'data:text', '<svg', '<iframe', '<form', '<input', '<style', 'url(', 'evil.test']) {
      expect(html.toLowerCase(), banned).not.toContain(banned);
    }
    expect(html).toContain('<a href="https://shop.test/help"');
    expect(html).toContain('<div style="color:red">styled</div>');
    // The original stays downloadable as it came.
    const raw = await call('GET', `/attachments/${mail.rawAttachmentId}`);
    expect(raw.body).toContain('<script>fetch(');
  });
});

describe('robots: no mail loops', () => {
  it('an auto-reply on a ticket is kept as a note, flags the address and sends nothing', async () => {
    const created = stored(await ingest(Buffer.from('From: Olive <olive@example.test>\r\nTo: support@shop.test\r\nSubject: Broken lamp\r\nMessage-ID: <first-olive@example.test>\r\n\r\nThe lamp is broken.\r\n')));
    const before = await test.runtime.db.select().from(outgoingMails);
    const { messageId, replyTo } = await lastMailTo('olive@example.test');
    const raw = mailFixture('auto-reply.eml', { TO: replyTo, NUMBER: String(created.ticketNumber), IN_REPLY_TO: messageId }).toString('latin1').replace('jane.doe@gmail.test', 'olive@example.test');
    const outcome = stored(await ingest(Buffer.from(raw, 'latin1'), [replyTo]));
    expect(outcome).toMatchObject({ signal: 'reply_token', ticketNumber: created.ticketNumber });
    const list = await messages(created.ticketNumber!);
    expect(list[1]).toMatchObject({ visibility: 'internal', authorType: 'system' });
    expect(await ticket(created.ticketNumber!)).toMatchObject({ lastActionBy: 'customer' });
    expect(await isAutomatedAddress(test.runtime.db, 'olive@example.test')).toBe(true);
    expect(await test.runtime.db.select().from(outgoingMails)).toHaveLength(before.length);
    // A person writing again from that address lifts the flag.
    await ingest(Buffer.from(`From: Olive <olive@example.test>\r\nTo: ${replyTo}\r\nSubject: Back\r\nMessage-ID: <back-olive@example.test>\r\n\r\nI am back.\r\n`), [replyTo]);
    expect(await isAutomatedAddress(test.runtime.db, 'olive@example.test')).toBe(false);
  });

  it('an auto-reply that threads nowhere opens no ticket and creates no contact', async () => {
    const raw = mailFixture('auto-reply.eml', { TO: 'support@shop.test', NUMBER: '999999', IN_REPLY_TO: '<unknown@nowhere.test>' }).toString('latin1').replace(/jane\.doe@gmail\.test/g, 'ooo-robot@example.test').replace('autoreply-7781', 'autoreply-7782');
    const outcome = stored(await ingest(Buffer.from(raw, 'latin1')));
    expect(outcome).toMatchObject({ signal: 'none', ticketNumber: null });
    expect(await test.runtime.db.select().from(contacts).where(eq(contacts.email, 'ooo-robot@example.test'))).toHaveLength(0);
  });

  it('mailing-list mail opens a ticket but the list never gets an automatic answer', async () => {
    const outcome = stored(await ingest(mailFixture('mailing-list.eml')));
    expect(outcome.signal).toBe('new_ticket');
    expect(await isAutomatedAddress(test.runtime.db, 'newsletter@deals.test')).toBe(true);
    expect(await test.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.toAddress, 'newsletter@deals.test'))).toHaveLength(0);
  });

  it('a DSN bounce is linked to the ticket whose mail bounced and stops mail to that address', async () => {
    const created = stored(await ingest(Buffer.from('From: Nobody <nobody@gone.test>\r\nTo: support@shop.test\r\nSubject: Hello\r\nMessage-ID: <first-nobody@gone.test>\r\n\r\nHi.\r\n')));
    const [sent] = await test.runtime.db.select().from(ticketMails).innerJoin(outgoingMails, eq(outgoingMails.id, ticketMails.mailId)).where(eq(outgoingMails.toAddress, 'nobody@gone.test'));
    const outcome = stored(await ingest(mailFixture('dsn-bounce.eml', { NUMBER: String(created.ticketNumber), ORIGINAL_MESSAGE_ID: sent!.ticket_mails.messageId })));
    expect(outcome).toMatchObject({ signal: 'bounce', ticketNumber: created.ticketNumber });
    const [row] = await test.runtime.db.select().from(inboundMails).where(eq(inboundMails.id, outcome.inboundMailId));
    expect(row).toMatchObject({ automated: 'bounce', bouncedMessageId: sent!.ticket_mails.messageId.replace(/^<|>$/g, ''), details: { failedRecipient: 'nobody@gone.test', status: '5.1.1' } });
    const note = (await messages(created.ticketNumber!)).at(-1)!;
    expect(note).toMatchObject({ visibility: 'internal', authorType: 'system' });
    expect(note.body).toContain('nobody@gone.test could not be delivered (status 5.1.1)');
    expect(await isAutomatedAddress(test.runtime.db, 'nobody@gone.test')).toBe(true);
    expect(await test.runtime.db.select().from(contacts).where(sql`lower(${contacts.email}) LIKE 'mailer-daemon%'`)).toHaveLength(0);
  });
});

describe('quarantine', () => {
  it('quarantines a message without a sender and one too large, and the next mail is processed', async () => {
    const noSender = await ingest(mailFixture('no-sender.eml'));
    expect(noSender).toMatchObject({ status: 'quarantined', reason: 'no_sender' });
    test.clock.advance(1000);
    const huge = Buffer.concat([Buffer.from('From: Big <big@example.test>\r\nSubject: Huge\r\n\r\n'), Buffer.alloc(test.runtime.config.INBOUND_MAIL_MAX_BYTES + 1, 'a')]);
    expect(await ingest(huge)).toMatchObject({ status: 'quarantined', reason: 'too_large' });
    const next = stored(await ingest(Buffer.from('From: After <after@example.test>\r\nTo: support@shop.test\r\nSubject: After the broken ones\r\nMessage-ID: <after-1@example.test>\r\n\r\nStill works.\r\n')));
    expect(next.signal).toBe('new_ticket');

    const listed = await call('GET', '/mail-in/quarantine');
    expect(listed.statusCode, listed.body).toBe(200);
    const items = listed.json().items as { reason: string; subject: string; detail: string; rawAttachmentId: string; size: number }[];
    expect(items.map((item) => item.reason)).toEqual(['too_large', 'no_sender']);
    expect(items[0]).toMatchObject({ subject: 'Huge', size: huge.length });
    expect(items[0]!.detail).toContain('INBOUND_MAIL_MAX_BYTES');
    expect((await call('GET', `/attachments/${items[1]!.rawAttachmentId}`)).body).toContain('There is no From header.');
    // Only those with the right see it.
    const agent = await signIn(test, { rightKeys: ['care.tickets.work'] });
    expect((await call('GET', '/mail-in/quarantine', undefined, agent)).statusCode).toBe(403);
  });
});

describe('email-to-activity', () => {
  it('a forward to a user\'s activity address logs the mail on the original sender\'s timeline', async () => {
    const sam = await signIn(test, { rightKeys: ['care.tickets.work'], email: 'sam.sales@shop.test' });
    const address = (await call('GET', '/mail-in/activity-address', undefined, sam)).json().address as string;
    expect(address).toMatch(/^activity\+[0-9a-f]{32}\.[0-9a-f]{16}@shop\.test$/);
    const outcome = stored(await ingest(mailFixture('forward-to-activity.eml', { TO: address, USER_EMAIL: 'sam.sales@shop.test' }), [address]));
    expect(outcome).toMatchObject({ signal: 'activity', ticketNumber: null });
    const [carol] = await test.runtime.db.select().from(contacts).where(eq(contacts.email, 'carol@acme-corp.test'));
    expect(carol).toMatchObject({ firstName: 'Carol', lastName: 'Buyer', source: 'email' });
    const [logged] = await test.runtime.db.select().from(events).where(sql`${events.recordType} = 'contact' AND ${events.recordId} = ${carol!.id} AND ${events.action} = 'contact.email_logged'`);
    expect(logged!.changes).toMatchObject({ subject: 'Fwd: Quote for 40 office chairs', from: 'carol@acme-corp.test', loggedByUserId: sam.userId });
    // A forged activity address is ordinary mail.
    const forged = address.replace(/\.[0-9a-f]{16}@/, '.0000000000000000@');
    const again = mailFixture('forward-to-activity.eml', { TO: forged, USER_EMAIL: 'sam.sales@shop.test' }).toString('latin1').replace('CAFwd0001', 'CAFwd0002');
    const other = stored(await ingest(Buffer.from(again, 'latin1'), [forged]));
    expect(other.signal).toBe('new_ticket');
  });
});

describe('split and move', () => {
  it('staff split a message into a new ticket and move one to another; replies follow the moved mail', async () => {
    const first = stored(await ingest(Buffer.from('From: Liz <liz@example.test>\r\nTo: support@shop.test\r\nSubject: Two questions\r\nMessage-ID: <liz-1@example.test>\r\n\r\nFirst question.\r\n')));
    const second = stored(await ingest(Buffer.from(`From: Liz <liz@example.test>\r\nTo: support@shop.test\r\nSubject: Re: Two questions\r\nMessage-ID: <liz-2@example.test>\r\nIn-Reply-To: <liz-1@example.test>\r\n\r\nAnd a second, unrelated one.\r\n`)));
    expect(second.ticketNumber).toBe(first.ticketNumber);
    const secondMessage = (await messages(first.ticketNumber!))[1]!;
    const split = await call('POST', `/tickets/${first.ticketNumber}/messages/${secondMessage.id}/split`, { subject: 'Second question' });
    expect(split.statusCode, split.body).toBe(201);
    const newTicket = split.json() as { number: number; subject: string; lastActionBy: string };
    expect(newTicket).toMatchObject({ subject: 'Second question', lastActionBy: 'customer' });
    expect((await messages(newTicket.number)).map((m) => m.id)).toEqual([secondMessage.id]);
    expect(await messages(first.ticketNumber!)).toHaveLength(1);
    // A reply to the split mail threads to the ticket it now lives on.
    const reply = stored(await ingest(Buffer.from(`From: Liz <liz@example.test>\r\nTo: support@shop.test\r\nSubject: Re: Two questions\r\nMessage-ID: <liz-3@example.test>\r\nIn-Reply-To: <liz-2@example.test>\r\n\r\nMore on the second.\r\n`)));
    expect(reply.ticketNumber).toBe(newTicket.number);

    const moved = await call('POST', `/tickets/${newTicket.number}/messages/${(await messages(newTicket.number))[1]!.id}/move`, { targetNumber: first.ticketNumber });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await messages(first.ticketNumber!)).toHaveLength(2);
    expect((await call('POST', `/tickets/${first.ticketNumber}/messages/${secondMessage.id}/move`, { targetNumber: newTicket.number })).statusCode).toBe(404);
    const history = await queryRows<{ action: string }>(test.runtime.db, sql`SELECT action FROM events WHERE record_type = 'ticket' AND action IN ('ticket.message_moved', 'ticket.message_received')`);
    expect(history.length).toBeGreaterThanOrEqual(4);
  });
});
