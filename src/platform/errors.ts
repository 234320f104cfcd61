/** The closed set of error codes Patron answers with, and the one map from code to HTTP status. */
export const errorStatus = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  request_in_progress: 409,
  transition_not_allowed: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  idempotency_key_reused: 422,
  unprocessable: 422,
  precondition_required: 428,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface FieldError {
  /** Dotted path of the offending field, e.g. `email` or `groups.0`. */
  field: string;
  message: string;
}

export interface AppErrorDetails {
  errors?: FieldError[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return errorStatus[this.code];
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} was not found`);
  }

  static forbidden(message = 'You do not have the right to do this'): AppError {
    return new AppError('forbidden', message);
  }

  static invalid(field: string, message: string): AppError {
    return new AppError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
  }

  static conflict(message: string, field?: string): AppError {
    return new AppError('conflict', message, field ? { errors: [{ field, message }] } : {});
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return findPgCode(error) === '23505';
}

/** A missing referenced row (23503), or a delete of a row that ON DELETE RESTRICT protects (23001). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = findPgCode(error);
  return code === '23503' || code === '23001';
}

/** Drizzle wraps driver errors; the SQLSTATE may sit on the error or its cause. */
function findPgCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
