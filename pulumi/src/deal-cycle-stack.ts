/**
 * The whole stack, from its three inputs: the validated stack config, the routing table of
 * firebase.json and the function bundles. index.ts reads those from disk; the tests pass
 * them in and run this against Pulumi's mocks.
 */
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { TSchedule } from '../../shared/jobs/schedules.ts';
import type { TRewrite } from '../../infra/platform/routing-table.ts';
import { createAtlasCluster } from './atlas-cluster.ts';
import { createMonitoring } from './cloud-monitoring.ts';
import { createFirebaseHosting } from './firebase-hosting.ts';
import { createFirestore } from './firestore-database.ts';
import { createFunctionServices, type TFunctionBundle } from './function-services.ts';
import { enableApis } from './project-apis.ts';
import { createQueueTopology } from './queue-topology.ts';
import { createSecretStore } from './secret-store.ts';
import { createUploadsBucket } from './uploads-bucket.ts';
import type { TStackConfig } from './stack-config.ts';

export interface TStackInputs {
  config: TStackConfig;
  rewrites: readonly TRewrite[];
  bundles: ReadonlyMap<string, TFunctionBundle>;
  schedules: readonly TSchedule[];
}

/** Pub/Sub waits at most 600 s for a push endpoint to answer. */
const MAX_PUSH_ACK_DEADLINE_SECONDS = 600;

export function createDealCycleStack({ config, rewrites, bundles, schedules }: TStackInputs) {
  const jobsRewrite = rewrites.find((rewrite) => rewrite.serviceId === 'jobs');
  if (!jobsRewrite) throw new Error('firebase.json has no rewrite for the `jobs` function: queue pushes and tasks have nowhere to go');

  const apis = enableApis(config);
  const project = gcp.organizations.getProjectOutput({ projectId: config.project });
  // The jobs function's own URL is an input of the jobs function (it schedules its next steps),
  // so it cannot come from its outputs. Cloud Run's deterministic URL breaks the cycle.
  // https://cloud.google.com/run/docs/triggering/https-request#deterministic
  const jobsUrl = pulumi.interpolate`https://jobs-${project.number}.${jobsRewrite.region}.run.app`;
  const pushAccount = new gcp.serviceaccount.Account('queue-push', { project: config.project, accountId: 'dc-queue-push', displayName: 'DealCycle queue push (Pub/Sub and Cloud Tasks OIDC)' }, { dependsOn: apis });

  const atlas = createAtlasCluster(config);
  const secrets = createSecretStore(config, atlas ? { MONGODB_URI: atlas.mongodbUri } : {}, apis);
  const firestore = createFirestore(config, apis);
  const hosting = createFirebaseHosting(config, apis);
  const uploadsBucket = createUploadsBucket(config, apis);
  const queues = createQueueTopology(
    {
      config,
      pushServiceAccount: pushAccount,
      jobsUrl,
      pushAudience: jobsUrl,
      pushAckDeadlineSeconds: Math.min(MAX_PUSH_ACK_DEADLINE_SECONDS, config.functionSettings('jobs').timeoutSeconds),
      schedules,
    },
    apis,
  );

  // What infra/platform/config.ts reads in production; secrets arrive separately from Secret Manager.
  const environment: Record<string, pulumi.Input<string>> = {
    RUNTIME: 'gcp',
    // Demo tenants belong to laptops, never to a deployment.
    SEED_DEMO: 'false',
    GOOGLE_CLOUD_PROJECT: config.project,
    GCP_REGION: config.region,
    PUBLIC_URL: hosting.publicUrl,
    PORTAL_ORIGINS: [hosting.publicUrl, ...config.portalOrigins].join(','),
    JOBS_URL: jobsUrl,
    PUSH_AUDIENCE: jobsUrl,
    TASKS_SERVICE_ACCOUNT: pushAccount.email,
    PUSH_SERVICE_ACCOUNT: pushAccount.email,
    EMAIL_FROM: config.emailFrom,
    UPLOADS_BUCKET: uploadsBucket.name,
    GEMINI_MODEL: config.ai.geminiModel,
    VERTEX_LOCATION: config.ai.vertexLocation,
  };
  const services = createFunctionServices(
    { config, rewrites, bundles, secrets, queues, pushServiceAccount: pushAccount, uploadsBucket, environment },
    [...apis, firestore.database],
  );

  createMonitoring(
    {
      config,
      services: rewrites.map((rewrite) => rewrite.serviceId),
      pushSubscriptions: [...queues.pushSubscriptions.keys()].map((topic) => `${topic}-push`),
      deadLetterSubscriptions: [...queues.deadLetterSubscriptions.keys()].map((topic) => `${topic}-dead-letter-hold`),
      taskQueues: [...queues.queues.keys()],
      publicUrl: hosting.publicUrl,
    },
    apis,
  );

  return {
    projectId: config.project,
    region: config.region,
    publicUrl: hosting.publicUrl,
    hostingSiteId: hosting.siteId,
    jobsUrl,
    uploadsBucket: uploadsBucket.name,
    pushServiceAccount: pushAccount.email,
    functionUrls: pulumi.output(Object.fromEntries([...services.functions].map(([name, { fn }]) => [name, fn.url]))),
    firebaseWebConfig: pulumi.output({
      apiKey: hosting.webConfig.apiKey,
      authDomain: hosting.webConfig.authDomain,
      projectId: config.project,
      appId: hosting.webApp.appId,
    }),
  };
}
