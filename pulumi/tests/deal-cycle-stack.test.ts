import * as pulumi from '@pulumi/pulumi';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../infra/platform/config.ts';
import { SCHEDULES } from '../../shared/jobs/schedules.ts';
import { TOPICS } from '../../shared/ports/queue.ts';
import { accessOf, SCHEDULED_TOPICS } from '../src/function-access.ts';
import { PROJECT_LEVEL_ROLES } from '../src/function-services.ts';
import { REQUIRED_APIS } from '../src/project-apis.ts';
import { SECRET_CATALOG } from '../src/secret-catalog.ts';
import { PROJECT_NUMBER, readStackFile, runStack, TEST_SECRETS, type TRecordedResource, type TStackRun } from './support/stack-harness.ts';

const T = {
  function: 'gcp:cloudfunctionsv2/function:Function',
  account: 'gcp:serviceaccount/account:Account',
  accountIam: 'gcp:serviceaccount/iAMMember:IAMMember',
  projectIam: 'gcp:projects/iAMMember:IAMMember',
  topic: 'gcp:pubsub/topic:Topic',
  topicIam: 'gcp:pubsub/topicIAMMember:TopicIAMMember',
  subscription: 'gcp:pubsub/subscription:Subscription',
  subscriptionIam: 'gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember',
  queue: 'gcp:cloudtasks/queue:Queue',
  queueIam: 'gcp:cloudtasks/queueIamMember:QueueIamMember',
  schedulerJob: 'gcp:cloudscheduler/job:Job',
  secret: 'gcp:secretmanager/secret:Secret',
  secretVersion: 'gcp:secretmanager/secretVersion:SecretVersion',
  secretIam: 'gcp:secretmanager/secretIamMember:SecretIamMember',
  invoker: 'gcp:cloudrunv2/serviceIamMember:ServiceIamMember',
  bucketObject: 'gcp:storage/bucketObject:BucketObject',
  bucket: 'gcp:storage/bucket:Bucket',
  bucketIam: 'gcp:storage/bucketIAMMember:BucketIAMMember',
  firestore: 'gcp:firestore/database:Database',
  firestoreField: 'gcp:firestore/field:Field',
  api: 'gcp:projects/service:Service',
  uptime: 'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig',
  alert: 'gcp:monitoring/alertPolicy:AlertPolicy',
  dashboard: 'gcp:monitoring/dashboard:Dashboard',
  channel: 'gcp:monitoring/notificationChannel:NotificationChannel',
} as const;

const ZFunction = z.object({
  name: z.string(),
  location: z.string(),
  buildConfig: z.object({
    runtime: z.string(),
    entryPoint: z.string(),
    serviceAccount: z.string(),
    source: z.object({ storageSource: z.object({ bucket: z.string(), object: z.string() }) }),
  }),
  serviceConfig: z.object({
    serviceAccountEmail: z.string(),
    availableMemory: z.string(),
    availableCpu: z.string(),
    maxInstanceRequestConcurrency: z.number(),
    minInstanceCount: z.number(),
    maxInstanceCount: z.number(),
    timeoutSeconds: z.number(),
    environmentVariables: z.record(z.string(), z.string()),
    secretEnvironmentVariables: z.array(z.object({ key: z.string(), secret: z.string(), version: z.string(), projectId: z.string() })).default([]),
  }),
});
const ZSubscription = z.object({
  name: z.string(),
  topic: z.string(),
  ackDeadlineSeconds: z.number(),
  pushConfig: z.object({ pushEndpoint: z.string(), oidcToken: z.object({ serviceAccountEmail: z.string(), audience: z.string() }) }).optional(),
  retryPolicy: z.object({ minimumBackoff: z.string(), maximumBackoff: z.string() }).optional(),
  deadLetterPolicy: z.object({ deadLetterTopic: z.string(), maxDeliveryAttempts: z.number() }).optional(),
  expirationPolicy: z.object({ ttl: z.string() }),
});
const ZMember = z.object({ role: z.string(), member: z.string() }).loose();

const parseAll = <S extends z.ZodType>(schema: S, resources: TRecordedResource[]): z.infer<S>[] => resources.map((resource) => schema.parse(resource.inputs));

