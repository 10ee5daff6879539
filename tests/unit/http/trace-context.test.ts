import { describe, expect, it } from 'vitest';
import { readTraceContext } from '../../../infra/http/trace-context.ts';

describe('readTraceContext', () => {
  it('reads a W3C traceparent', () => {
    expect(readTraceContext({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
    });
  });

  it("falls back to Google's X-Cloud-Trace-Context", () => {
    expect(readTraceContext({ 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1' })).toEqual({
      traceId: '105445aa7843bc8bf206b12000100000',
      spanId: '1',
    });
  });

  it('starts a new trace when neither header is usable', () => {
    const context = readTraceContext({ traceparent: 'garbage' });
    expect(context.traceId).toMatch(/^[\da-f]{32}$/);
    expect(context.spanId).toBeUndefined();
  });
});
