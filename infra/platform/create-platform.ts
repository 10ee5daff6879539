import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { systemClock, type TClock } from '../../shared/ports/clock.ts';
import type { TAiModel } from '../../shared/ports/ai.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import type { TIdentityProvider } from '../../shared/ports/identity.ts';
import type { TTelephony } from '../../shared/ports/telephony.ts';
import { createMetrics } from '../http/metrics.ts';
import type { TEmbeddedQueue } from '../queue/embedded-queue.ts';
import type { TConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { lazy, type TPlatform } from './platform.ts';

/** Replacements tests inject: a controllable clock, an existing store, a log sink. */
export interface TPlatformOverrides {
  clock?: TClock;
  db?: TDatabase;
  identity?: TIdentityProvider;
  telephony?: TTelephony;
  /** A model to use instead of the configured one (tests). */
  ai?: TAiModel | null;
  logDestination?: { write(line: string): void };
}

/** The platform of a local process: also exposes the embedded queue so the host can run its dispatcher. */
export interface TLocalPlatform extends TPlatform {
  local?: { queue(): Promise<TEmbeddedQueue> };
}

/**
 * Builds the adapter set from configuration, once per process. `RUNTIME=gcp` selects
 * Pub/Sub + Cloud Tasks, Firestore, Secret Manager and Cloud Storage; `local` (the default) their
 * embedded counterparts. The store is MongoDB when MONGODB_URI is set in either runtime.
 * Every adapter module is imported only when first asked for.
 */
export async function createPlatform(config: TConfig, overrides: TPlatformOverrides = {}): Promise<TLocalPlatform> {
  const clock = overrides.clock ?? systemClock;
  const logger = createLogger({ level: config.logLevel, projectId: config.projectId, ...(overrides.logDestination ? { destination: overrides.logDestination } : {}) });
  const db = lazy(async () => {
    if (overrides.db) return overrides.db;
    const { openConfiguredDatabase } = await import('../store/open-configured-database.ts');
    return openConfiguredDatabase(config);
  });
  const email = lazy(async () => {
    const { createEmailSender } = await import('../email/nodemailer-email-sender.ts');
    return createEmailSender({ smtpUrl: config.email.smtpUrl, outboxDirectory: join(config.dataDir, 'outbox'), from: config.email.from });
  });
  const identity = lazy(async () => {
    if (overrides.identity) return overrides.identity;
    const { createFirebaseIdentity } = await import('../firebase/firebase-identity.ts');
    return createFirebaseIdentity({ projectId: config.projectId, emulatorHost: config.auth.emulatorHost });
  });

  const adapters = config.runtime === 'gcp' ? gcpAdapters(config, clock) : localAdapters(config, clock, db);
  // Twilio's client is 3.6 MB: only a code path that sends or calls loads it.
  const telephony = lazy(async (): Promise<TTelephony> => {
    if (overrides.telephony) return overrides.telephony;
    if (config.telephony.provider === 'twilio') {
      const [{ createTwilioTelephony }, secrets] = await Promise.all([import('../twilio/twilio-telephony.ts'), adapters.secrets()]);
      const [accountSid, authToken] = await Promise.all([secrets.get('TWILIO_ACCOUNT_SID'), secrets.get('TWILIO_AUTH_TOKEN')]);
      if (!accountSid || !authToken) throw new Error('TELEPHONY=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
      return createTwilioTelephony({ accountSid, authToken, publicUrl: config.publicUrl });
    }
    const { createSandboxTelephony } = await import('../twilio/sandbox-telephony.ts');
    return createSandboxTelephony({ db: await db(), queue: adapters.queue, publicUrl: config.publicUrl, authToken: config.telephony.sandboxAuthToken, clock });
  });
  // The Gen AI SDK loads only when Gemini is configured and a feature first asks for it.
  const ai = lazy(async (): Promise<TAiModel | null> => {
    if (overrides.ai !== undefined) return overrides.ai;
    if (config.ai.provider !== 'gemini') return null;
    const { createGeminiModel } = await import('../ai/gemini-model.ts');
    return createGeminiModel({ project: config.projectId, location: config.ai.location, model: config.ai.model, timeoutMs: config.ai.timeoutMs, baseUrl: config.ai.baseUrl, logger });
  });
  const metrics = createMetrics(adapters.local ? async () => (await adapters.local.queue()).stats() : undefined);
  const platform: TLocalPlatform = {
    config,
    logger,
    metrics,
    clock,
    db,
    email,
    identity,
    telephony,
    ai,
    ...adapters,
    async close() {
      if (adapters.local) await (await adapters.local.queue()).stop();
      await (await db()).close();
    },
  };
  return platform;
}

function localAdapters(config: TConfig, clock: TClock, db: () => Promise<TDatabase>) {
  // Sender and receiver live in this process, so a per-process secret authenticates pushes.
  const pushSecret = randomBytes(24).toString('base64url');
  const queue = lazy(async () => {
    const { createEmbeddedQueue } = await import('../queue/embedded-queue.ts');
    return createEmbeddedQueue({ db: await db(), baseUrl: config.queue.jobsUrl, pushSecret, clock });
  });
  return {
    queue,
    queueHealth: async () => void (await queue()).stats(),
    idempotency: lazy(async () => (await import('../embedded/embedded-idempotency-ledger.ts')).createEmbeddedIdempotencyLedger({ db: await db(), clock })),
    // Counters only matter for a minute: an in-memory store spares every request two journal writes.
    rateLimiter: lazy(async () => {
      const [{ createEmbeddedRateLimiter }, { openEmbeddedDatabase }] = await Promise.all([import('../embedded/embedded-rate-limiter.ts'), import('../store/embedded/embedded-database.ts')]);
      return createEmbeddedRateLimiter({ db: await openEmbeddedDatabase({ clock }), clock });
    }),
    secrets: lazy(async () => (await import('../embedded/env-secrets.ts')).createEnvSecrets(config.secrets)),
    pushVerifier: lazy(async () => (await import('../queue/local-push-verifier.ts')).createLocalPushVerifier(pushSecret)),
    blobs: lazy(async () => (await import('../embedded/file-blob-store.ts')).createFileBlobStore({ directory: join(config.dataDir, 'blobs') })),
    local: { queue },
  };
}

function gcpAdapters(config: TConfig, clock: TClock) {
  const client = lazy(async () => (await import('../google/google-rest-client.ts')).createGoogleRestClient());
  const firestore = lazy(async () => (await import('../google/firestore-rest.ts')).createFirestoreRest({ client: await client(), projectId: config.projectId }));
  const queue = lazy(async () => {
    const { createPubSubTasksQueue } = await import('../google/pubsub-tasks-queue.ts');
    const { tasksServiceAccount } = config.queue;
    if (!tasksServiceAccount) throw new Error('TASKS_SERVICE_ACCOUNT must be set when RUNTIME=gcp');
    return createPubSubTasksQueue({
      client: await client(),
      projectId: config.projectId,
      location: config.region,
      jobsUrl: config.queue.jobsUrl,
      serviceAccountEmail: tasksServiceAccount,
      audience: config.queue.pushAudience,
      clock,
    });
  });
  return {
    queue,
    queueHealth: async () => void (await queue()),
    idempotency: lazy(async () => (await import('../google/firestore-idempotency-ledger.ts')).createFirestoreIdempotencyLedger({ firestore: await firestore(), clock })),
    rateLimiter: lazy(async () => (await import('../google/firestore-rate-limiter.ts')).createFirestoreRateLimiter({ firestore: await firestore(), clock })),
    secrets: lazy(async () => (await import('../google/secret-manager-secrets.ts')).createSecretManagerSecrets({ client: await client(), projectId: config.projectId, clock })),
    pushVerifier: lazy(async () =>
      (await import('../google/google-push-verifier.ts')).createGooglePushVerifier({
        audience: config.queue.pushAudience,
        serviceAccountEmails: [config.queue.pushServiceAccount, config.queue.tasksServiceAccount].filter((email): email is string => Boolean(email)),
      }),
    ),
    blobs: lazy(async () => {
      const { uploadsBucket } = config;
      if (!uploadsBucket) throw new Error('UPLOADS_BUCKET must be set when RUNTIME=gcp');
      return (await import('../google/cloud-storage-blob-store.ts')).createCloudStorageBlobStore({ client: await client(), bucket: uploadsBucket });
    }),
    local: undefined,
  };
}
