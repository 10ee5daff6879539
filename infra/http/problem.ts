import type { z } from 'zod';
import { AppError, type TErrorCode, type TFieldError } from '../../shared/errors/app-error.ts';
import { isDuplicateKeyError } from '../../shared/ports/document-store.ts';

const TITLES: Record<TErrorCode, string> = {
  invalid: 'Invalid request',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  plan_limit: 'Plan limit reached',
  feature_disabled: 'Not included in your plan',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests',
  unavailable: 'Temporarily unavailable',
};

/** RFC 9457 problem details, with `code`, `requestId` and per-field `errors` as extension members. */
export interface TProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: TFieldError[];
  [extension: string]: unknown;
}

export function toProblem(error: unknown, requestId: string): { problem: TProblem; retryAfterSeconds?: number; unexpected: boolean } {
  const known = asAppError(error);
  if (!known) {
    return {
      unexpected: true,
      problem: {
        type: 'about:blank',
        title: 'Internal error',
        status: 500,
        detail: 'Something went wrong on our side. The request id helps us find it.',
        code: 'internal',
        requestId,
      },
    };
  }
  const problem: TProblem = {
    ...known.extensions,
    type: `https://dealcycle.dev/problems/${known.code.replace(/_/g, '-')}`,
    title: TITLES[known.code],
    status: known.status,
    detail: known.message,
    code: known.code,
    requestId,
  };
  if (known.fieldErrors.length > 0) problem.errors = known.fieldErrors;
  return { problem, retryAfterSeconds: known.retryAfterSeconds, unexpected: false };
}

function asAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isDuplicateKeyError(error)) return new AppError('conflict', 'A record with the same unique value already exists');
  return undefined;
}

/** Zod issues → field errors; unknown keys become one error per key so forms can point at them. */
export function fieldErrorsFromZod(error: z.ZodError, location: TFieldError['location']): TFieldError[] {
  return error.issues.flatMap((issue): TFieldError[] => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ location, field: base ? `${base}.${key}` : key, detail: 'Unknown field' }));
    }
    return [{ location, field: base, detail: issue.message }];
  });
}

export function validationError(error: z.ZodError, location: TFieldError['location']): AppError {
  const fieldErrors = fieldErrorsFromZod(error, location);
  const first = fieldErrors[0];
  const summary = first ? `${first.field || location}: ${first.detail}` : 'Invalid input';
  return new AppError('invalid', fieldErrors.length > 1 ? `${summary} (and ${fieldErrors.length - 1} more)` : summary, { fieldErrors });
}
