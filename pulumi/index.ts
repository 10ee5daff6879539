/**
 * Pulumi entry point: reads the stack config, the routing table (firebase.json) and the
 * function bundles (dist/functions, from `npm run build:functions`), builds the stack and
 * exports its outputs. See README.md for the deployment guide.
 */
import { join, resolve } from 'node:path';
import { readRoutingTable } from '../infra/platform/routing-table.ts';
import { SCHEDULES } from '../shared/jobs/schedules.ts';
import { createDealCycleStack } from './src/deal-cycle-stack.ts';
import { loadFunctionBundles } from './src/function-bundles.ts';
import { readStackConfig } from './src/stack-config.ts';

const repositoryRoot = resolve(import.meta.dirname, '..');
const config = readStackConfig();
const rewrites = await readRoutingTable(repositoryRoot);
const bundles = await loadFunctionBundles(
  join(repositoryRoot, 'dist', 'functions'),
  rewrites.map((rewrite) => rewrite.serviceId),
);
const stack = createDealCycleStack({ config, rewrites, bundles, schedules: SCHEDULES });

export const projectId = stack.projectId;
export const region = stack.region;
export const publicUrl = stack.publicUrl;
export const hostingSiteId = stack.hostingSiteId;
export const jobsUrl = stack.jobsUrl;
export const pushServiceAccount = stack.pushServiceAccount;
export const functionUrls = stack.functionUrls;
export const firebaseWebConfig = stack.firebaseWebConfig;
