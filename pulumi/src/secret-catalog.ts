/**
 * The secrets functions read, in one list: each becomes a Secret Manager secret whose value
 * comes from encrypted stack config, and reaches a function as an environment variable only
 * when its access profile (function-access.ts) names it. To add one: append an entry here,
 * name it in the profiles that need it, set it with `pulumi config set --secret`.
 *
 * The secret id is the variable's name: the `TSecrets` port reads a name from the environment
 * locally (infra/embedded/env-secrets.ts) and the same name from Secret Manager in production
 * (infra/google/secret-manager-secrets.ts), so either way finds it.
 */
export interface TSecretEntry {
  /** Environment variable the function reads, and the Secret Manager secret id. */
  env: string;
  /** Stack config key under `dealcycle:` holding the value. */
  configKey: string;
  /** A deployment cannot work without it. */
  required: boolean;
}

export const SECRET_CATALOG = [
  // Derived from the Atlas cluster when `dealcycle:atlas` is set.
  { env: 'MONGODB_URI', configKey: 'mongodbUri', required: true },
  { env: 'SMTP_URL', configKey: 'smtpUrl', required: false },
  { env: 'TWILIO_ACCOUNT_SID', configKey: 'twilioAccountSid', required: false },
  { env: 'TWILIO_AUTH_TOKEN', configKey: 'twilioAuthToken', required: false },
  // Every function answers /metrics on its public run.app URL; with a token set, only Bearer holders read it.
  { env: 'METRICS_TOKEN', configKey: 'metricsToken', required: false },
] as const satisfies readonly TSecretEntry[];

export type TSecretEnv = (typeof SECRET_CATALOG)[number]['env'];
