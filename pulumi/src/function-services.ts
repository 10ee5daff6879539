/**
 * One 2nd-gen Cloud Run function per rewrite in firebase.json, each with its own service
 * account granted only what its access profile (function-access.ts) names, on the resource
 * itself wherever IAM allows it. Sources are the bundles of `npm run build:functions`,
 * uploaded as zips named by content hash so a changed bundle redeploys and an unchanged one
 * does not.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { TRewrite } from '../../infra/platform/routing-table.ts';
import { accessOf } from './function-access.ts';
import type { TQueueTopology } from './queue-topology.ts';
import type { TSecretEnv } from './secret-catalog.ts';
import type { TStoredSecret } from './secret-store.ts';
import type { TStackConfig } from './stack-config.ts';

export interface TFunctionBundle {
  /** index.js, chunks/ and package.json of dist/functions/<name>. */
  archive: pulumi.asset.Archive;
  /** Content hash of those files. */
  hash: string;
}

/**
 * Roles granted on the project because the service has no narrower resource to bind them
 * to. Everything else is granted on a topic, queue, secret, service account or service.
 */
export const PROJECT_LEVEL_ROLES: Readonly<Record<string, string>> = {
  'roles/datastore.user': 'Firestore grants data access per project (conditions aside)',
  'roles/aiplatform.user': 'Vertex AI model endpoints are not IAM resources',
  'roles/firebaseauth.admin': 'Firebase Auth users and custom claims are project-wide',
  'roles/run.builder': 'Cloud Run functions builds read a Google-managed staging bucket and write to gcf-artifacts',
};

export interface TFunctionServicesInputs {
  config: TStackConfig;
  rewrites: readonly TRewrite[];
  bundles: ReadonlyMap<string, TFunctionBundle>;
  secrets: ReadonlyMap<TSecretEnv, TStoredSecret>;
  queues: TQueueTopology;
  pushServiceAccount: gcp.serviceaccount.Account;
  /** Where uploads wait for their job; functions whose profile says `uploads` get object access on it. */
  uploadsBucket: gcp.storage.Bucket;
  /** Environment every function gets (RUNTIME, URLs, identities…). */
  environment: Record<string, pulumi.Input<string>>;
}

/** `dc-fn-<name>`: service account ids are 6–30 characters. */
export function functionAccountId(name: string): string {
  const id = `dc-fn-${name}`;
  if (id.length > 30) throw new Error(`function name "${name}" is too long for a service account id (${id}); keep names at 24 characters or fewer`);
  return id;
}

