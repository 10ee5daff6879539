import { z } from 'zod';

/**
 * Every setting of a deployable, parsed once from the environment at its edge. Empty
 * strings count as unset. The README lists each variable with what it switches.
 */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const flag = (fallback: boolean) =>
  z.preprocess((value) => (value === '' || value === undefined ? fallback : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase())), z.boolean());
const int = (fallback: number) => z.preprocess((value) => (value === '' || value === undefined ? fallback : Number(value)), z.number().int().nonnegative());

const ZEnv = z.object({
  PORT: int(8080),
  DATA_DIR: optional(z.string()),
  PUBLIC_URL: optional(z.url()),
  PORTAL_ORIGINS: optional(z.string()),
  RUNTIME: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['local', 'gcp']).default('local')),
  GOOGLE_CLOUD_PROJECT: optional(z.string()),
  GCP_REGION: optional(z.string()),
  FIREBASE_AUTH_EMULATOR_HOST: optional(z.string()),
  FIREBASE_API_KEY: optional(z.string()),
  MONGODB_URI: optional(z.string()),
  MONGODB_DB: optional(z.string()),
  JOBS_URL: optional(z.url()),
  PUSH_AUDIENCE: optional(z.string()),
  TASKS_SERVICE_ACCOUNT: optional(z.string()),
  PUSH_SERVICE_ACCOUNT: optional(z.string()),
  SMTP_URL: optional(z.string()),
  TELEPHONY: optional(z.enum(['sandbox', 'twilio'])),
  TWILIO_SANDBOX_AUTH_TOKEN: optional(z.string()),
  EMAIL_FROM: optional(z.string()),
  UPLOADS_BUCKET: optional(z.string()),
  LOG_LEVEL: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info')),
  RATE_LIMIT_USER_PER_MINUTE: int(600),
  RATE_LIMIT_IP_PER_MINUTE: int(1200),
  TRUST_PROXY: optional(z.string()),
  SEED_DEMO: flag(true),
  METRICS_TOKEN: optional(z.string()),
  AI_PROVIDER: z.preprocess((value) => (value === '' ? undefined : value), z.enum(['rules', 'gemini']).default('rules')),
  GEMINI_MODEL: optional(z.string()),
  VERTEX_LOCATION: optional(z.string()),
  /** Points the Gen AI SDK at another endpoint (tests: a local server that answers like Vertex). */
  VERTEX_BASE_URL: optional(z.url()),
  AI_TIMEOUT_MS: int(8000),
  K_REVISION: optional(z.string()),
  npm_package_version: optional(z.string()),
});

export type TConfig = ReturnType<typeof loadConfig>;

/** The sandbox's webhook signing token when nothing else is configured (local development and tests). */
export const SANDBOX_AUTH_TOKEN = 'sandbox-auth-token';

/** Secrets the code asks for by name (TSecrets port): Secret Manager in production, these variables locally. */
export const SECRET_NAMES = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'SMTP_URL', 'MONGODB_URI'] as const;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const runtime = e.RUNTIME;
  const projectId = e.GOOGLE_CLOUD_PROJECT ?? 'demo-dealcycle';
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    runtime,
    port: e.PORT,
    dataDir: e.DATA_DIR ?? '.data',
    publicUrl,
    portalOrigins: (e.PORTAL_ORIGINS ?? `${publicUrl},http://localhost:4321`).split(',').map((origin) => origin.trim()).filter(Boolean),
    projectId,
    region: e.GCP_REGION ?? 'us-central1',
    version: e.K_REVISION ?? e.npm_package_version ?? 'dev',
    auth: {
      emulatorHost: e.FIREBASE_AUTH_EMULATOR_HOST,
      apiKey: e.FIREBASE_API_KEY ?? 'demo-api-key',
    },
    mongo: e.MONGODB_URI ? { uri: e.MONGODB_URI, dbName: e.MONGODB_DB ?? 'dealcycle' } : undefined,
    queue: {
      jobsUrl: (e.JOBS_URL ?? publicUrl).replace(/\/$/, ''),
      tasksServiceAccount: e.TASKS_SERVICE_ACCOUNT,
      pushServiceAccount: e.PUSH_SERVICE_ACCOUNT,
      /** OIDC audience expected on push requests (Pub/Sub and Cloud Tasks); defaults to the jobs URL. */
      pushAudience: e.PUSH_AUDIENCE ?? (e.JOBS_URL ?? publicUrl).replace(/\/$/, ''),
    },
    email: { smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM ?? 'DealCycle <reports@dealcycle.local>' },
    /** Cloud Storage bucket for uploads on their way to jobs (RUNTIME=gcp); locally files under DATA_DIR/blobs. */
    uploadsBucket: e.UPLOADS_BUCKET,
    telephony: {
      /** `twilio` when chosen, or by default when both Twilio credentials are set; otherwise the local sandbox. */
      provider: e.TELEPHONY ?? (env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN ? 'twilio' : 'sandbox'),
      /**
       * The sandbox signs its webhooks exactly as Twilio does, with this token (the Twilio token when
       * set, else a fixed development value), so one validator serves both providers.
       */
      sandboxAuthToken: e.TWILIO_SANDBOX_AUTH_TOKEN ?? (env.TWILIO_AUTH_TOKEN || SANDBOX_AUTH_TOKEN),
    },
    logLevel: e.LOG_LEVEL,
    rateLimits: { userPerMinute: e.RATE_LIMIT_USER_PER_MINUTE, ipPerMinute: e.RATE_LIMIT_IP_PER_MINUTE },
    trustProxy: e.TRUST_PROXY === undefined ? runtime === 'gcp' : ['1', 'true', 'yes'].includes(e.TRUST_PROXY),
    seedDemo: e.SEED_DEMO,
    metricsToken: e.METRICS_TOKEN,
    ai: {
      /** `rules` (default): deterministic, local; `gemini`: Vertex AI, with the rules as fallback. */
      provider: e.AI_PROVIDER,
      model: e.GEMINI_MODEL ?? 'gemini-2.5-flash',
      location: e.VERTEX_LOCATION ?? 'us-central1',
      baseUrl: e.VERTEX_BASE_URL,
      timeoutMs: e.AI_TIMEOUT_MS,
    },
    secrets: Object.fromEntries(SECRET_NAMES.map((name) => [name, env[name] || undefined])) as Record<(typeof SECRET_NAMES)[number], string | undefined>,
  };
}
