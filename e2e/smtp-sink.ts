import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './harness';

export interface ReceivedMail {
  /** The SMTP envelope's recipients, as Patron addressed the message. */
  envelopeTo: string[];
  mail: ParsedMail;
}

export interface MailSink {
  /** Port of the sink on 127.0.0.1, for `SMTP_URL=smtp://127.0.0.1:<port>`. */
  port: number;
  received: ReceivedMail[];
  /**
   * The first mail (received already or later) that matches; fails after `timeoutMs` naming what
   * it waited for and what did arrive. Patron's worker sends mail in the background, so journeys
   * wait for it rather than sleep.
   */
  waitFor: (description: string, matches: (mail: ReceivedMail) => boolean, timeoutMs?: number) => Promise<ReceivedMail>;
  close: () => Promise<void>;
}

/**
 * A real SMTP server that accepts every message and keeps it parsed (mailparser), standing in for
 * the mail server Patron's SMTP_URL points at. No AUTH and no STARTTLS, like a local relay.
 */
export async function startMailSink(): Promise<MailSink> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()), mail });
          for (const wake of waiters) wake();
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  const waitFor: MailSink['waitFor'] = (description, matches, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = received.find(matches);
        if (!found) return;
        done();
        resolve(found);
      };
      const timer = setTimeout(() => {
        done();
        const seen = received.map((r) => `  to ${r.envelopeTo.join(', ')}: ${r.mail.subject ?? '(no subject)'}`).join('\n') || '  (nothing)';
        reject(new Error(`no mail "${description}" reached the SMTP sink within ${timeoutMs} ms; it received:\n${seen}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });

  return {
    port,
    received,
    waitFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