export function createFunctionServices(inputs: TFunctionServicesInputs, dependsOn: pulumi.Resource[]) {
  const { config } = inputs;
  const opts = { dependsOn };
  const labels = { app: 'dealcycle' };

  const sourceBucket = new gcp.storage.Bucket(
    'functions-source',
    { project: config.project, location: config.region, uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced', forceDestroy: true, labels },
    opts,
  );
  const buildAccount = new gcp.serviceaccount.Account('functions-build', { project: config.project, accountId: 'dc-functions-build', displayName: 'DealCycle function builds' }, opts);
  const buildRole = new gcp.projects.IAMMember(
    'functions-build-run-builder',
    { project: config.project, role: 'roles/run.builder', member: pulumi.interpolate`serviceAccount:${buildAccount.email}` },
    opts,
  );

  const functions = new Map<string, { fn: gcp.cloudfunctionsv2.Function; account: gcp.serviceaccount.Account }>();
  for (const rewrite of inputs.rewrites) {
    const name = rewrite.serviceId;
    const access = accessOf(name);
    const settings = config.functionSettings(name);
    const bundle = inputs.bundles.get(name);
    if (!bundle) throw new Error(`no bundle for ${name}: run \`npm run build:functions\` (every rewrite in firebase.json needs functions/<name>/index.ts)`);
    const account = new gcp.serviceaccount.Account(`sa-${name}`, { project: config.project, accountId: functionAccountId(name), displayName: `DealCycle function ${name}` }, opts);
    const member = pulumi.interpolate`serviceAccount:${account.email}`;

    // Bindings the revision needs at start-up (secret env vars are resolved then) gate the deploy.
    const deployGates: pulumi.Resource[] = [buildRole];
    const secretEnvironmentVariables = access.secrets.flatMap((env) => {
      const stored = inputs.secrets.get(env);
      if (!stored) return [];
      deployGates.push(
        new gcp.secretmanager.SecretIamMember(`${name}-reads-${stored.secretId}`, { project: config.project, secretId: stored.secret.id, role: 'roles/secretmanager.secretAccessor', member }, opts),
      );
      // A pinned version number: rotating a secret rolls out a new revision instead of changing under running instances.
      return [{ key: env, projectId: config.project, secret: stored.secret.secretId, version: stored.version.version }];
    });
    for (const topicName of access.publishes) {
      const topic = inputs.queues.topics.get(topicName);
      if (topic) new gcp.pubsub.TopicIAMMember(`${name}-publishes-${topicName}`, { project: config.project, topic: topic.name, role: 'roles/pubsub.publisher', member }, opts);
    }
    for (const queueName of access.schedules) {
      const queue = inputs.queues.queues.get(queueName);
      if (queue) {
        new gcp.cloudtasks.QueueIamMember(`${name}-enqueues-${queueName}`, { project: config.project, location: queue.location, name: queue.name, role: 'roles/cloudtasks.enqueuer', member }, opts);
      }
    }
    if (access.schedules.length > 0) {
      // Creating a task with an OIDC token means acting as the push identity.
      new gcp.serviceaccount.IAMMember(`${name}-acts-as-push-identity`, { serviceAccountId: inputs.pushServiceAccount.name, role: 'roles/iam.serviceAccountUser', member }, opts);
    }
    if (access.uploads) {
      new gcp.storage.BucketIAMMember(`${name}-uses-uploads`, { bucket: inputs.uploadsBucket.name, role: 'roles/storage.objectAdmin', member }, opts);
    }
    const projectRoles = [
      access.firestore ? 'roles/datastore.user' : undefined,
      access.vertexAi ? 'roles/aiplatform.user' : undefined,
      access.firebaseAuthAdmin ? 'roles/firebaseauth.admin' : undefined,
    ].filter((role) => role !== undefined);
    for (const role of projectRoles) {
      deployGates.push(new gcp.projects.IAMMember(`${name}-${role.replace(/^roles\//, '').replace(/\./g, '-')}`, { project: config.project, role, member }, opts));
    }

    const source = new gcp.storage.BucketObject(`source-${name}`, { bucket: sourceBucket.name, name: `${name}/${bundle.hash}.zip`, source: bundle.archive }, opts);
    const fn = new gcp.cloudfunctionsv2.Function(
      `fn-${name}`,
      {
        project: config.project,
        location: rewrite.region,
        name,
        description: `DealCycle ${name}: ${rewrite.regex}`,
        labels,
        buildConfig: {
          runtime: config.functionRuntime,
          entryPoint: name,
          source: { storageSource: { bucket: sourceBucket.name, object: source.name } },
          serviceAccount: buildAccount.id,
        },
        serviceConfig: {
          serviceAccountEmail: account.email,
          availableMemory: settings.memory,
          availableCpu: settings.cpu,
          maxInstanceRequestConcurrency: settings.concurrency,
          minInstanceCount: settings.minInstances,
          maxInstanceCount: settings.maxInstances,
          timeoutSeconds: settings.timeoutSeconds,
          ingressSettings: 'ALLOW_ALL',
          allTrafficOnLatestRevision: true,
          environmentVariables: { ...inputs.environment, AI_PROVIDER: access.vertexAi ? 'gemini' : 'rules' },
          secretEnvironmentVariables,
        },
      },
      { dependsOn: [...dependsOn, ...deployGates] },
    );
    // Firebase Hosting rewrites call the service without an IAM token, so it must be publicly
    // invocable; the API checks Firebase ID tokens and the jobs receiver checks OIDC tokens itself.
    new gcp.cloudrunv2.ServiceIamMember(`${name}-public-invoker`, { project: config.project, location: rewrite.region, name: fn.name, role: 'roles/run.invoker', member: 'allUsers' }, opts);
    functions.set(name, { fn, account });
  }
  return { functions, sourceBucket, buildAccount };
}
