import { createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32c } from '../../infra/google/secret-manager-secrets.ts';
import type { TClock } from '../../shared/ports/clock.ts';

/**
 * A local stand-in for the few Google REST endpoints DealCycle calls, answering like the
 * real APIs (paths, status codes, `{error: {code, status, message}}` bodies, preconditions):
 *
 * - Pub/Sub `topics.publish`, and push delivery of what was published (`dispatch`)
 * - Cloud Tasks `tasks.create` with named-task dedupe and the 30-day limit, and dispatch of due
 *   HTTP tasks with an OIDC token, as Cloud Tasks does
 * - Firestore `documents.get` and `documents:commit` (exists/updateTime preconditions,
 *   update masks, increment transforms with `transformResults`, deletes), atomically
 * - Secret Manager `versions/latest:access` (base64 payload with its CRC32C)
 * - Cloud Storage (JSON API) simple media uploads, downloads (`alt=media`), object metadata
 *   and deletes, with GCS's error bodies (`{error: {code, message, errors}}`, no `status`)
 * - Google's OAuth2 PEM certificates endpoint, serving a locally generated RSA key that
 *   `mintIdToken` signs with, so `OAuth2Client.verifyIdToken` runs unmodified
 *
 * Every API request is recorded (method, path, headers, JSON body) for assertions, and
 * faults can be injected per path (status, body, or a response that never comes).
 */

export interface TRecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
  body: unknown;
}

export interface TFault {
  /** Matches when the request path contains this text. */
  path: string;
  /** HTTP status to answer with; absent together with `hang` means no response at all. */
  status?: number;
  /** Raw body; defaults to Google's error JSON for the status. */
  body?: string;
  /** Never answer (the client's deadline must fire). */
  hang?: boolean;
  /** How many matching requests fail; default 1. */
  times?: number;
}

export interface TPushTarget {
  /** Where a Pub/Sub push subscription for `topic` delivers. */
  pushEndpoint(topic: string): string;
  /** The push subscription's OIDC service account and audience. */
  serviceAccountEmail: string;
  audience: string;
}

export interface TDispatchResult {
  delivered: number;
  failed: number;
}

interface TStoredDocument {
  fields: Record<string, TValue>;
  createTime: string;
  updateTime: string;
}

type TValue = Record<string, unknown>;

interface TPubSubMessage {
  topic: string;
  messageId: string;
  data: string;
  attributes?: Record<string, string>;
  publishTime: string;
  deliveryAttempt: number;
}

interface TStoredTask {
  name: string;
  queue: string;
  scheduleTime: string;
  createTime: string;
  httpRequest: { url: string; httpMethod: string; headers?: Record<string, string>; body?: string; oidcToken?: { serviceAccountEmail: string; audience?: string } };
  dispatchCount: number;
}

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

class ApiError extends Error {
  readonly httpStatus: number;
  readonly status: string;
  constructor(httpStatus: number, status: string, message: string) {
    super(message);
    this.httpStatus = httpStatus;
    this.status = status;
  }
}

const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 3600_000;

export interface TGoogleApiEmulator {
  /** `http://127.0.0.1:<port>`: the base URL for every service. */
  readonly url: string;
  /** The PEM certificates URL for `OAuth2Client` (Google's `/oauth2/v1/certs`). */
  readonly certsUrl: string;
  readonly projectId: string;
  readonly requests: TRecordedRequest[];
  /** How many times the certificates endpoint was fetched. */
  readonly certsFetches: number;
  fault(fault: TFault): void;
  setSecret(name: string, value: string): void;
  /** Signs an ID token like Google's (RS256, `kid`), with the claims a push request carries. */
  mintIdToken(claims: { audience: string; email: string; emailVerified?: boolean; issuer?: string; expiresInSeconds?: number }): string;
  /** Delivers published messages and tasks due at the clock's time; failures stay for the next call. */
  dispatch(target: TPushTarget): Promise<TDispatchResult>;
  readonly published: readonly TPubSubMessage[];
  readonly tasks: ReadonlyMap<string, TStoredTask>;
  document(collection: string, id: string): TStoredDocument | undefined;
  /** A stored Cloud Storage object's bytes and content type. */
  object(bucket: string, name: string): { data: Buffer; contentType: string } | undefined;
  close(): Promise<void>;
}

