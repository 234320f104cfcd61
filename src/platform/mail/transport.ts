import nodemailer from 'nodemailer';
import type { OutgoingMailRow } from './mail.tables.js';

export interface MailDelivery {
  /** `sent` went out over SMTP; `stored` stays in the local outbox because no SMTP_URL is set. */
  status: 'sent' | 'stored';
  transportMessageId?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  deliver(mail: OutgoingMailRow): Promise<MailDelivery>;
  close(): void;
}

/** Picks SMTP when SMTP_URL is set, otherwise the local outbox. */
export function createMailTransport(smtpUrl: string | undefined): MailTransport {
  if (!smtpUrl) {
    return { kind: 'outbox', deliver: async () => ({ status: 'stored' }), close: () => undefined };
  }
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    kind: 'smtp',
    async deliver(mail) {
      const info = await transporter.sendMail({
        from: mail.fromAddress,
        to: mail.toAddress,
        subject: mail.subject,
        text: mail.textBody,
        html: mail.htmlBody ?? undefined,
        headers: mail.headers,
        // A stable Message-ID lets a receiver drop the duplicate if a retry re-sends after a crash.
        messageId: mail.headers['Message-ID'] ?? `<${mail.id}@patron>`,
      });
      return { status: 'sent', transportMessageId: info.messageId };
    },
    close: () => transporter.close(),
  };
}
