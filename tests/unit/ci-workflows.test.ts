import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

const workflowsDir = resolve(import.meta.dirname, '..', '..', '.github', 'workflows');

const ZStep = z.object({ name: z.string().optional(), uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() });
const ZWorkflow = z.object({
  on: z.record(z.string(), z.unknown()),
  permissions: z.record(z.string(), z.string()),
  jobs: z.record(z.string(), z.object({ steps: z.array(ZStep) }).loose()),
});

async function readWorkflow(name: string) {
  return ZWorkflow.parse(parse(await readFile(resolve(workflowsDir, name), 'utf8')));
}

describe('GitHub workflows', () => {
  it('CI installs, lints, type-checks and runs every test suite, the Pulumi program included', async () => {
    const ci = await readWorkflow('ci.yml');
    const commands = Object.values(ci.jobs).flatMap((job) => job.steps.flatMap((step) => (step.run ? [step.run] : []))).join('\n');
    for (const command of ['npm ci', 'npm run lint', 'npm run type-check', '--project unit', '--project integration', '--project e2e', 'npm test -w pulumi', 'npm run build:functions']) {
      expect(commands, command).toContain(command);
    }
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('deploys through Workload Identity Federation, never a JSON key, with the same command a person runs', async () => {
    const deploy = await readWorkflow('deploy.yml');
    expect(deploy.permissions).toMatchObject({ 'id-token': 'write' });
    const steps = Object.values(deploy.jobs).flatMap((job) => job.steps);
    const auth = steps.find((step) => step.uses?.startsWith('google-github-actions/auth@'));
    expect(auth?.with).toEqual({ workload_identity_provider: expect.any(String), service_account: expect.any(String) });
    const text = await readFile(resolve(workflowsDir, 'deploy.yml'), 'utf8');
    expect(text).not.toMatch(/credentials_json|GOOGLE_CREDENTIALS|private_key/);
    expect(steps.map((step) => step.run ?? '')).toContainEqual(expect.stringContaining('npm run deploy -- --stack'));
  });
});
