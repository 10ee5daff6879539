import type { z } from 'zod';
import { ApiError } from './api-client.ts';

/** Field errors by dot path (`address.zip`), the first message per field — the API's problem+json uses the same paths. */
export type TFieldErrors = Record<string, string>;

/** Validates form values with the API's own zod schema; returns the parsed value or per-field errors. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): { ok: true; value: z.output<S> } | { ok: false; errors: TFieldErrors } {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, value: result.data };
  const errors: TFieldErrors = {};
  for (const issue of result.error.issues) errors[issue.path.join('.') || '_'] ??= issue.message;
  return { ok: false, errors };
}

/** Splits a failed request into field errors (shown by each field) and a message for the rest. */
export function problemToForm(error: unknown): { fields: TFieldErrors; message: string | null } {
  if (error instanceof ApiError) {
    const fields = error.fieldErrors;
    return { fields, message: Object.keys(fields).length > 0 && error.status === 400 ? null : error.message };
  }
  return { fields: {}, message: error instanceof Error ? error.message : 'Something went wrong.' };
}
