import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { systemActor } from '../../platform/actor.js';
import type { ServiceContext } from '../../platform/context.js';
import { getAttachmentDownload, uploadAttachment, type UploadInput } from '../../platform/attachments/index.js';
import { AppError } from '../../platform/errors.js';
import { honeypotFilled } from '../../platform/http/bot-guard.js';
import { takeRateLimit } from '../../platform/http/rate-limit.js';
import { businessUnits } from '../access/access.tables.js';
import { addCustomerMessage, openCustomerTicket, customerMayReadAttachment, getCustomerTicket, listCustomerTickets, rateTicket, recordCustomerAcceptance } from '../care/index.js';
import type { createRequestBody, rateRequestBody } from './portal.contract.js';
import { assertCustomer, portalLimits } from './portal.policy.js';

/** The departments a customer may address (those marked visible to customers). */
export async function listPortalDepartments(ctx: ServiceContext) {
  assertCustomer(ctx.actor);
  const items = await ctx.db
    .select({ id: businessUnits.id, name: businessUnits.name, description: businessUnits.description })
    .from(businessUnits)
    .where(eq(businessUnits.visibleToCustomers, true))
    .orderBy(asc(businessUnits.name));
  return { items };
}

export async function listPortalRequests(ctx: ServiceContext, query: { sinceDays?: number; limit: number }) {
  assertCustomer(ctx.actor);
  return { items: await listCustomerTickets(ctx, query) };
}

export async function getPortalRequest(ctx: ServiceContext, number: number) {
  assertCustomer(ctx.actor);
  return getCustomerTicket(ctx, number);
}

/**
 * Opens a request for the signed-in customer. Bots are kept out by a honeypot field (people
 * never see it) and a per-account and per-address rate limit; no third-party service.
 */
export async function createPortalRequest(ctx: ServiceContext, input: z.infer<typeof createRequestBody>, ipAddress: string) {
  const actor = assertCustomer(ctx.actor);
  if (honeypotFilled(input.website)) throw AppError.invalid('website', 'must be left empty');
  const now = ctx.clock.now();
  await takeRateLimit(ctx.db, `portal-request:account:${actor.accountId}`, { limit: portalLimits.requestsPerAccountPerHour, windowSeconds: 3600 }, now, 'new requests');
  await takeRateLimit(ctx.db, `portal-request:ip:${ipAddress}`, { limit: portalLimits.requestsPerAddressPerHour, windowSeconds: 3600 }, now, 'new requests');
  const [department] = await ctx.db
    .select({ id: businessUnits.id })
    .from(businessUnits)
    .where(and(eq(businessUnits.id, input.departmentId), eq(businessUnits.visibleToCustomers, true)));
  if (!department) throw AppError.invalid('departmentId', 'choose one of the departments offered');
  const number = await openCustomerTicket(ctx, {
    subject: input.subject,
    departmentId: department.id,
    name: input.name,
    phone: input.phone || undefined,
    message: { body: input.message, attachmentIds: input.attachmentIds },
  });
  return getCustomerTicket(ctx, number);
}

export async function replyToPortalRequest(ctx: ServiceContext, number: number, input: { body: string; attachmentIds?: string[] }) {
  assertCustomer(ctx.actor);
  await addCustomerMessage(ctx, number, input);
  return getCustomerTicket(ctx, number);
}

/** Accepts or rejects the response or resolution waiting for the customer, through care. */
export async function answerPortalResolution(ctx: ServiceContext, number: number, accepted: boolean, comment: string | undefined) {
  assertCustomer(ctx.actor);
  const current = await getCustomerTicket(ctx, number);
  await recordCustomerAcceptance(ctx, number, current.version, { accepted, comment: comment || undefined });
  return getCustomerTicket(ctx, number);
}

export async function ratePortalRequest(ctx: ServiceContext, number: number, input: z.infer<typeof rateRequestBody>) {
  assertCustomer(ctx.actor);
  await rateTicket(ctx, number, input);
  return getCustomerTicket(ctx, number);
}

export async function uploadPortalAttachment(ctx: ServiceContext, input: UploadInput) {
  assertCustomer(ctx.actor);
  return uploadAttachment(ctx, input);
}

/** Downloads only files on the public conversation of the customer's own requests; anything else is 404. */
export async function downloadPortalAttachment(ctx: ServiceContext, attachmentId: string) {
  assertCustomer(ctx.actor);
  if (!(await customerMayReadAttachment(ctx, attachmentId))) throw AppError.notFound('Attachment');
  return getAttachmentDownload({ ...ctx, actor: systemActor('portal') }, attachmentId);
}