describe('the stack, planned against mocks with the dev stack config', () => {
  let run: TStackRun;
  let functions: z.infer<typeof ZFunction>[];
  let accounts: Map<string, string>;
  const fnOf = (name: string) => {
    const fn = functions.find((candidate) => candidate.name === name);
    if (!fn) throw new Error(`no function ${name}`);
    return fn;
  };
  const memberOf = (name: string) => `serviceAccount:${fnOf(name).serviceConfig.serviceAccountEmail}`;

  beforeAll(async () => {
    run = await runStack();
    functions = parseAll(ZFunction, run.ofType(T.function));
    accounts = new Map(run.ofType(T.account).map((account) => [String(account.state.email), String(account.state.id)]));
  });

  describe('functions', () => {
    it('creates one function per rewrite in firebase.json, named after it, in its region', () => {
      expect(run.rewrites.length).toBeGreaterThan(0);
      const byName = (a: string[], b: string[]) => String(a[0]).localeCompare(String(b[0]));
      expect(functions.map((fn) => [fn.name, fn.location]).sort(byName)).toEqual(run.rewrites.map((rewrite) => [rewrite.serviceId, rewrite.region]).sort(byName));
    });

    it('gives every function a service account of its own', () => {
      const emails = functions.map((fn) => fn.serviceConfig.serviceAccountEmail);
      expect(new Set(emails).size).toBe(functions.length);
      for (const email of emails) expect(accounts.has(email), email).toBe(true);
      // Not the push identity or the build identity either.
      expect(emails).not.toContain(run.outputs.pushServiceAccount);
      expect(functions.map((fn) => fn.buildConfig.serviceAccount)).not.toContainEqual(expect.stringContaining(emails[0] ?? '-'));
    });

    it('builds each function from its own bundle, on the configured runtime, with the Functions Framework target of its name', () => {
      const objects = new Map(run.ofType(T.bucketObject).map((object) => [object.state.name, object.inputs]));
      for (const fn of functions) {
        expect(fn.buildConfig).toMatchObject({ runtime: 'nodejs24', entryPoint: fn.name });
        expect(fn.buildConfig.source.storageSource.object).toBe(`${fn.name}/hash-${fn.name}.zip`);
        expect(objects.has(fn.buildConfig.source.storageSource.object)).toBe(true);
      }
    });

    it('takes memory, cpu, concurrency, instances and timeout from the stack config, with per-function overrides', () => {
      expect(fnOf('leads').serviceConfig).toMatchObject({ availableMemory: '512Mi', availableCpu: '1', maxInstanceRequestConcurrency: 80, minInstanceCount: 0, maxInstanceCount: 3, timeoutSeconds: 60 });
      expect(fnOf('jobs').serviceConfig).toMatchObject({ availableMemory: '1Gi', maxInstanceRequestConcurrency: 10, timeoutSeconds: 540 });
    });

    it('lets Firebase Hosting call every function: a public invoker binding on each service, not on the project', () => {
      const invokers = parseAll(z.object({ name: z.string(), location: z.string(), role: z.string(), member: z.string() }), run.ofType(T.invoker));
      expect(invokers.map((binding) => binding.name).sort()).toEqual(functions.map((fn) => fn.name).sort());
      for (const binding of invokers) expect(binding).toMatchObject({ role: 'roles/run.invoker', member: 'allUsers' });
    });

    it('sets the production environment that infra/platform/config.ts parses', () => {
      for (const fn of functions) {
        const parsed = loadConfig(fn.serviceConfig.environmentVariables);
        expect(parsed).toMatchObject({
          runtime: 'gcp',
          seedDemo: false,
          projectId: run.project,
          publicUrl: `https://${run.project}.web.app`,
          queue: {
            jobsUrl: `https://jobs-${PROJECT_NUMBER}.us-central1.run.app`,
            pushAudience: `https://jobs-${PROJECT_NUMBER}.us-central1.run.app`,
            pushServiceAccount: run.outputs.pushServiceAccount,
            tasksServiceAccount: run.outputs.pushServiceAccount,
          },
        });
        expect(fn.serviceConfig.environmentVariables.AI_PROVIDER).toBe(accessOf(fn.name).vertexAi ? 'gemini' : 'rules');
      }
    });
  });

  describe('queues', () => {
    let subscriptions: z.infer<typeof ZSubscription>[];
    let topicIds: Set<string>;
    const pubsubAgent = `serviceAccount:service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`;

    beforeAll(() => {
      subscriptions = parseAll(ZSubscription, run.ofType(T.subscription));
      topicIds = new Set(run.ofType(T.topic).map((topic) => String(topic.state.id)));
    });

    it('creates a topic and a dead-letter topic for each topic of the queue port', () => {
      const names = run.ofType(T.topic).map((topic) => topic.inputs.name);
      for (const topic of TOPICS) expect(names).toEqual(expect.arrayContaining([topic, `${topic}-dead-letter`]));
    });

    it('pushes every topic to the jobs function with an OIDC token of the push identity, for the audience the receiver expects', () => {
      const jobsEnv = fnOf('jobs').serviceConfig.environmentVariables;
      const push = subscriptions.filter((subscription) => subscription.pushConfig);
      expect(push.map((subscription) => subscription.topic).sort()).toEqual(TOPICS.map((topic) => `projects/${run.project}/topics/${topic}`).sort());
      for (const subscription of push) {
        const topic = subscription.topic.split('/').pop();
        expect(subscription.pushConfig).toEqual({
          pushEndpoint: `${jobsEnv.JOBS_URL}/api/jobs/${topic}`,
          oidcToken: { serviceAccountEmail: jobsEnv.PUSH_SERVICE_ACCOUNT, audience: jobsEnv.PUSH_AUDIENCE },
        });
      }
    });

    it('retries every push subscription with backoff, then dead-letters it to a topic that exists', () => {
      const push = subscriptions.filter((subscription) => subscription.pushConfig);
      for (const subscription of push) {
        expect(subscription.retryPolicy).toEqual({ minimumBackoff: '10s', maximumBackoff: '600s' });
        expect(subscription.deadLetterPolicy?.maxDeliveryAttempts).toBe(10);
        expect(topicIds.has(subscription.deadLetterPolicy?.deadLetterTopic ?? '')).toBe(true);
        expect(subscription.deadLetterPolicy?.deadLetterTopic).toBe(`${subscription.topic}-dead-letter`);
        expect(subscription.expirationPolicy.ttl).toBe('');
      }
    });

    it('keeps dead letters on a pull subscription, so a dead-letter topic never drops them', () => {
      const deadLetterTopics = subscriptions.flatMap((subscription) => (subscription.deadLetterPolicy ? [subscription.deadLetterPolicy.deadLetterTopic] : []));
      for (const topic of deadLetterTopics) {
        const hold = subscriptions.find((subscription) => subscription.topic === topic);
        expect(hold, topic).toBeDefined();
        expect(hold?.pushConfig).toBeUndefined();
      }
    });

    it('grants the Pub/Sub service agent what dead-lettering needs: publish on each dead-letter topic, subscribe on each push subscription', () => {
      const publishers = parseAll(ZMember.extend({ topic: z.string() }), run.ofType(T.topicIam)).filter((binding) => binding.member === pubsubAgent);
      expect(publishers.map((binding) => [binding.topic, binding.role]).sort()).toEqual(TOPICS.map((topic) => [`${topic}-dead-letter`, 'roles/pubsub.publisher']).sort());
      const subscribers = parseAll(ZMember.extend({ subscription: z.string() }), run.ofType(T.subscriptionIam));
      expect(subscribers.map((binding) => [binding.subscription, binding.role, binding.member]).sort()).toEqual(
        TOPICS.map((topic) => [`${topic}-push`, 'roles/pubsub.subscriber', pubsubAgent]).sort(),
      );
    });

    it('lets Pub/Sub mint OIDC tokens as the push identity, on that account only', () => {
      const bindings = parseAll(ZMember.extend({ serviceAccountId: z.string() }), run.ofType(T.accountIam)).filter((binding) => binding.member === pubsubAgent);
      expect(bindings).toEqual([expect.objectContaining({ role: 'roles/iam.serviceAccountTokenCreator', serviceAccountId: accounts.get(String(run.outputs.pushServiceAccount)) })]);
    });

    it('creates a Cloud Tasks queue for each scheduled topic within the 500 dispatches/s limit, with bounded retries', () => {
      const queues = parseAll(
        z.object({ name: z.string(), rateLimits: z.object({ maxDispatchesPerSecond: z.number(), maxConcurrentDispatches: z.number() }), retryConfig: z.object({ maxAttempts: z.number(), minBackoff: z.string(), maxBackoff: z.string(), maxDoublings: z.number() }) }),
        run.ofType(T.queue),
      );
      expect(queues.map((queue) => queue.name).sort()).toEqual([...SCHEDULED_TOPICS].sort());
      for (const queue of queues) {
        expect(queue.rateLimits.maxDispatchesPerSecond).toBeLessThanOrEqual(500);
        expect(queue.retryConfig).toEqual({ maxAttempts: 5, minBackoff: '5s', maxBackoff: '600s', maxDoublings: 5 });
      }
    });

    it('schedules every recurring job on a topic that exists, tagged with its job attribute', () => {
      const jobs = parseAll(
        z.object({ name: z.string(), schedule: z.string(), timeZone: z.string(), pubsubTarget: z.object({ topicName: z.string(), data: z.string(), attributes: z.record(z.string(), z.string()) }) }),
        run.ofType(T.schedulerJob),
      );
      expect(jobs.map((job) => job.pubsubTarget.attributes.job).sort()).toEqual(SCHEDULES.map((schedule) => schedule.job).sort());
      for (const job of jobs) {
        expect(topicIds.has(job.pubsubTarget.topicName), job.pubsubTarget.topicName).toBe(true);
        expect(job.pubsubTarget.topicName).toBe(`projects/${run.project}/topics/jobs`);
        expect(Buffer.from(job.pubsubTarget.data, 'base64').toString()).toBe('{}');
        const schedule = SCHEDULES.find((candidate) => candidate.job === job.pubsubTarget.attributes.job);
        expect([job.schedule, job.timeZone]).toEqual([schedule?.cron, schedule?.timeZone]);
      }
    });

    it('lets a function publish only to the topics and enqueue only into the queues its profile names', () => {
      const publishers = parseAll(ZMember.extend({ topic: z.string() }), run.ofType(T.topicIam));
      const enqueuers = parseAll(ZMember.extend({ name: z.string() }), run.ofType(T.queueIam));
      for (const fn of functions) {
        const member = memberOf(fn.name);
        const access = accessOf(fn.name);
        expect(publishers.filter((binding) => binding.member === member).map((binding) => binding.topic).sort(), fn.name).toEqual([...access.publishes].sort());
        expect(enqueuers.filter((binding) => binding.member === member).map((binding) => binding.name).sort(), fn.name).toEqual([...access.schedules].sort());
        const actsAsPush = parseAll(ZMember, run.ofType(T.accountIam)).some((binding) => binding.member === member && binding.role === 'roles/iam.serviceAccountUser');
        expect(actsAsPush, fn.name).toBe(access.schedules.length > 0);
      }
    });
  });

  describe('uploads', () => {
    it('keeps uploads in a private bucket whose objects expire, named in every function environment', () => {
      const bucket = run.ofType(T.bucket).find((candidate) => candidate.name === 'uploads');
      expect(bucket?.inputs).toMatchObject({
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        lifecycleRules: [{ action: { type: 'Delete' }, condition: { age: 7 } }],
      });
      for (const fn of functions) expect(loadConfig(fn.serviceConfig.environmentVariables).uploadsBucket).toBe(bucket?.state.name);
    });

    it('gives object access on it to the functions whose profile says uploads, and to no other', () => {
      const bindings = parseAll(ZMember.extend({ bucket: z.string() }), run.ofType(T.bucketIam));
      for (const fn of functions) {
        const mine = bindings.filter((binding) => binding.member === memberOf(fn.name));
        expect(mine.map((binding) => binding.role), fn.name).toEqual(accessOf(fn.name).uploads ? ['roles/storage.objectAdmin'] : []);
      }
      expect(accessOf('jobs').uploads && accessOf('leads').uploads && accessOf('buyers').uploads).toBe(true);
    });
  });

  describe('secrets', () => {
    it('stores each configured secret in Secret Manager with its value marked secret', () => {
      const versions = run.ofType(T.secretVersion);
      expect(run.ofType(T.secret).map((secret) => secret.inputs.secretId).sort()).toEqual(SECRET_CATALOG.map((entry) => entry.env).sort());
      for (const version of versions) expect(pulumi.runtime.isRpcSecret(version.inputs.secretData)).toBe(true);
    });

    it('never puts a secret value in plain inputs of any resource', () => {
      const values = Object.values(TEST_SECRETS);
      const leaks: string[] = [];
      const walk = (value: unknown, path: string) => {
        if (pulumi.runtime.isRpcSecret(value)) return;
        if (typeof value === 'string') {
          if (values.some((secret) => value.includes(secret))) leaks.push(path);
        } else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
        else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, `${path}.${key}`);
      };
      for (const resource of run.resources) walk(resource.inputs, `${resource.type}(${resource.name})`);
      expect(leaks).toEqual([]);
    });

    it('passes secrets to functions only as Secret Manager references, never as environment values', () => {
      const secretEnvs = new Set<string>(SECRET_CATALOG.map((entry) => entry.env));
      for (const fn of functions) {
        expect(Object.keys(fn.serviceConfig.environmentVariables).filter((key) => secretEnvs.has(key)), fn.name).toEqual([]);
      }
    });

    it('keeps secrets out of the committed stack files', async () => {
      for (const stack of ['dev', 'prod'] as const) {
        const config = await readStackFile(stack);
        for (const entry of SECRET_CATALOG) {
          const value = config[`dealcycle:${entry.configKey}`];
          if (value !== undefined) expect(value, `${stack}: dealcycle:${entry.configKey}`).toEqual({ secure: expect.any(String) });
        }
        const atlasPassword = config['dealcycle:atlasPassword'];
        if (atlasPassword !== undefined) expect(atlasPassword).toEqual({ secure: expect.any(String) });
      }
    });

    it('mounts only the secrets a function needs, each with an accessor binding for that function on that secret', () => {
      const accessors = parseAll(ZMember.extend({ secretId: z.string() }), run.ofType(T.secretIam));
      for (const fn of functions) {
        const mounted = fn.serviceConfig.secretEnvironmentVariables.map((variable) => variable.key).sort();
        expect(mounted, fn.name).toEqual([...accessOf(fn.name).secrets].sort());
        const granted = accessors.filter((binding) => binding.member === memberOf(fn.name));
        expect(granted.map((binding) => binding.secretId).sort(), fn.name).toEqual(
          fn.serviceConfig.secretEnvironmentVariables.map((variable) => `projects/${run.project}/secrets/${variable.secret}`).sort(),
        );
        for (const binding of granted) expect(binding.role).toBe('roles/secretmanager.secretAccessor');
        for (const variable of fn.serviceConfig.secretEnvironmentVariables) expect(variable.version).toMatch(/^\d+$/);
      }
      expect(fnOf('ops').serviceConfig.secretEnvironmentVariables.map((variable) => variable.key).sort()).toEqual(['METRICS_TOKEN', 'MONGODB_URI']);
    });
  });

  describe('IAM', () => {
    it('binds project-wide only the roles no resource can carry', () => {
      const bindings = parseAll(ZMember, run.ofType(T.projectIam));
      expect(bindings.length).toBeGreaterThan(0);
      for (const binding of bindings) expect(Object.keys(PROJECT_LEVEL_ROLES), binding.role).toContain(binding.role);
      expect(run.resources.filter((resource) => /^gcp:projects\/iAM(Binding|Policy)/.test(resource.type))).toEqual([]);
    });

    it('grants Vertex AI and Firebase Auth administration only to functions whose profile asks for them', () => {
      const bindings = parseAll(ZMember, run.ofType(T.projectIam));
      for (const fn of functions) {
        const roles = bindings.filter((binding) => binding.member === memberOf(fn.name)).map((binding) => binding.role);
        expect(roles.includes('roles/aiplatform.user'), fn.name).toBe(accessOf(fn.name).vertexAi);
        expect(roles.includes('roles/firebaseauth.admin'), fn.name).toBe(accessOf(fn.name).firebaseAuthAdmin);
      }
    });
  });

  describe('platform', () => {
    it('enables the APIs of every service the stack uses', () => {
      const enabled = run.ofType(T.api).map((api) => api.inputs.service);
      expect(enabled).toEqual([...REQUIRED_APIS]);
      for (const service of ['cloudfunctions', 'run', 'cloudbuild', 'pubsub', 'cloudtasks', 'cloudscheduler', 'secretmanager', 'firestore', 'firebasehosting', 'monitoring', 'aiplatform']) {
        expect(enabled).toContain(`${service}.googleapis.com`);
      }
    });

    it('creates a native Firestore database with a TTL on expires_at of the idempotency ledger and the rate limits', () => {
      expect(run.ofType(T.firestore).map((database) => database.inputs)).toEqual([expect.objectContaining({ name: '(default)', type: 'FIRESTORE_NATIVE', locationId: 'nam5' })]);
      const fields = parseAll(z.object({ collection: z.string(), field: z.string(), ttlConfig: z.object({}) }), run.ofType(T.firestoreField));
      expect(fields.map((field) => [field.collection, field.field])).toEqual([
        ['_idempotency', 'expires_at'],
        ['_rate_limits', 'expires_at'],
      ]);
    });

    it('checks /api/health on the public host and alerts on downtime, 5xx ratio, p95 latency, backlog and dead letters', () => {
      expect(run.ofType(T.uptime).map((check) => check.inputs)).toEqual([
        expect.objectContaining({ httpCheck: expect.objectContaining({ path: '/api/health', useSsl: true }), monitoredResource: { type: 'uptime_url', labels: { project_id: run.project, host: `${run.project}.web.app` } } }),
      ]);
      const filters = run.ofType(T.alert).map((policy) => JSON.stringify(policy.inputs.conditions));
      for (const metric of ['uptime_check/check_passed', 'response_code_class = \\"5xx\\"', 'run.googleapis.com/request_latencies', 'oldest_unacked_message_age', 'num_undelivered_messages']) {
        expect(filters.some((filter) => filter.includes(metric)), metric).toBe(true);
      }
      expect(filters.find((filter) => filter.includes('num_undelivered_messages'))).toContain('dead-letter-hold');
      const dashboard = z.object({ dashboardJson: z.string() }).parse(run.ofType(T.dashboard)[0]?.inputs);
      expect(JSON.parse(dashboard.dashboardJson)).toMatchObject({ displayName: 'DealCycle', mosaicLayout: { tiles: expect.any(Array) } });
    });

    it('creates no MongoDB Atlas resources unless the stack asks for them', () => {
      expect(run.resources.filter((resource) => resource.type.startsWith('mongodbatlas:'))).toEqual([]);
    });
  });
});

