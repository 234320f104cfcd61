import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { createTestApp, openTestDatabase, type TestApp } from '../../../test/harness.js';
import { mailFixture } from '../../../test/mail-fixtures.js';
import { createMailTransport } from '../../platform/mail/transport.js';
import type { Runtime } from '../../platform/context.js';
import { inboundMails } from './mail-in.tables.js';
import { startInboundSmtp, type InboundSmtpListener } from './smtp-listener.js';

let test: TestApp;
let listener: InboundSmtpListener;

function send(port: number, raw: Buffer, to = 'support@shop.test') {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 10_000 });
  return transport.sendMail({ envelope: { from: 'sender@example.test', to: [to] }, raw }).finally(() => transport.close());
}

beforeAll(async () => {
  test = await createTestApp({ config: { MAIL_FROM: 'Shop Support <support@shop.test>' } });
  listener = await startInboundSmtp(test.runtime, { port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await listener?.close();
  await test?.close();
});

describe('the SMTP listener', () => {
  it('answers 250 once the message and its rows are committed', async () => {
    const info = await send(listener.port, mailFixture('gmail-new-request.eml'));
    expect(info.response).toMatch(/^250 /);
    // Committed before the 250: visible to any other connection right away.
    const rows = await test.runtime.db.select().from(inboundMails).where(eq(inboundMails.messageId, 'CAJx3kT9vQ1=m8pZ0wq7Lr+GmailNew001@mail.gmail.com'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ threadSignal: 'new_ticket', envelopeFrom: 'sender@example.test', recipients: ['support@shop.test'] });
    // A redelivery is accepted and changes nothing.
    expect((await send(listener.port, mailFixture('gmail-new-request.eml'))).response).toMatch(/^250 /);
    expect(await test.runtime.db.select().from(inboundMails).where(eq(inboundMails.messageId, 'CAJx3kT9vQ1=m8pZ0wq7Lr+GmailNew001@mail.gmail.com'))).toHaveLength(1);
  });

  it('answers 250 for a broken message (quarantined) and keeps taking mail', async () => {
    expect((await send(listener.port, mailFixture('no-sender.eml'))).response).toMatch(/^250 .*quarantined/);
    expect((await send(listener.port, mailFixture('iso-8859-1-quoted-printable.eml'))).response).toMatch(/^250 /);
  });

  it('answers 451 when the database is down, so the sender retries', async () => {
    const broken = await openTestDatabase();
    await broken.close();
    const runtime: Runtime = { ...test.runtime, db: broken.db, logger: pino({ level: 'silent' }), mail: createMailTransport(undefined) };
    const failing = await startInboundSmtp(runtime, { port: 0, host: '127.0.0.1' });
    try {
      const error = await send(failing.port, mailFixture('apple-mail-reply.eml')).then(
        () => undefined,
        (failure: { responseCode?: number; response?: string }) => failure,
      );
      expect(error?.responseCode).toBe(451);
      expect(error?.response).toMatch(/^451 4\.3\.0/);
    } finally {
      await failing.close();
    }
  });
});
