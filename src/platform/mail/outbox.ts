import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { enqueueJob } from '../jobs/queue.js';
import { registerJobHandler } from '../jobs/handlers.js';
import { outgoingMails } from './mail.tables.js';

export interface MailInput {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  from?: string;
}

export const sendMailJob = 'mail.send';

/** Stores an outgoing message and queues its delivery, in the caller's transaction. */
export async function queueMail(tx: Queryable, input: MailInput & { from: string }, now: Date): Promise<string> {
  const [row] = await tx
    .insert(outgoingMails)
    .values({
      toAddress: input.to,
      fromAddress: input.from,
      subject: input.subject,
      textBody: input.text,
      htmlBody: input.html ?? null,
      headers: input.headers ?? {},
      createdAt: now,
    })
    .returning({ id: outgoingMails.id });
  await enqueueJob(tx, { name: sendMailJob, payload: { mailId: row!.id }, runAt: now, maxAttempts: 10 });
  return row!.id;
}

registerJobHandler(sendMailJob, async (job, runtime) => {
  const mailId = String(job.payload.mailId);
  const [mail] = await runtime.db.select().from(outgoingMails).where(eq(outgoingMails.id, mailId));
  // Already delivered on an earlier attempt: nothing to do, which keeps the handler idempotent.
  if (!mail || mail.status === 'sent' || mail.status === 'stored') return;
  try {
    const delivery = await runtime.mail.deliver(mail);
    await runtime.db
      .update(outgoingMails)
      .set({ status: delivery.status, transportMessageId: delivery.transportMessageId ?? null, sentAt: runtime.clock.now(), lastError: null })
      .where(eq(outgoingMails.id, mailId));
  } catch (error) {
    const lastAttempt = job.attempts >= job.maxAttempts;
    await runtime.db
      .update(outgoingMails)
      .set({ lastError: error instanceof Error ? error.message : String(error), status: lastAttempt ? 'failed' : 'queued' })
      .where(eq(outgoingMails.id, mailId));
    throw error;
  }
});