describe('the prod stack config', () => {
  let run: TStackRun;
  beforeAll(async () => {
    run = await runStack({ stack: 'prod' });
  });

  it('protects the Firestore database from deletion', () => {
    expect(run.ofType(T.firestore)[0]?.inputs).toMatchObject({ deleteProtectionState: 'DELETE_PROTECTION_ENABLED', deletionPolicy: 'ABANDON' });
  });

  it('keeps the busiest functions warm and sends alerts by e-mail', () => {
    const functions = parseAll(ZFunction, run.ofType(T.function));
    expect(functions.filter((fn) => fn.serviceConfig.minInstanceCount > 0).map((fn) => fn.name).sort()).toEqual(['communications', 'jobs', 'leads', 'twilio']);
    const channel = run.ofType(T.channel)[0];
    expect(channel?.inputs).toMatchObject({ type: 'email', labels: { email_address: 'ops@dealcycle.app' } });
    for (const policy of run.ofType(T.alert)) expect(policy.inputs.notificationChannels).toEqual([channel?.state.name]);
  });
});

describe('MongoDB Atlas, when the stack enables it', () => {
  let run: TStackRun;
  beforeAll(async () => {
    const { 'dealcycle:mongodbUri': _unused, ...secrets } = TEST_SECRETS;
    run = await runStack({
      config: { 'dealcycle:atlas': { projectId: 'atlas-project-1', accessCidrs: ['0.0.0.0/0'] } },
      secrets: { ...secrets, 'dealcycle:atlasPassword': 'atlas-pa$$word' },
    });
  });

  it('creates the cluster on Google Cloud, an application user scoped to it and the IP access list', () => {
    expect(run.ofType('mongodbatlas:index/flexCluster:FlexCluster').map((cluster) => cluster.inputs)).toEqual([
      expect.objectContaining({ projectId: 'atlas-project-1', name: 'dealcycle', providerSettings: { backingProviderName: 'GCP', regionName: 'CENTRAL_US' } }),
    ]);
    expect(run.ofType('mongodbatlas:index/databaseUser:DatabaseUser').map((user) => user.inputs)).toEqual([
      expect.objectContaining({ username: 'dealcycle-app', roles: [{ roleName: 'readWrite', databaseName: 'dealcycle' }], scopes: [{ name: 'dealcycle', type: 'CLUSTER' }] }),
    ]);
    expect(run.ofType('mongodbatlas:index/projectIpAccessList:ProjectIpAccessList').map((entry) => entry.inputs.cidrBlock)).toEqual(['0.0.0.0/0']);
  });

  it('stores the cluster connection string, with the user and password, as the MONGODB_URI secret', () => {
    const mongo = run.ofType(T.secretVersion).find((version) => String(version.inputs.secret).endsWith('/MONGODB_URI'));
    const secretData = z.object({ value: z.string() }).parse(mongo?.inputs.secretData);
    expect(pulumi.runtime.isRpcSecret(mongo?.inputs.secretData)).toBe(true);
    expect(secretData.value).toBe('mongodb+srv://dealcycle-app:atlas-pa%24%24word@dealcycle.abcde.mongodb.net/dealcycle?retryWrites=true&w=majority');
    for (const resource of run.ofType('mongodbatlas:index/databaseUser:DatabaseUser')) expect(pulumi.runtime.isRpcSecret(resource.inputs.password)).toBe(true);
  });
});
