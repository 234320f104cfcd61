/**
 * The signed, expiring token in a "resolution needs your acceptance" link. Pure. The token names
 * the ticket and the event that asked for acceptance, so a link for an older resolution cannot
 * accept a newer one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const acceptLinkLifetimeMs = 14 * 24 * 60 * 60 * 1000;

export interface AcceptLinkClaims {
  ticketNumber: number;
  /** The ticket.status_changed event that set the ticket to awaiting acceptance. */
  eventId: number;
  expiresAt: Date;
}

function signature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`patron.accept-link:${payload}`).digest('base64url').slice(0, 32);
}

export function signAcceptToken(claims: AcceptLinkClaims, secret: string): string {
  const payload = `${claims.ticketNumber}.${claims.eventId}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${payload}.${signature(payload, secret)}`;
}

export type AcceptTokenCheck = { ok: true; claims: AcceptLinkClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyAcceptToken(token: string, secret: string, now: Date): AcceptTokenCheck {
  const match = /^(\d{1,15})\.(\d{1,18})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const payload = `${match[1]}.${match[2]}.${match[3]}`;
  const expected = Buffer.from(signature(payload, secret));
  const given = Buffer.from(match[4]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'forged' };
  const expiresAt = new Date(Number(match[3]) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { ticketNumber: Number(match[1]), eventId: Number(match[2]), expiresAt } };
}

export function acceptLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/accept/${token}`;
}
