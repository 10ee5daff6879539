/**
 * Every setting of a stack, read once here and validated with zod: the rest of the program
 * never calls `pulumi.Config`. Plain settings live in Pulumi.<stack>.yaml; secret values are
 * read with `getSecret` so they stay encrypted in config and state (set them with
 * `pulumi config set --secret dealcycle:<key>`).
 */
import * as pulumi from '@pulumi/pulumi';
import { z } from 'zod';
import { SECRET_CATALOG } from './secret-catalog.ts';

const ZFunctionSettings = z.strictObject({
  /** Cloud Run memory, e.g. 256Mi, 512Mi, 1Gi. */
  memory: z.string().regex(/^\d+(Mi|Gi)$/),
  /** vCPUs as Cloud Run spells them: "0.083"…"1", "2", "4". Concurrency above 1 needs at least 1. */
  cpu: z.string().regex(/^\d+(\.\d+)?$/),
  /** Requests one instance serves at once. */
  concurrency: z.number().int().min(1).max(1000),
  minInstances: z.number().int().min(0).max(100),
  maxInstances: z.number().int().min(1).max(1000),
  /** Request timeout; Hosting cuts proxied requests at 60 s, queue pushes may run longer. */
  timeoutSeconds: z.number().int().min(1).max(3600),
});
export type TFunctionSettings = z.infer<typeof ZFunctionSettings>;

const DEFAULT_FUNCTION_SETTINGS: TFunctionSettings = { memory: '512Mi', cpu: '1', concurrency: 80, minInstances: 0, maxInstances: 10, timeoutSeconds: 60 };

const ZAtlas = z.strictObject({
  /** Existing Atlas project (organisation → project id in the Atlas UI). */
  projectId: z.string().min(1),
  clusterName: z.string().regex(/^[a-zA-Z0-9-]{1,64}$/).default('dealcycle'),
  /** `flex` (shared, pay-as-you-go) or `dedicated` (M10 and up). */
  tier: z.enum(['flex', 'dedicated']).default('flex'),
  /** Dedicated clusters only, e.g. M10. */
  instanceSize: z.string().default('M10'),
  /** Atlas region name on Google Cloud, e.g. CENTRAL_US. */
  region: z.string().default('CENTRAL_US'),
  databaseName: z.string().default('dealcycle'),
  username: z.string().default('dealcycle-app'),
  /** CIDRs allowed to connect. Cloud Run egress has no fixed address without Cloud NAT, hence often 0.0.0.0/0. */
  accessCidrs: z.array(z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/)).min(1),
});

const ZStackSettings = z
  .object({
    project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'gcp:project must be a Google Cloud project id'),
    region: z.string().min(1),
    /** Firestore location: a multi-region (nam5, eur3) or a region. Immutable once created. */
    firestoreLocation: z.string().min(1),
    /** Firebase Hosting site id; the default site carries the project id. */
    hostingSiteId: z.string().regex(/^[a-z0-9-]{4,63}$/).optional(),
    /** The portal's public origin when a custom domain fronts Hosting; defaults to https://<site>.web.app. */
    publicUrl: z.url().optional(),
    /** Extra origins allowed by CORS, comma-separated in the functions' PORTAL_ORIGINS. */
    portalOrigins: z.array(z.url()).default([]),
    emailFrom: z.string().min(3),
    /** Where Cloud Monitoring sends alerts; without it, policies still show in the console. */
    alertEmail: z.email().optional(),
    /** Protect stateful resources (Firestore, secrets) from `pulumi destroy`. */
    protect: z.boolean().default(false),
    functionRuntime: z.string().regex(/^nodejs\d+$/).default('nodejs24'),
    functionDefaults: ZFunctionSettings.partial().default({}),
    /** Per-function overrides keyed by function name (a rewrite's serviceId). */
    functionOverrides: z.record(z.string(), ZFunctionSettings.partial()).default({}),
    pubsub: z
      .strictObject({
        maxDeliveryAttempts: z.number().int().min(5).max(100).default(10),
        minimumBackoffSeconds: z.number().int().min(0).max(600).default(10),
        maximumBackoffSeconds: z.number().int().min(0).max(600).default(600),
      })
      .default({ maxDeliveryAttempts: 10, minimumBackoffSeconds: 10, maximumBackoffSeconds: 600 }),
    tasks: z
      .strictObject({
        // Cloud Tasks dispatches at most 500 tasks per second per queue.
        maxDispatchesPerSecond: z.number().positive().max(500).default(100),
        maxConcurrentDispatches: z.number().int().min(1).max(5000).default(100),
        maxAttempts: z.number().int().min(1).max(100).default(10),
        minBackoffSeconds: z.number().int().min(1).default(5),
        maxBackoffSeconds: z.number().int().min(1).default(600),
      })
      .default({ maxDispatchesPerSecond: 100, maxConcurrentDispatches: 100, maxAttempts: 10, minBackoffSeconds: 5, maxBackoffSeconds: 600 }),
    alerts: z
      .strictObject({
        errorRatio: z.number().gt(0).lt(1).default(0.05),
        p95LatencyMs: z.number().int().positive().default(2000),
        backlogAgeSeconds: z.number().int().positive().default(600),
      })
      .default({ errorRatio: 0.05, p95LatencyMs: 2000, backlogAgeSeconds: 600 }),
    ai: z
      .strictObject({ geminiModel: z.string().default('gemini-2.5-flash'), vertexLocation: z.string().default('global') })
      .default({ geminiModel: 'gemini-2.5-flash', vertexLocation: 'global' }),
    /** MongoDB Atlas through its Pulumi provider; absent = bring your own MONGODB_URI secret. */
    atlas: ZAtlas.optional(),
  })
  .superRefine((settings, ctx) => {
    const check = (name: string, partial: Partial<TFunctionSettings>) => {
      const merged = { ...DEFAULT_FUNCTION_SETTINGS, ...settings.functionDefaults, ...partial };
      if (merged.concurrency > 1 && Number(merged.cpu) < 1) {
        ctx.addIssue({ code: 'custom', path: [name], message: `concurrency ${merged.concurrency} needs cpu >= 1 (Cloud Run serves one request at a time below 1 vCPU)` });
      }
      if (merged.minInstances > merged.maxInstances) ctx.addIssue({ code: 'custom', path: [name], message: 'minInstances exceeds maxInstances' });
    };
    check('functionDefaults', {});
    for (const [name, partial] of Object.entries(settings.functionOverrides)) check(`functionOverrides.${name}`, partial);
    if (settings.tasks.minBackoffSeconds > settings.tasks.maxBackoffSeconds) ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'minBackoffSeconds exceeds maxBackoffSeconds' });
  });

