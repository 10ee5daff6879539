import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { readStackConfig } from '../src/stack-config.ts';
import { TEST_SECRETS, useStackConfig } from './support/stack-harness.ts';

describe('readStackConfig', () => {
  it('accepts both committed stack files', async () => {
    for (const stack of ['dev', 'prod'] as const) {
      await useStackConfig({ stack });
      expect(readStackConfig().project).toBe(`dealcycle-${stack}`);
    }
  });

  it('merges function settings: built-in defaults, then stack defaults, then the per-function override', async () => {
    await useStackConfig({ config: { 'dealcycle:functionDefaults': { memory: '256Mi' }, 'dealcycle:functionOverrides': { jobs: { timeoutSeconds: 300 } } } });
    const config = readStackConfig();
    expect(config.functionSettings('leads')).toEqual({ memory: '256Mi', cpu: '1', concurrency: 80, minInstances: 0, maxInstances: 10, timeoutSeconds: 60 });
    expect(config.functionSettings('jobs')).toMatchObject({ memory: '256Mi', timeoutSeconds: 300 });
  });

  it.each([
    ['concurrency above 1 on less than one vCPU', { 'dealcycle:functionDefaults': { cpu: '0.5', concurrency: 10 } }, 'needs cpu >= 1'],
    ['more than 500 task dispatches per second', { 'dealcycle:tasks': { maxDispatchesPerSecond: 600 } }, 'tasks.maxDispatchesPerSecond'],
    ['a misspelt function setting', { 'dealcycle:functionOverrides': { jobs: { memroy: '1Gi' } } }, 'memroy'],
    ['min instances above max instances', { 'dealcycle:functionOverrides': { leads: { minInstances: 5, maxInstances: 2 } } }, 'minInstances exceeds maxInstances'],
    ['a project id that is not one', { 'gcp:project': 'Deal Cycle' }, 'gcp:project must be a Google Cloud project id'],
    ['a missing Firestore location', { 'dealcycle:firestoreLocation': null }, 'firestoreLocation'],
  ])('rejects %s, naming the setting', async (_case, config, message) => {
    await useStackConfig({ config });
    expect(() => readStackConfig()).toThrow(message);
  });

  it('names the command that sets a missing required secret', async () => {
    const { 'dealcycle:mongodbUri': _unused, ...secrets } = TEST_SECRETS;
    await useStackConfig({ secrets });
    expect(() => readStackConfig()).toThrow('pulumi config set --secret dealcycle:mongodbUri <value>');
  });

  it('needs no MongoDB URI when Atlas provides the database, but then needs the Atlas user password', async () => {
    const { 'dealcycle:mongodbUri': _unused, ...secrets } = TEST_SECRETS;
    await useStackConfig({ secrets, config: { 'dealcycle:atlas': { projectId: 'p1', accessCidrs: ['0.0.0.0/0'] } } });
    expect(() => readStackConfig()).toThrow('atlasPassword');
    await useStackConfig({ secrets: { ...secrets, 'dealcycle:atlasPassword': 'pw' }, config: { 'dealcycle:atlas': { projectId: 'p1', accessCidrs: ['0.0.0.0/0'] } } });
    expect(readStackConfig().atlas).toMatchObject({ projectId: 'p1', tier: 'flex', region: 'CENTRAL_US' });
  });

  it('reads secret values as Pulumi secrets', async () => {
    await useStackConfig();
    const { secrets } = readStackConfig();
    expect(Object.keys(secrets).sort()).toEqual(['METRICS_TOKEN', 'MONGODB_URI', 'SMTP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']);
    for (const value of Object.values(secrets)) if (value) expect(await pulumi.isSecret(value)).toBe(true);
  });
});
