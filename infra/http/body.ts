import type { IncomingMessage } from 'node:http';
import { AppError } from '../../shared/errors/app-error.ts';
import type { TBodyType } from './route.ts';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** The Functions Framework has already read the body into `rawBody`; the local host has not. */
type TRequestWithRawBody = IncomingMessage & { rawBody?: Buffer };

/** Reads the request body once, enforcing the size limit before buffering more than allowed. */
export async function readRawBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const preRead = (req as TRequestWithRawBody).rawBody;
  if (preRead !== undefined) {
    if (preRead.length > maxBytes) throw tooLarge(maxBytes);
    return preRead;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge(maxBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (maxBytes: number) =>
  new AppError('payload_too_large', `The request body is larger than ${formatBytes(maxBytes)}`, { extensions: { maxBytes } });

const formatBytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);

/** `application/json; charset=utf-8` → `application/json` */
export function mediaType(req: IncomingMessage): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

const EXPECTED: Record<Exclude<TBodyType, 'raw'>, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
};

/**
 * Decodes a body of the route's type. JSON bodies may not carry `$`-prefixed keys anywhere:
 * no client value can ever become a query operator, whatever a schema further down allows.
 */
export function decodeBody(raw: Buffer, type: Exclude<TBodyType, 'raw'>, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType !== EXPECTED[type]) {
    throw new AppError('unsupported_media_type', `Send the body as ${EXPECTED[type]}${contentType ? `, not ${contentType}` : ''}`, {
      extensions: { accepted: [EXPECTED[type]] },
    });
  }
  if (type === 'form') return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new AppError('invalid', `The body is not valid JSON: ${(error as Error).message}`, {
      fieldErrors: [{ location: 'body', field: '', detail: 'Malformed JSON' }],
    });
  }
  const operatorPath = findOperatorKey(parsed, []);
  if (operatorPath) {
    throw new AppError('invalid', `Field names may not start with "$" (${operatorPath})`, {
      fieldErrors: [{ location: 'body', field: operatorPath, detail: 'Field names may not start with "$"' }],
    });
  }
  return parsed;
}

function findOperatorKey(value: unknown, path: string[]): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findOperatorKey(item, [...path, String(index)]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.startsWith('$')) return [...path, key].join('.');
      const found = findOperatorKey(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** `?a=1&a=2&b=x` → `{a: ['1','2'], b: 'x'}`. */
export function queryObject(search: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const existing = result[key];
    if (existing === undefined) result[key] = value;
    else result[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}
