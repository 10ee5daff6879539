import { createHash } from 'node:crypto';
import type { TGoogleRestClient } from './google-rest-client.ts';
import { isGoogleApiError } from './google-rest-client.ts';

/**
 * The slice of the Firestore REST API the ledger and the rate limiter need: typed values,
 * `documents.get` and `documents:commit` with preconditions and field transforms.
 * https://cloud.google.com/firestore/docs/reference/rest/v1/projects.databases.documents
 */

/** A Firestore `Value` (only the kinds we write). int64 travels as a decimal string. */
export type TFirestoreValue =
  | { stringValue: string }
  | { integerValue: string }
  | { booleanValue: boolean }
  | { timestampValue: string }
  | { nullValue: null };

export type TFirestoreFields = Record<string, TFirestoreValue>;

export interface TFirestoreDocument {
  /** `projects/{p}/databases/{d}/documents/{collection}/{id}` */
  name: string;
  fields?: TFirestoreFields;
  createTime?: string;
  /** Server time of the last write (RFC 3339, µs); the optimistic-concurrency token. */
  updateTime?: string;
}

/** `Write.currentDocument`: `{exists}` fails with ALREADY_EXISTS / NOT_FOUND, `{updateTime}` with FAILED_PRECONDITION. */
export type TPrecondition = { exists: boolean } | { updateTime: string };

export type TFirestoreWrite =
  | {
      update: { name: string; fields: TFirestoreFields };
      /** Only these fields are written (others are kept); absent = replace the document. */
      updateMask?: { fieldPaths: string[] };
      /** Applied after `update`, atomically; results come back in `transformResults`. */
      updateTransforms?: { fieldPath: string; increment: TFirestoreValue }[];
      currentDocument?: TPrecondition;
    }
  | { delete: string; currentDocument?: TPrecondition };

export interface TWriteResult {
  updateTime?: string;
  transformResults?: TFirestoreValue[];
}

export const firestoreValue = {
  string: (value: string): TFirestoreValue => ({ stringValue: value }),
  integer: (value: number): TFirestoreValue => ({ integerValue: String(Math.trunc(value)) }),
  timestamp: (value: Date): TFirestoreValue => ({ timestampValue: value.toISOString() }),
};

export function readString(fields: TFirestoreFields | undefined, field: string): string | undefined {
  const value = fields?.[field];
  return value && 'stringValue' in value ? value.stringValue : undefined;
}

export function readInteger(value: TFirestoreValue | undefined): number | undefined {
  return value && 'integerValue' in value ? Number(value.integerValue) : undefined;
}

export function readTimestamp(fields: TFirestoreFields | undefined, field: string): Date | undefined {
  const value = fields?.[field];
  return value && 'timestampValue' in value ? new Date(value.timestampValue) : undefined;
}

/** Document ids may not contain `/` and are limited in size: keys are hashed, and kept readable in a field. */
export const documentIdFor = (key: string): string => createHash('sha256').update(key).digest('hex');

export interface TFirestoreRest {
  /** Full resource name of a document. */
  documentName(collection: string, id: string): string;
  get(name: string): Promise<TFirestoreDocument | undefined>;
  /** Applies the writes atomically; throws `GoogleApiError` when a precondition fails. */
  commit(writes: TFirestoreWrite[]): Promise<TWriteResult[]>;
}

export function createFirestoreRest(options: { client: TGoogleRestClient; projectId: string; databaseId?: string }): TFirestoreRest {
  const database = `projects/${options.projectId}/databases/${options.databaseId ?? '(default)'}`;
  return {
    documentName: (collection, id) => `${database}/documents/${collection}/${id}`,

    async get(name) {
      try {
        return await options.client.request<TFirestoreDocument>({ service: 'firestore', method: 'GET', path: `/v1/${name}`, idempotent: true });
      } catch (error) {
        if (isGoogleApiError(error, 'NOT_FOUND')) return undefined;
        throw error;
      }
    },

    async commit(writes) {
      // Not retried here: increments are not idempotent; callers with preconditions retry by re-reading.
      const response = await options.client.request<{ writeResults?: TWriteResult[] }>({
        service: 'firestore',
        method: 'POST',
        path: `/v1/${database}/documents:commit`,
        body: { writes },
        idempotent: false,
      });
      return response.writeResults ?? [];
    },
  };
}
