import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export function etagFor(version: number): string {
  return `W/"${version}"`;
}

/** Sets the ETag that a later PATCH must send back in If-Match. */
export function setVersionTag(reply: FastifyReply, version: number): void {
  reply.header('ETag', etagFor(version));
}

/**
 * The version a PATCH claims to be editing: from If-Match, or from `version` in the body.
 * Without either the write is refused (428), so nobody overwrites a change they never saw.
 */
export function expectedVersion(request: FastifyRequest, bodyVersion: number | undefined): number {
  const header = request.headers['if-match'];
  if (typeof header === 'string' && header.trim() !== '') {
    const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
    if (!match) throw AppError.invalid('If-Match', 'must be an ETag returned by a GET, like W/"3"');
    return Number(match[1]);
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new AppError('precondition_required', 'Send the If-Match header (the ETag from GET) or `version` in the body', {
    errors: [{ field: 'version', message: 'is required (or send If-Match)' }],
  });
}

export function staleVersionError(what: string): AppError {
  return new AppError('precondition_failed', `${what} was changed by someone else; reload it and try again`);
}
