import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { constantTimeEqual } from '../secrets.js';

/**
 * Keeping bots out of public forms without a third-party service: a honeypot field, a minimum
 * time between showing a form and sending it, and the per-address limits of rate-limit.ts.
 */

/**
 * The honeypot: a field the form hides from people (off-screen, out of the tab order, not
 * autofilled). Bots fill every field they find, so a value here means a bot.
 */
export const honeypotInput = z.string().max(500).optional().describe('Leave empty: a field hidden from people that only bots fill');

export function honeypotFilled(value: string | undefined | null): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function signature(secret: string, scope: string, shownAtMs: number): string {
  return createHmac('sha256', secret).update(`form-start:${scope}:${shownAtMs}`).digest('base64url').slice(0, 32);
}

/** A signed note of when a form was shown, sent back with the submission (`scope`: which form). */
export function signFormStart(secret: string, scope: string, shownAt: Date): string {
  const shownAtMs = shownAt.getTime();
  return `${shownAtMs}.${signature(secret, scope, shownAtMs)}`;
}

/**
 * How long ago the form was shown, in seconds, or null when the token is not one this server
 * signed for this form. People take a few seconds to fill a form; a script posts at once.
 */
export function secondsSinceFormStart(token: string, secret: string, scope: string, now: Date): number | null {
  const match = /^(\d{1,15})\.([\w-]{32})$/.exec(token);
  if (!match) return null;
  const shownAtMs = Number(match[1]);
  if (!constantTimeEqual(match[2]!, signature(secret, scope, shownAtMs))) return null;
  return (now.getTime() - shownAtMs) / 1000;
}
