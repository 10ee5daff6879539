import { DUPLICATE_KEY } from '../../../shared/ports/document-store.ts';
import type { TBulkWriteResult } from '../../../shared/ports/document-store.ts';

/**
 * Errors shaped like the `mongodb` driver's, so callers handle both stores the same way:
 * `MongoServerError` (`code`, `errmsg`, and for duplicate keys `keyPattern`/`keyValue`) and
 * `MongoBulkWriteError` (`writeErrors[{index, code, errmsg}]`, `result`, and the count getters).
 * Codes: https://www.mongodb.com/docs/manual/reference/error-codes/
 */
export class StoreServerError extends Error {
  readonly code: number;
  readonly errmsg: string;
  readonly keyPattern?: Record<string, 1 | -1>;
  readonly keyValue?: Record<string, unknown>;

  constructor(code: number, message: string, details: { keyPattern?: Record<string, 1 | -1>; keyValue?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'MongoServerError';
    this.code = code;
    this.errmsg = message;
    if (details.keyPattern) this.keyPattern = details.keyPattern;
    if (details.keyValue) this.keyValue = details.keyValue;
  }
}

export const storeError = (code: number, message: string): StoreServerError => new StoreServerError(code, message);

export function duplicateKeyError(
  namespace: string,
  indexName: string,
  keyPattern: Record<string, 1 | -1>,
  keyValue: Record<string, unknown>,
): StoreServerError {
  const shown = Object.entries(keyValue)
    .map(([field, value]) => `${field}: ${formatValue(value)}`)
    .join(', ');
  return new StoreServerError(DUPLICATE_KEY, `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: { ${shown} }`, {
    keyPattern,
    keyValue,
  });
}

/** Values as the server prints them in messages (shell syntax). */
function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([field, item]) => `${field}: ${formatValue(item)}`)
      .join(', ')} }`;
  }
  return String(value);
}

/** One failed operation of a batch: its position in the batch and the server error. */
export interface TWriteError {
  readonly index: number;
  readonly code: number;
  readonly errmsg: string;
  readonly keyPattern?: Record<string, 1 | -1>;
  readonly keyValue?: Record<string, unknown>;
}

export class StoreBulkWriteError extends Error {
  readonly code: number;
  readonly writeErrors: TWriteError[];
  readonly result: TBulkWriteResult;

  constructor(writeErrors: TWriteError[], result: TBulkWriteResult) {
    const first = writeErrors[0];
    super(first?.errmsg ?? 'write operation failed');
    this.name = 'MongoBulkWriteError';
    this.code = first?.code ?? 0;
    this.writeErrors = writeErrors;
    this.result = result;
  }

  get insertedCount(): number {
    return this.result.insertedCount;
  }
  get matchedCount(): number {
    return this.result.matchedCount;
  }
  get modifiedCount(): number {
    return this.result.modifiedCount;
  }
  get deletedCount(): number {
    return this.result.deletedCount;
  }
  get upsertedCount(): number {
    return this.result.upsertedCount;
  }
}

export function toWriteError(index: number, error: unknown): TWriteError {
  if (error instanceof StoreServerError) {
    return {
      index,
      code: error.code,
      errmsg: error.errmsg,
      ...(error.keyPattern ? { keyPattern: error.keyPattern } : {}),
      ...(error.keyValue ? { keyValue: error.keyValue } : {}),
    };
  }
  throw error;
}
