/**
 * The per-user "email-to-activity" address: `activity+<user id>.<signature>@domain`. Staff forward
 * a customer's mail to it and the mail is logged on that customer's timeline. Signed like the
 * reply address, so nobody can log notes in a colleague's name by guessing it. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

function signature(userHex: string, secret: string): string {
  return createHmac('sha256', secret).update(`patron.activity-address:${userHex}`).digest('hex').slice(0, 16);
}

export function activityAddress(userId: string, domain: string, secret: string): string {
  const userHex = userId.replace(/-/g, '').toLowerCase();
  return `activity+${userHex}.${signature(userHex, secret)}@${domain}`;
}

/** The user an activity address was signed for, or null when it is not one or forged. */
export function verifyActivityAddress(address: string, secret: string): string | null {
  const match = /^activity\+([0-9a-f]{32})\.([0-9a-f]{16})@/i.exec(address.trim());
  if (!match) return null;
  const userHex = match[1]!.toLowerCase();
  const expected = Buffer.from(signature(userHex, secret));
  const given = Buffer.from(match[2]!.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return `${userHex.slice(0, 8)}-${userHex.slice(8, 12)}-${userHex.slice(12, 16)}-${userHex.slice(16, 20)}-${userHex.slice(20)}`;
}
