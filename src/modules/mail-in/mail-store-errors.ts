/**
 * The database could not take the mail: the SMTP listener answers 451 and `mail ingest` exits 75
 * (EX_TEMPFAIL), so the sending server keeps the message and tries again later.
 */
export class MailStoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`The mail store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'MailStoreUnavailableError';
  }
}

const transientCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOSPC']);

/**
 * Errors that say nothing about the mail and everything about the database (or disk): lost or
 * refused connections, a closed pool, deadlocks and serialisation failures (SQLSTATE classes 08,
 * 40, 53, 57, 58). Retrying later is right for these; quarantining the mail would be wrong.
 */
export function isTransientStoreError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (transientCodes.has(code) || /^(08|40|53|57|58)[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && /PGlite is closed|Connection terminated|Cannot use a pool after calling end|connection timeout|Client has encountered a connection error/i.test(message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
