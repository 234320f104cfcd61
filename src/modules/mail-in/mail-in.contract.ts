import { z } from 'zod';
import { quarantineReasons, threadSignals, automatedKinds } from './mail-in.tables.js';

export const quarantinedMailSchema = z.object({
  id: z.uuid(),
  reason: z.enum(quarantineReasons),
  detail: z.string(),
  size: z.number().int(),
  envelopeFrom: z.string().nullable(),
  recipients: z.array(z.string()),
  fromAddress: z.string().nullable(),
  subject: z.string().nullable(),
  /** Download the raw message with downloadAttachment. */
  rawAttachmentId: z.uuid().nullable(),
  receivedAt: z.string(),
});

export const inboundMailSchema = z.object({
  id: z.uuid(),
  ticketMessageId: z.uuid().nullable(),
  messageId: z.string().nullable(),
  fromAddress: z.string(),
  fromName: z.string(),
  subject: z.string(),
  threadSignal: z.enum(threadSignals),
  automated: z.enum(automatedKinds).nullable(),
  /** Sanitised HTML body; inline images point at their attachments, remote images are blocked. */
  html: z.string().nullable(),
  rawAttachmentId: z.uuid().nullable(),
  receivedAt: z.string(),
});

export const activityAddressSchema = z.object({ address: z.string() });
