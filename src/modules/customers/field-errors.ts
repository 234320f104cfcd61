import { AppError, type FieldError } from '../../platform/errors.js';

/** One 400 listing every bad field, so a form can mark them all at once. */
export function assertNoFieldErrors(errors: FieldError[], what = 'Invalid request'): void {
  if (errors.length) throw new AppError('validation_failed', `${what}: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}`, { errors });
}
