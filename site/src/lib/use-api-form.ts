import { useState } from 'react';
import type { z } from 'zod';
import { problemToForm, validate, type TFieldErrors } from './form-errors.ts';

export interface TApiFormOptions<S extends z.ZodType, R> {
  /** The API's request schema, usually imported lazily so zod loads with the form, not the page. */
  schema: () => Promise<S>;
  /** Sends the validated value; what it resolves with goes to `onDone`. */
  send: (value: z.output<S>) => Promise<R>;
  onDone: (result: R) => void;
  /** A message of your own for some failures (e.g. a 409); return null to use the API's. */
  describe?: (error: unknown) => string | null;
}

/**
 * One form round trip: validate with the API's schema, send, and show what went wrong — zod issues
 * and problem+json field errors under their fields (same dot paths), anything else as one message.
 */
export function useApiForm<S extends z.ZodType, R>({ schema, send, onDone, describe }: TApiFormOptions<S, R>) {
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: unknown): Promise<void> => {
    setMessage(null);
    const parsed = validate(await schema(), values);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setBusy(true);
    try {
      onDone(await send(parsed.value));
    } catch (error) {
      const problem = problemToForm(error);
      setErrors(problem.fields);
      setMessage(describe?.(error) ?? problem.message);
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setErrors({});
    setMessage(null);
  };

  return { errors, message, busy, submit, reset };
}