export type TStackSettings = z.infer<typeof ZStackSettings>;

export interface TStackConfig extends TStackSettings {
  /** Secret values by catalog env name (MONGODB_URI …); absent when not configured. */
  secrets: Partial<Record<string, pulumi.Output<string>>>;
  /** The Atlas database user's password, when Atlas is enabled. */
  atlasPassword?: pulumi.Output<string>;
  /** Settings of one function: defaults, then stack defaults, then its override. */
  functionSettings(name: string): TFunctionSettings;
}

/** Reads and validates the current stack's config; throws one error listing every problem. */
export function readStackConfig(): TStackConfig {
  const gcp = new pulumi.Config('gcp');
  const app = new pulumi.Config('dealcycle');
  const raw = {
    project: gcp.get('project'),
    region: gcp.get('region'),
    firestoreLocation: app.get('firestoreLocation'),
    hostingSiteId: app.get('hostingSiteId'),
    publicUrl: app.get('publicUrl'),
    portalOrigins: app.getObject('portalOrigins'),
    emailFrom: app.get('emailFrom'),
    alertEmail: app.get('alertEmail'),
    protect: app.getBoolean('protect'),
    functionRuntime: app.get('functionRuntime'),
    functionDefaults: app.getObject('functionDefaults'),
    functionOverrides: app.getObject('functionOverrides'),
    pubsub: app.getObject('pubsub'),
    tasks: app.getObject('tasks'),
    alerts: app.getObject('alerts'),
    ai: app.getObject('ai'),
    atlas: app.getObject('atlas'),
  };
  const parsed = ZStackSettings.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
    throw new Error(`Invalid stack configuration for ${pulumi.getStack()}:\n${problems}`);
  }
  const settings = parsed.data;

  const secrets: TStackConfig['secrets'] = {};
  for (const entry of SECRET_CATALOG) {
    const value = app.getSecret(entry.configKey);
    if (value !== undefined) secrets[entry.env] = value;
  }
  const atlasPassword = settings.atlas ? app.requireSecret('atlasPassword') : undefined;
  const missing = SECRET_CATALOG.filter((entry) => entry.required && !secrets[entry.env] && !(entry.env === 'MONGODB_URI' && settings.atlas));
  if (missing.length > 0) {
    const commands = missing.map((entry) => `  pulumi config set --secret dealcycle:${entry.configKey} <value>`).join('\n');
    throw new Error(`Missing secret configuration for ${pulumi.getStack()}:\n${commands}`);
  }

  return {
    ...settings,
    secrets,
    atlasPassword,
    functionSettings: (name) => ({ ...DEFAULT_FUNCTION_SETTINGS, ...settings.functionDefaults, ...settings.functionOverrides[name] }),
  };
}