export async function startGoogleApiEmulator(options: {
  clock: TClock;
  projectId?: string;
  accessToken?: string;
  topics?: string[];
  queues?: string[];
  buckets?: string[];
}): Promise<TGoogleApiEmulator> {
  const { clock } = options;
  const projectId = options.projectId ?? 'demo-dealcycle';
  const accessToken = options.accessToken ?? 'test-access-token';
  const topics = new Set(options.topics ?? ['domain-events', 'workflow-steps', 'jobs']);
  const queues = new Set(options.queues ?? ['workflow-steps', 'jobs']);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = randomBytes(8).toString('hex');

  const requests: TRecordedRequest[] = [];
  const faults: (TFault & { remaining: number })[] = [];
  const secrets = new Map<string, string[]>();
  const published: TPubSubMessage[] = [];
  const tasks = new Map<string, TStoredTask>();
  /** Names of tasks that ran or were dispatched: Cloud Tasks keeps them reserved for a while. */
  const tombstones = new Set<string>();
  const documents = new Map<string, TStoredDocument>();
  const buckets = new Set(options.buckets ?? ['dealcycle-uploads']);
  const objects = new Map<string, { data: Buffer; contentType: string; generation: number }>();
  let nextGeneration = 1_700_000_000_000_000;
  const hanging = new Set<ServerResponse>();
  let nextMessageId = 1_000_000;
  let certsFetches = 0;
  let lastUpdateMicros = 0;

  const databasePrefix = `projects/${projectId}/databases/(default)/documents/`;

  /** Server update times are unique and increasing per write, as Firestore's are (µs precision). */
  function nextUpdateTime(): string {
    lastUpdateMicros = Math.max(lastUpdateMicros + 1, Date.now() * 1000);
    const millis = Math.floor(lastUpdateMicros / 1000);
    const iso = new Date(millis).toISOString();
    return `${iso.slice(0, 19)}.${String(lastUpdateMicros % 1_000_000).padStart(6, '0')}Z`;
  }

  function route(method: string, path: string, body: unknown): unknown {
    const pubsub = /^\/v1\/projects\/([^/]+)\/topics\/([^/:]+):publish$/.exec(path);
    if (pubsub && method === 'POST') return publish(pubsub[1] ?? '', pubsub[2] ?? '', body);
    const createTask = /^\/v2\/(projects\/([^/]+)\/locations\/([^/]+)\/queues\/([^/]+))\/tasks$/.exec(path);
    if (createTask && method === 'POST') return createTaskFor(createTask[1] ?? '', createTask[2] ?? '', createTask[4] ?? '', body);
    if (method === 'POST' && path === `/v1/projects/${projectId}/databases/(default)/documents:commit`) return commit(body);
    if (method === 'GET' && path.startsWith(`/v1/${databasePrefix}`)) return getDocument(path.slice(4));
    const secret = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions\/latest:access$/.exec(path);
    if (secret && method === 'GET') return accessSecret(secret[1] ?? '', secret[2] ?? '');
    throw new ApiError(404, 'NOT_FOUND', `No route for ${method} ${path}`);
  }

  function publish(project: string, topic: string, body: unknown): unknown {
    if (project !== projectId || !topics.has(topic)) throw new ApiError(404, 'NOT_FOUND', `Resource not found (resource=${topic}).`);
    const messages = (body as { messages?: unknown } | undefined)?.messages;
    if (!Array.isArray(messages) || messages.length === 0) throw new ApiError(400, 'INVALID_ARGUMENT', 'The value for message_count is too small. You passed 0 in the request, but the minimum value is 1.');
    const ids: string[] = [];
    for (const message of messages as { data?: unknown; attributes?: unknown }[]) {
      if (message.data !== undefined && (typeof message.data !== 'string' || !isBase64(message.data))) throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid data in publish message.');
      if (message.attributes !== undefined && !isStringRecord(message.attributes)) throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid attributes in publish message.');
      if (!message.data && !message.attributes) throw new ApiError(400, 'INVALID_ARGUMENT', 'Some messages are empty: a message needs data or attributes.');
      const messageId = String(nextMessageId++);
      published.push({ topic, messageId, data: message.data ?? '', attributes: message.attributes, publishTime: clock.now().toISOString(), deliveryAttempt: 0 });
      ids.push(messageId);
    }
    return { messageIds: ids };
  }

  function createTaskFor(parent: string, project: string, queue: string, body: unknown): unknown {
    if (project !== projectId || !queues.has(queue)) throw new ApiError(404, 'NOT_FOUND', 'Requested entity was not found.');
    const task = (body as { task?: Partial<TStoredTask> } | undefined)?.task;
    if (!task?.httpRequest?.url) throw new ApiError(400, 'INVALID_ARGUMENT', 'Task.http_request.url is required.');
    const name = task.name ?? `${parent}/tasks/${randomBytes(8).toString('hex')}`;
    if (!name.startsWith(`${parent}/tasks/`) || !/^[A-Za-z0-9_-]{1,500}$/.test(name.slice(parent.length + 7))) {
      throw new ApiError(400, 'INVALID_ARGUMENT', `Task name "${name}" is invalid.`);
    }
    const now = clock.now();
    const scheduleTime = task.scheduleTime ?? now.toISOString();
    if (new Date(scheduleTime).getTime() > now.getTime() + MAX_SCHEDULE_AHEAD_MS) {
      throw new ApiError(400, 'INVALID_ARGUMENT', 'The task cannot be scheduled more than 30 days into the future.');
    }
    if (task.httpRequest.body !== undefined && !isBase64(task.httpRequest.body)) throw new ApiError(400, 'INVALID_ARGUMENT', 'Invalid value at task.http_request.body (TYPE_BYTES).');
    if (tasks.has(name) || tombstones.has(name)) throw new ApiError(409, 'ALREADY_EXISTS', 'Requested entity already exists');
    const stored: TStoredTask = { name, queue, scheduleTime, createTime: now.toISOString(), httpRequest: task.httpRequest, dispatchCount: 0 };
    tasks.set(name, stored);
    return { name, scheduleTime, createTime: stored.createTime, dispatchCount: 0, responseCount: 0, view: 'BASIC', httpRequest: { url: task.httpRequest.url, httpMethod: task.httpRequest.httpMethod } };
  }

  function getDocument(name: string): unknown {
    const stored = documents.get(name);
    if (!stored) throw new ApiError(404, 'NOT_FOUND', `Document "${name}" not found.`);
    return { name, fields: stored.fields, createTime: stored.createTime, updateTime: stored.updateTime };
  }

  function commit(body: unknown): unknown {
    const writes = (body as { writes?: unknown } | undefined)?.writes;
    if (!Array.isArray(writes)) throw new ApiError(400, 'INVALID_ARGUMENT', 'writes must be a list.');
    // Preconditions of every write are checked before anything is applied: a commit is atomic.
    const staged = new Map(documents);
    const results: { updateTime: string; transformResults?: TValue[] }[] = [];
    for (const write of writes as Record<string, unknown>[]) {
      const name = typeof write.delete === 'string' ? write.delete : ((write.update as { name?: unknown } | undefined)?.name as string | undefined);
      if (!name?.startsWith(databasePrefix)) throw new ApiError(400, 'INVALID_ARGUMENT', `Invalid document name "${String(name)}".`);
      const existing = staged.get(name);
      checkPrecondition(name, existing, write.currentDocument as Record<string, unknown> | undefined);
      const updateTime = nextUpdateTime();
      if (typeof write.delete === 'string') {
        staged.delete(name);
        results.push({ updateTime });
        continue;
      }
      const update = write.update as { fields?: Record<string, TValue> };
      const mask = (write.updateMask as { fieldPaths?: string[] } | undefined)?.fieldPaths;
      // With a mask, masked fields take the update's value (or disappear when it has none); the rest are kept.
      const kept = Object.entries(mask ? (existing?.fields ?? {}) : {}).filter(([field]) => !mask?.includes(field));
      const written = Object.entries(update.fields ?? {}).filter(([field]) => !mask || mask.includes(field));
      const fields: Record<string, TValue> = Object.fromEntries([...kept, ...written]);
      const transformResults: TValue[] = [];
      for (const transform of (write.updateTransforms as { fieldPath: string; increment?: TValue }[] | undefined) ?? []) {
        if (!transform.increment || typeof transform.increment.integerValue !== 'string') throw new ApiError(400, 'INVALID_ARGUMENT', 'Only integer increments are emulated.');
        const current = fields[transform.fieldPath];
        const base = current && typeof current.integerValue === 'string' ? BigInt(current.integerValue) : 0n;
        const next = { integerValue: String(base + BigInt(transform.increment.integerValue)) };
        fields[transform.fieldPath] = next;
        transformResults.push(next);
      }
      staged.set(name, { fields, createTime: existing?.createTime ?? updateTime, updateTime });
      results.push(transformResults.length > 0 ? { updateTime, transformResults } : { updateTime });
    }
    documents.clear();
    for (const [name, document] of staged) documents.set(name, document);
    return { writeResults: results, commitTime: results.at(-1)?.updateTime ?? nextUpdateTime() };
  }

  function checkPrecondition(name: string, existing: TStoredDocument | undefined, precondition: Record<string, unknown> | undefined): void {
    if (!precondition) return;
    if (precondition.exists === false && existing) throw new ApiError(409, 'ALREADY_EXISTS', `Document already exists: ${name}`);
    if (precondition.exists === true && !existing) throw new ApiError(404, 'NOT_FOUND', `No document to update: ${name}`);
    if (typeof precondition.updateTime === 'string' && existing?.updateTime !== precondition.updateTime) {
      throw new ApiError(400, 'FAILED_PRECONDITION', 'The referenced transaction has expired or is no longer valid, or the document was modified.');
    }
  }

  function accessSecret(project: string, secret: string): unknown {
    const versions = secrets.get(secret);
    if (project !== projectId || !versions || versions.length === 0) {
      throw new ApiError(404, 'NOT_FOUND', `Secret [projects/${project}/secrets/${secret}] not found or has no versions.`);
    }
    const data = Buffer.from(versions.at(-1) ?? '', 'utf8');
    return { name: `projects/123456789/secrets/${secret}/versions/${versions.length}`, payload: { data: data.toString('base64'), dataCrc32c: String(crc32c(data)) } };
  }

  function mintIdToken(claims: { audience: string; email: string; emailVerified?: boolean; issuer?: string; expiresInSeconds?: number }): string {
    const issuedAt = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', kid: keyId, typ: 'JWT' };
    const payload = {
      aud: claims.audience,
      azp: '112233445566778899000',
      email: claims.email,
      email_verified: claims.emailVerified ?? true,
      exp: issuedAt + (claims.expiresInSeconds ?? 3600),
      iat: issuedAt,
      iss: claims.issuer ?? 'https://accounts.google.com',
      sub: '112233445566778899000',
    };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
    return `${signingInput}.${signature}`;
  }

  async function dispatch(target: TPushTarget): Promise<TDispatchResult> {
    let delivered = 0;
    let failed = 0;
    for (const message of [...published]) {
      message.deliveryAttempt++;
      // Pub/Sub push sends both spellings of the message fields.
      const envelope = {
        message: {
          data: message.data,
          ...(message.attributes ? { attributes: message.attributes } : {}),
          messageId: message.messageId,
          message_id: message.messageId,
          publishTime: message.publishTime,
          publish_time: message.publishTime,
        },
        subscription: `projects/${projectId}/subscriptions/${message.topic}-push`,
        deliveryAttempt: message.deliveryAttempt,
      };
      const status = await post(target.pushEndpoint(message.topic), JSON.stringify(envelope), {
        'content-type': 'application/json',
        authorization: `Bearer ${mintIdToken({ audience: target.audience, email: target.serviceAccountEmail })}`,
      });
      if (status >= 200 && status < 300) {
        published.splice(published.indexOf(message), 1);
        delivered++;
      } else failed++;
    }
    const now = clock.now().getTime();
    for (const task of [...tasks.values()]) {
      if (new Date(task.scheduleTime).getTime() > now) continue;
      const { httpRequest } = task;
      const headers: Record<string, string> = {
        ...Object.fromEntries(Object.entries(httpRequest.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value])),
        'x-cloudtasks-queuename': task.queue,
        'x-cloudtasks-taskname': task.name.slice(task.name.lastIndexOf('/') + 1),
        'x-cloudtasks-taskretrycount': String(task.dispatchCount),
        'x-cloudtasks-taskexecutioncount': String(task.dispatchCount),
        'x-cloudtasks-tasketa': String(new Date(task.scheduleTime).getTime() / 1000),
      };
      if (httpRequest.oidcToken) {
        headers.authorization = `Bearer ${mintIdToken({ audience: httpRequest.oidcToken.audience ?? httpRequest.url, email: httpRequest.oidcToken.serviceAccountEmail })}`;
      }
      task.dispatchCount++;
      const status = await post(httpRequest.url, Buffer.from(httpRequest.body ?? '', 'base64').toString('utf8'), headers);
      if (status >= 200 && status < 300) {
        tasks.delete(task.name);
        tombstones.add(task.name);
        delivered++;
      } else failed++;
    }
    return { delivered, failed };
  }

  async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
    try {
      const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (request.method === 'GET' && path === '/oauth2/v1/certs') {
      certsFetches++;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' });
      response.end(JSON.stringify({ [keyId]: publicKey.export({ type: 'spki', format: 'pem' }) }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (path.startsWith('/storage/') || path.startsWith('/upload/storage/')) return handleStorage(request, response, Buffer.concat(chunks));
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return sendError(response, new ApiError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received.'));
    }
    requests.push({ method: request.method ?? 'GET', path, headers: { ...request.headers } as Record<string, string | undefined>, body });

    const fault = faults.find((candidate) => candidate.remaining > 0 && path.includes(candidate.path));
    if (fault) {
      fault.remaining--;
      if (fault.hang) {
        hanging.add(response);
        return;
      }
      const status = fault.status ?? 500;
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(fault.body ?? JSON.stringify({ error: { code: status, message: `Injected ${status}`, status: GOOGLE_STATUS[status] ?? 'UNKNOWN' } }));
      return;
    }
    if (request.headers.authorization !== `Bearer ${accessToken}`) {
      return sendError(response, new ApiError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials. Expected OAuth 2 access token.'));
    }
    try {
      const result = route(request.method ?? 'GET', path, body);
      response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      response.end(JSON.stringify(result));
    } catch (error) {
      if (error instanceof ApiError) return sendError(response, error);
      throw error;
    }
  }

  /** Cloud Storage JSON API: bytes in and out, object names URL-encoded in the path (`%2F` for `/`). */
  async function handleStorage(request: IncomingMessage, response: ServerResponse, data: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const path = decodeURIComponent(url.pathname);
    requests.push({ method, path: `${path}${url.search}`, headers: { ...request.headers } as Record<string, string | undefined>, body: { bytes: data.length } });
    const storageError = (code: number, message: string, reason: string) => {
      response.writeHead(code, { 'content-type': 'application/json; charset=UTF-8' });
      response.end(JSON.stringify({ error: { code, message, errors: [{ message, domain: 'global', reason }] } }));
    };
    const fault = faults.find((candidate) => candidate.remaining > 0 && path.includes(candidate.path));
    if (fault) {
      fault.remaining--;
      if (fault.hang) return void hanging.add(response);
      return storageError(fault.status ?? 500, `Injected ${fault.status ?? 500}`, 'backendError');
    }
    if (request.headers.authorization !== `Bearer ${accessToken}`) return storageError(401, 'Invalid Credentials', 'authError');
    const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(url.pathname);
    const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(url.pathname);
    const bucket = decodeURIComponent((upload ?? object)?.[1] ?? '');
    if (!upload && !object) return storageError(404, `No route for ${method} ${path}`, 'notFound');
    if (!buckets.has(bucket)) return storageError(404, 'The specified bucket does not exist.', 'notFound');
    const resource = (name: string, stored: { data: Buffer; contentType: string; generation: number }) => ({
      kind: 'storage#object',
      id: `${bucket}/${name}/${stored.generation}`,
      name,
      bucket,
      generation: String(stored.generation),
      contentType: stored.contentType,
      size: String(stored.data.length),
    });
    if (upload) {
      const name = url.searchParams.get('name');
      if (method !== 'POST' || url.searchParams.get('uploadType') !== 'media' || !name) return storageError(400, 'Only uploadType=media with a name is emulated', 'invalid');
      const stored = { data, contentType: request.headers['content-type'] ?? 'application/octet-stream', generation: nextGeneration++ };
      objects.set(`${bucket}/${name}`, stored);
      response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      return void response.end(JSON.stringify(resource(name, stored)));
    }
    const name = decodeURIComponent(object?.[2] ?? '');
    const stored = objects.get(`${bucket}/${name}`);
    if (!stored) return storageError(404, `No such object: ${bucket}/${name}`, 'notFound');
    if (method === 'DELETE') {
      objects.delete(`${bucket}/${name}`);
      return void response.writeHead(204).end();
    }
    if (method !== 'GET') return storageError(405, 'Method not allowed', 'methodNotAllowed');
    if (url.searchParams.get('alt') === 'media') {
      response.writeHead(200, { 'content-type': stored.contentType, 'content-length': String(stored.data.length) });
      // In pieces, as a real download arrives.
      for (let offset = 0; offset < stored.data.length; offset += 64 * 1024) response.write(stored.data.subarray(offset, offset + 64 * 1024));
      return void response.end();
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(resource(name, stored)));
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => sendError(response, new ApiError(500, 'INTERNAL', String(error))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    certsUrl: `${url}/oauth2/v1/certs`,
    projectId,
    requests,
    get certsFetches() {
      return certsFetches;
    },
    published,
    tasks,
    fault: (fault) => faults.push({ ...fault, remaining: fault.times ?? 1 }),
    setSecret: (name, value) => secrets.set(name, [...(secrets.get(name) ?? []), value]),
    mintIdToken,
    dispatch,
    document: (collection, id) => documents.get(`${databasePrefix}${collection}/${id}`),
    object: (bucket, name) => objects.get(`${bucket}/${name}`),
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sendError(response: ServerResponse, error: ApiError): void {
  if (response.headersSent) return;
  response.writeHead(error.httpStatus, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(JSON.stringify({ error: { code: error.httpStatus, message: error.message, status: error.status } }));
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

const isBase64 = (value: string) => /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0;

const isStringRecord = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
