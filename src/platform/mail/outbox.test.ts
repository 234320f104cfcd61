import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { drainJobs } from '../jobs/worker.js';
import { jobs } from '../jobs/jobs.tables.js';
import { outgoingMails } from './mail.tables.js';
import { queueMail } from './outbox.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let port: number;
let smtp: SMTPServer | undefined;
const received: ParsedMail[] = [];
let withSmtp: TestApp;
let withoutSmtp: TestApp;

function startSmtp(): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  return new Promise((resolve) => smtp!.listen(port, '127.0.0.1', () => resolve()));
}

beforeAll(async () => {
  port = await freePort();
  withSmtp = await createTestApp({ config: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  withoutSmtp = await createTestApp();
});
afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await withSmtp?.close();
  await withoutSmtp?.close();
});

describe('outgoing mail', () => {
  it('without SMTP_URL, mail is kept in the local outbox', async () => {
    const id = await queueMail(withoutSmtp.runtime.db, { from: 'patron@test', to: 'someone@example.com', subject: 'Hello', text: 'Body' }, withoutSmtp.clock.now());
    await drainJobs(withoutSmtp.runtime);
    const [mail] = await withoutSmtp.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.id, id));
    expect(mail!.status).toBe('stored');
  });

  it('with SMTP down the send job is retried, and the mail goes out over real SMTP once it is up', async () => {
    const id = await queueMail(withSmtp.runtime.db, { from: 'patron@test', to: 'customer@example.com', subject: 'Your request #12', text: 'We are on it.', html: '<p>We are on it.</p>' }, withSmtp.clock.now());
    await drainJobs(withSmtp.runtime);
    let [mail] = await withSmtp.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.id, id));
    expect(mail!.status).toBe('queued');
    expect(mail!.lastError).toBeTruthy();
    const [job] = await withSmtp.runtime.db.select().from(jobs).where(eq(jobs.name, 'mail.send'));
    expect(job!.status).toBe('pending');
    expect(job!.attempts).toBe(1);

    await startSmtp();
    withSmtp.clock.advance(60_000);
    await drainJobs(withSmtp.runtime);
    [mail] = await withSmtp.runtime.db.select().from(outgoingMails).where(eq(outgoingMails.id, id));
    expect(mail!.status).toBe('sent');
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe('Your request #12');
    expect(received[0]!.text?.trim()).toBe('We are on it.');
    expect(received[0]!.messageId).toBe(`<${id}@patron>`);
    // Running the queue again does not send it twice.
    withSmtp.clock.advance(3_600_000);
    await drainJobs(withSmtp.runtime);
    expect(received).toHaveLength(1);
  });
});
