/**
 * Domain errors. Services throw these; `problem.ts` is the one place that turns them into an
 * HTTP status with problem+json, and the UI's error page into HTML. `code` is stable: clients
 * may branch on it, so a shipped code is never renamed.
 */
export interface FieldProblem {
  /** JSON pointer-ish dotted path of the field, e.g. `address.postcode`; empty for the whole body. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    /** Stable machine-readable code, snake_case. */
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: { fields?: FieldProblem[]; headers?: Record<string, string>; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The resource does not exist, or the caller may not know that it exists. */
export const notFound = (what = 'The resource') => new DomainError('not_found', 404, `${what} was not found.`);
/** Signing in is needed. */
export const unauthenticated = (message = 'You need to sign in to do this.') =>
  new DomainError('unauthenticated', 401, message);
/** Signed in, but not allowed. */
export const forbidden = (message = 'You are not allowed to do this.') => new DomainError('forbidden', 403, message);
/** Input failed validation; `fields` says which and why. */
export const invalidInput = (fields: FieldProblem[], message = 'Some of the input is not valid.') =>
  new DomainError('validation_failed', 422, message, { fields });
/** The request conflicts with the current state (duplicate, wrong status). */
export const conflict = (code: string, message: string) => new DomainError(code, 409, message);
/** A fresh passkey check is needed before this action (signing, key changes). */
export const reauthenticationRequired = () =>
  new DomainError('reauthentication_required', 401, 'Confirm it is you with your passkey before doing this.');
/** Too many attempts. */
export const tooManyRequests = (retryAfterSeconds: number) =>
  new DomainError('rate_limited', 429, 'Too many attempts. Wait a little and try again.', {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
