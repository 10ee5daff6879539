import type { Readable } from 'node:stream';

/**
 * What a handler returns when plain JSON with the route's status is not enough:
 * a stream (CSV export), text (TwiML), or an empty response.
 */
export class Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly kind: 'json' | 'text' | 'stream' | 'empty';

  private constructor(kind: Reply['kind'], status: number, body: unknown, headers: Record<string, string>) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  static json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
    return new Reply('json', status, body, headers);
  }

  static text(body: string, contentType: string, status = 200, headers: Record<string, string> = {}): Reply {
    return new Reply('text', status, body, { 'content-type': contentType, ...headers });
  }

  static stream(body: Readable, options: { contentType: string; filename?: string; status?: number }): Reply {
    const headers: Record<string, string> = { 'content-type': options.contentType };
    if (options.filename) headers['content-disposition'] = `attachment; filename="${options.filename.replace(/[^\w.-]/g, '_')}"`;
    return new Reply('stream', options.status ?? 200, body, headers);
  }

  static empty(status = 204, headers: Record<string, string> = {}): Reply {
    return new Reply('empty', status, undefined, headers);
  }
}
