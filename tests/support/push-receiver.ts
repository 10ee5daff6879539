import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TPushEnvelope } from '../../shared/ports/queue.ts';

/** One POST the receiver got: the topic from `/api/jobs/<topic>`, the parsed envelope, the headers. */
export interface TReceivedPush {
  topic: string;
  envelope: TPushEnvelope;
  headers: IncomingHttpHeaders;
}

/** Decides the answer to one push: an HTTP status, or a promise of one (to hold a delivery open). */
export type TPushResponder = (push: TReceivedPush) => number | Promise<number>;

export interface TPushReceiver {
  /** Base URL, e.g. `http://127.0.0.1:1234`; pushes go to `<url>/api/jobs/<topic>`. */
  readonly url: string;
  readonly received: TReceivedPush[];
  /** Payloads of the received envelopes, decoded from base64 JSON. */
  payloads(): unknown[];
  respondWith(responder: TPushResponder): void;
  close(): Promise<void>;
}

/** A local HTTP endpoint standing in for the `jobs` function: records every push and answers as told (204 by default). */
export async function startPushReceiver(): Promise<TPushReceiver> {
  const received: TReceivedPush[] = [];
  let responder: TPushResponder = () => 204;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const match = /^\/api\/jobs\/([^/?]+)/.exec(request.url ?? '');
      const push: TReceivedPush = {
        topic: match?.[1] ?? '',
        envelope: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as TPushEnvelope,
        headers: request.headers,
      };
      received.push(push);
      Promise.resolve(responder(push)).then(
        (status) => {
          response.writeHead(status).end();
        },
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    payloads: () => received.map((push) => JSON.parse(Buffer.from(push.envelope.message.data, 'base64').toString('utf8')) as unknown),
    respondWith: (next) => {
      responder = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
