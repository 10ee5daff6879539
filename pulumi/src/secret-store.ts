import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { SECRET_CATALOG, type TSecretEnv } from './secret-catalog.ts';
import type { TStackConfig } from './stack-config.ts';

export interface TStoredSecret {
  /** Secret Manager secret id (= the environment variable's name), known before the secret exists. */
  secretId: string;
  secret: gcp.secretmanager.Secret;
  version: gcp.secretmanager.SecretVersion;
}

/**
 * One Secret Manager secret per configured catalog entry, its value from encrypted stack
 * config (or derived, e.g. the Atlas connection string). No accessor is granted here: each
 * function's binding is made on the secret itself, for the secrets its profile names.
 */
export function createSecretStore(
  config: TStackConfig,
  derived: Partial<Record<TSecretEnv, pulumi.Output<string>>>,
  dependsOn: pulumi.Resource[],
): Map<TSecretEnv, TStoredSecret> {
  const opts = { dependsOn };
  const stored = new Map<TSecretEnv, TStoredSecret>();
  for (const entry of SECRET_CATALOG) {
    const value = derived[entry.env] ?? config.secrets[entry.env];
    if (value === undefined) {
      pulumi.log.warn(`secret ${entry.env} is not configured: functions run without it (pulumi config set --secret dealcycle:${entry.configKey} …)`);
      continue;
    }
    const secret = new gcp.secretmanager.Secret(
      `secret-${entry.env}`,
      { project: config.project, secretId: entry.env, replication: { auto: {} }, labels: { app: 'dealcycle' } },
      { ...opts, protect: config.protect },
    );
    // pulumi.secret keeps the value encrypted in state even when it was derived from outputs.
    const version = new gcp.secretmanager.SecretVersion(`secret-${entry.env}-version`, { secret: secret.id, secretData: pulumi.secret(value) }, opts);
    stored.set(entry.env, { secretId: entry.env, secret, version });
  }
  return stored;
}
