/**
 * `npm run deploy -- --stack <dev|prod> [--yes] [--skip-build]`: the whole deployment, for a
 * person with Google Cloud credentials and for CI (deploy.yml runs the same command):
 *   1. build the portal and the function bundles (`npm run build`),
 *   2. `pulumi up` in pulumi/ (infrastructure and functions),
 *   3. `firebase deploy --only hosting` to the project the stack manages (site/dist and the
 *      rewrites of firebase.json, which point at the functions step 2 created).
 * Needs the `pulumi` CLI on PATH; firebase-tools comes from node_modules.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const { values } = parseArgs({
  options: {
    stack: { type: 'string', default: process.env.PULUMI_STACK ?? 'dev' },
    yes: { type: 'boolean', default: false },
    'skip-build': { type: 'boolean', default: false },
  },
});
const stack = values.stack ?? 'dev';

function run(command: string, args: string[], cwd = root): string {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd, stdio: ['inherit', 'pipe', 'inherit'], encoding: 'utf8' });
  if (result.error) {
    console.error(`${command} could not start (${result.error.message}); install it as pulumi/README.md describes.`);
    process.exit(1);
  }
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    console.error(`\n${command} failed with exit code ${result.status}; nothing after this step ran.`);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

if (!values['skip-build']) run('npm', ['run', 'build']);
run('pulumi', ['up', '--stack', stack, ...(values.yes ? ['--yes', '--skip-preview'] : [])], join(root, 'pulumi'));
const outputs = JSON.parse(run('pulumi', ['stack', 'output', '--json', '--stack', stack], join(root, 'pulumi'))) as { projectId?: string; publicUrl?: string };
if (!outputs.projectId) {
  console.error(`stack ${stack} has no projectId output; did pulumi up succeed?`);
  process.exit(1);
}
run(join(root, 'node_modules', '.bin', 'firebase'), ['deploy', '--only', 'hosting', '--project', outputs.projectId, '--non-interactive']);
console.log(`\nDeployed stack ${stack}: ${outputs.publicUrl ?? '(no publicUrl output)'}`);
