import { randomBytes } from 'node:crypto';

export interface TTraceContext {
  traceId: string;
  spanId: string | undefined;
}

/**
 * The request's correlation id: the W3C `traceparent` (00-<32 hex trace>-<16 hex span>-<flags>),
 * else Google's `X-Cloud-Trace-Context` (<trace>/<span decimal>;o=1), else a new trace id.
 */
export function readTraceContext(headers: Record<string, string | string[] | undefined>): TTraceContext {
  const traceparent = header(headers, 'traceparent');
  const w3c = traceparent?.match(/^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-[\da-f]{2}$/);
  if (w3c?.[1] && !/^0+$/.test(w3c[1])) return { traceId: w3c[1], spanId: w3c[2] };
  const google = header(headers, 'x-cloud-trace-context')?.match(/^([\da-f]{32})(?:\/(\d+))?/);
  if (google?.[1]) return { traceId: google[1], spanId: google[2] };
  return { traceId: randomBytes(16).toString('hex'), spanId: undefined };
}

export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
