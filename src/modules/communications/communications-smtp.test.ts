import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestApp, signIn, type SignedIn, type TestApp } from '../../../test/harness.js';
import { drainJobs } from '../../platform/jobs/worker.js';
import { verifyReplyAddress } from './mail-threading.js';
import { mailLinkSecret } from './ticket-mail.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

let smtp: SMTPServer;
let test: TestApp;
let admin: SignedIn;
const received: { envelopeTo: string[]; mail: ParsedMail; raw: string }[] = [];

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail, raw: raw.toString('utf8') });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', () => resolve()));
  test = await createTestApp({ config: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'Shop Support <support@shop.test>', SIGNING_SECRET: 'an-operator-chosen-secret-of-32-chars!' } });
  admin = await signIn(test);
});
afterAll(async () => {
  await test?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('ticket mail over real SMTP', () => {
  it('delivers the confirmation and the "CRM - Reply" with threading headers and the signed reply address', async () => {
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: admin.headers,
      payload: { subject: 'Order 1001 <late>', contact: { name: 'Sam Harris', email: 'sam@example.com' }, openedBy: 'customer', channel: 'portal', message: { body: 'Where is it?' } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const number = created.json().number as number;
    await drainJobs(test.runtime);
    test.clock.advance(60_000);
    const replied = await test.app.inject({ method: 'POST', url: `/api/v1/tickets/${number}/messages`, headers: admin.headers, payload: { body: 'It ships today <b>for sure</b>', visibility: 'public' } });
    expect(replied.statusCode, replied.body).toBe(201);
    await drainJobs(test.runtime);

    const toSam = received.filter((r) => r.envelopeTo.includes('sam@example.com'));
    expect(toSam).toHaveLength(2);
    const [first, reply] = toSam.map((r) => r.mail);
    expect(first!.subject).toBe(`[#${number}] We received your request: Order 1001 <late>`);
    expect(reply!.subject).toBe(`Re: [#${number}] Order 1001 <late>`);
    expect(reply!.from?.value[0]).toMatchObject({ name: 'Shop Support', address: 'support@shop.test' });
    expect(reply!.messageId).toMatch(new RegExp(`^<[0-9a-f-]{36}\\.t${number}@shop\\.test>$`));
    expect(reply!.inReplyTo).toBe(first!.messageId);
    expect(reply!.references).toBe(first!.messageId);
    expect(reply!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(reply!.headers.get('thread-topic')).toBe('Order 1001 <late>');
    const threadIndex = Buffer.from(String(reply!.headers.get('thread-index')), 'base64');
    expect(threadIndex).toHaveLength(27);
    expect(threadIndex.subarray(0, 22)).toEqual(Buffer.from(String(first!.headers.get('thread-index')), 'base64'));
    const replyTo = reply!.replyTo!.value[0]!.address!;
    expect(verifyReplyAddress(replyTo, await mailLinkSecret(test.runtime.db, test.runtime.config))).toBe(number);
    // One Message-ID header only, even though Patron sets it itself.
    expect(toSam[1]!.raw.match(/^Message-ID:/gim)).toHaveLength(1);
    expect(reply!.html).toContain('It ships today &lt;b&gt;for sure&lt;/b&gt;');
    expect(reply!.text).toContain('It ships today <b>for sure</b>');
  });
});
