/**
 * The one error type services throw. The HTTP pipeline maps `code` to a status and an
 * `application/problem+json` body (RFC 9457) in one place; nothing else formats errors.
 */
export const ERROR_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  plan_limit: 403,
  feature_disabled: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

/** One field's problem: where it was (`body`, `query`, `params`), its dot path, and why. */
export interface TFieldError {
  location: 'body' | 'query' | 'params' | 'headers' | 'file';
  field: string;
  detail: string;
}

export interface TAppErrorOptions {
  fieldErrors?: TFieldError[];
  /** Seconds a client should wait before retrying (429/503). */
  retryAfterSeconds?: number;
  /** Extra machine-readable members for the problem body (e.g. `{limit: 1000}`). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: TErrorCode;
  readonly fieldErrors: TFieldError[];
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(code: TErrorCode, message: string, options: TAppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = options.fieldErrors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string): AppError => new AppError('not_found', `${what} not found`);

export const invalid = (field: string, detail: string, location: TFieldError['location'] = 'body'): AppError =>
  new AppError('invalid', detail, { fieldErrors: [{ location, field, detail }] });

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
