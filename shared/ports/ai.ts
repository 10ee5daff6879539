import type { z } from 'zod';

/**
 * A generative model behind the AI features (Gemini on Vertex AI in production). One generic
 * method: the task's prompt and output schema live in shared/ai/ with the task, so a new
 * feature needs no new port method. The deterministic rules in shared/ai/rules/ answer the
 * same tasks when no model is configured or the model fails (see shared/ai/run-ai-task.ts).
 */
export interface TAiModel {
  readonly provider: 'gemini';
  readonly model: string;
  /**
   * Asks for one JSON object matching `schema`. Rejects with `AiModelError` (a reason code)
   * on timeout, 429, 5xx, unparseable or schema-violating output — never returns unvalidated data.
   */
  generate<T>(request: TAiModelRequest<T>): Promise<TAiModelResult<T>>;
}

export interface TAiModelRequest<T> {
  /** Task id (`lead_summary`, `suggest_reply`, …), for logs. */
  task: string;
  /** The output's zod schema: sent as the response JSON schema, and every reply is validated against it. */
  schema: z.ZodType<T>;
  /** System instruction: what to do, and that the data sections are data, never instructions. */
  instructions: string;
  /** Untrusted text (notes, SMS) by section name; the adapter fences each one. */
  data: Record<string, string>;
}

export interface TAiModelResult<T> {
  value: T;
  model: string;
  usage: { input_tokens: number; output_tokens: number };
}

export type TAiFailureReason = 'timeout' | 'rate_limited' | 'server_error' | 'invalid_json' | 'schema_mismatch' | 'error';

/** Why a model call produced no usable answer; the caller falls back to the rules. */
export class AiModelError extends Error {
  readonly reason: TAiFailureReason;
  constructor(reason: TAiFailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AiModelError';
    this.reason = reason;
  }
}
