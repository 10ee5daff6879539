/**
 * Runs the whole program against Pulumi's mocks (`pulumi.runtime.setMocks`) and records every
 * resource it registers, with its inputs, so tests can state properties of the plan: no cloud
 * call, no credentials. Stack config comes from the committed Pulumi.<stack>.yaml files.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { parse } from 'yaml';
import { z } from 'zod';
import { readRoutingTable, type TRewrite } from '../../../infra/platform/routing-table.ts';
import { SCHEDULES } from '../../../shared/jobs/schedules.ts';
import { createDealCycleStack } from '../../src/deal-cycle-stack.ts';
import { readStackConfig } from '../../src/stack-config.ts';

export const PROJECT_NUMBER = '123456789012';
export const PULUMI_DIR = resolve(import.meta.dirname, '..', '..');
export const REPOSITORY_ROOT = resolve(PULUMI_DIR, '..');

export interface TRecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The state the mock returned: inputs plus the outputs the provider would compute. */
  state: Record<string, unknown>;
}

export interface TStackRun {
  resources: TRecordedResource[];
  rewrites: TRewrite[];
  outputs: Record<string, unknown>;
  project: string;
  /** Resources of one type token, e.g. `gcp:pubsub/topic:Topic`. */
  ofType(type: string): TRecordedResource[];
}

export interface TStackRunOptions {
  stack?: 'dev' | 'prod';
  /** Config values laid over the stack file (`dealcycle:atlas`: {...}); null removes a key. */
  config?: Record<string, unknown>;
  /** Secret config values, e.g. `{ 'dealcycle:mongodbUri': 'mongodb+srv://…' }`. */
  secrets?: Record<string, string>;
}

export const TEST_SECRETS = {
  'dealcycle:mongodbUri': 'mongodb+srv://app:s3cret-mongo@cluster0.example.mongodb.net/dealcycle',
  'dealcycle:smtpUrl': 'smtps://apikey:s3cret-smtp@smtp.sendgrid.net:465',
  'dealcycle:twilioAccountSid': 'AC0123456789abcdef0123456789abcdef',
  'dealcycle:twilioAuthToken': 's3cret-twilio-token',
  'dealcycle:metricsToken': 's3cret-metrics-token',
};

const ZStackFile = z.object({ config: z.record(z.string(), z.unknown()) });

/** Committed stack config (no secrets: those are set per machine and stored encrypted). */
export async function readStackFile(stack: 'dev' | 'prod'): Promise<Record<string, unknown>> {
  return ZStackFile.parse(parse(await readFile(join(PULUMI_DIR, `Pulumi.${stack}.yaml`), 'utf8'))).config;
}

/** Pulumi hands object config to programs as JSON strings. */
function asConfigValues(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

/** Applies stack config the way the Pulumi CLI would, without running the program. */
export async function useStackConfig(options: TStackRunOptions = {}): Promise<void> {
  const stack = options.stack ?? 'dev';
  const merged = Object.fromEntries(Object.entries({ ...(await readStackFile(stack)), ...options.config }).filter(([, value]) => value !== null));
  const secrets = options.secrets ?? TEST_SECRETS;
  pulumi.runtime.setAllConfig(asConfigValues({ ...merged, ...secrets }), Object.keys(secrets));
}

export async function runStack(options: TStackRunOptions = {}): Promise<TStackRun> {
  await useStackConfig(options);
  const resources: TRecordedResource[] = [];
  const config = readStackConfig();
  const project = config.project;
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        const computed = computedState(args.type, args.name, inputs, project);
        const state = { ...inputs, ...computed };
        resources.push({ type: args.type, name: args.name, inputs, state });
        return { id: typeof computed.id === 'string' ? computed.id : `${args.name}-id`, state };
      },
      call(args) {
        if (args.token === 'gcp:organizations/getProject:getProject') return { number: PROJECT_NUMBER, projectId: project };
        if (args.token === 'gcp:firebase/getWebAppConfig:getWebAppConfig') return { apiKey: 'test-web-api-key', authDomain: `${project}.firebaseapp.com` };
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    'dealcycle',
    options.stack ?? 'dev',
    false,
  );

  const rewrites = await readRoutingTable(REPOSITORY_ROOT);
  const bundles = new Map(
    rewrites.map((rewrite) => [
      rewrite.serviceId,
      { archive: new pulumi.asset.AssetArchive({ 'index.js': new pulumi.asset.StringAsset(`// ${rewrite.serviceId}`) }), hash: `hash-${rewrite.serviceId}` },
    ]),
  );
  const stack = createDealCycleStack({ config, rewrites, bundles, schedules: SCHEDULES });
  const outputs: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stack)) outputs[key] = await resolveOutput(value);
  // Every registration has reached the mocks once the RPC queue drains.
  await pulumi.runtime.disconnect();
  return { resources, rewrites, outputs, project, ofType: (type) => resources.filter((resource) => resource.type === type) };
}

function resolveOutput(value: unknown): Promise<unknown> {
  if (!pulumi.Output.isInstance(value)) return Promise.resolve(value);
  return new Promise((resolvePromise) => value.apply((resolved) => resolvePromise(resolved)));
}

/** The outputs a provider computes on create, as far as the program reads them. */
function computedState(type: string, name: string, inputs: Record<string, unknown>, project: string): Record<string, unknown> {
  const str = (key: string) => String(inputs[key] ?? '');
  switch (type) {
    case 'gcp:serviceaccount/account:Account': {
      const email = `${str('accountId')}@${project}.iam.gserviceaccount.com`;
      return { id: `projects/${project}/serviceAccounts/${email}`, name: `projects/${project}/serviceAccounts/${email}`, email };
    }
    case 'gcp:pubsub/topic:Topic':
      return { id: `projects/${project}/topics/${str('name')}` };
    case 'gcp:pubsub/subscription:Subscription':
      return { id: `projects/${project}/subscriptions/${str('name')}` };
    case 'gcp:cloudtasks/queue:Queue':
      return { id: `projects/${project}/locations/${str('location')}/queues/${str('name')}` };
    case 'gcp:secretmanager/secret:Secret':
      return { id: `projects/${project}/secrets/${str('secretId')}`, name: `projects/${project}/secrets/${str('secretId')}` };
    case 'gcp:secretmanager/secretVersion:SecretVersion':
      return { version: '1' };
    case 'gcp:projects/serviceIdentity:ServiceIdentity': {
      const email = `service-${PROJECT_NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`;
      return { email, member: `serviceAccount:${email}` };
    }
    case 'gcp:storage/bucket:Bucket':
      return { name: `${name}-a1b2c3` };
    case 'gcp:cloudfunctionsv2/function:Function':
      return { url: `https://${str('location')}-${project}.cloudfunctions.net/${str('name')}` };
    case 'gcp:firebase/webApp:WebApp':
      return { appId: `1:${PROJECT_NUMBER}:web:0123456789abcdef` };
    case 'gcp:monitoring/notificationChannel:NotificationChannel':
      return { name: `projects/${project}/notificationChannels/4242` };
    case 'gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig':
      return { uptimeCheckId: 'dealcycle-health-check' };
    case 'mongodbatlas:index/flexCluster:FlexCluster':
    case 'mongodbatlas:index/advancedCluster:AdvancedCluster':
      return { connectionStrings: { standardSrv: `mongodb+srv://${str('name')}.abcde.mongodb.net` } };
    default:
      return {};
  }
}
