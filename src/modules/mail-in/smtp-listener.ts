import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Runtime } from '../../platform/context.js';
import { ingestMail } from './ingest.service.js';
import { MailStoreUnavailableError } from './mail-store-errors.js';

/** An SMTP reply with a code: smtp-server answers with `responseCode` and the message. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Reads a DATA stream, keeping at most `limit` bytes (plus one, so "too large" is known) while
 * counting the rest: a huge message costs no memory, and is quarantined with its headers.
 */
function collect(stream: SMTPServerDataStream, limit: number): Promise<{ raw: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (kept <= limit) {
        chunks.push(chunk);
        kept += chunk.length;
      }
    });
    stream.on('end', () => resolve({ raw: Buffer.concat(chunks), size }));
    stream.on('error', reject);
  });
}

export interface InboundSmtpListener {
  port: number;
  close(): Promise<void>;
}

/**
 * The built-in SMTP listener: every recipient is accepted (Patron relays nothing), and each
 * message is answered 250 only after ingestMail committed it, or 451 when the database cannot
 * take it so the sending server retries. No AUTH and no STARTTLS: it is meant to sit behind the
 * organisation's mail server (or on a private network), like an LMTP delivery target.
 */
export async function startInboundSmtp(runtime: Runtime, options: { port: number; host?: string }): Promise<InboundSmtpListener> {
  const limit = runtime.config.INBOUND_MAIL_MAX_BYTES;
  const server = new SMTPServer({
    name: 'patron',
    banner: 'Patron email-in',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 0,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void) {
      collect(stream, limit).then(
        async ({ raw, size }) => {
          try {
            const outcome = await ingestMail(runtime, {
              raw,
              size,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
            });
            callback(null, outcome.status === 'quarantined' ? `Queued (quarantined: ${outcome.reason})` : 'Queued');
          } catch (error) {
            runtime.logger.warn({ err: error }, 'email-in could not store a message; asked the sender to retry');
            callback(error instanceof MailStoreUnavailableError ? smtpError(451, '4.3.0 Temporary failure storing the message, try again later') : smtpError(451, '4.3.0 Temporary failure'));
          }
        },
        () => callback(smtpError(451, '4.3.0 The message was not received completely')),
      );
    },
  });
  server.on('error', (error) => runtime.logger.warn({ err: error }, 'email-in SMTP connection error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
