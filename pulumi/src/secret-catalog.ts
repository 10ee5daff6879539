/**
 * The secrets functions read, in one list: each becomes a Secret Manager secret whose value
 * comes from encrypted stack config, and reaches a function as an environment variable only
 * when its access profile (function-access.ts) names it. To add one: append an entry here,
 * name it in the profiles that need it, set it with `pulumi config set --secret`.
 */
export interface TSecretEntry {
  /** Environment variable the function reads (infra/platform/config.ts). */
  env: string;
  /** Secret Manager secret id. */
  secretId: string;
  /** Stack config key under `dealcycle:` holding the value. */
  configKey: string;
  /** A deployment cannot work without it. */
  required: boolean;
}

export const SECRET_CATALOG = [
  // Derived from the Atlas cluster when `dealcycle:atlas` is set.
  { env: 'MONGODB_URI', secretId: 'mongodb-uri', configKey: 'mongodbUri', required: true },
  { env: 'SMTP_URL', secretId: 'smtp-url', configKey: 'smtpUrl', required: false },
  { env: 'TWILIO_ACCOUNT_SID', secretId: 'twilio-account-sid', configKey: 'twilioAccountSid', required: false },
  { env: 'TWILIO_AUTH_TOKEN', secretId: 'twilio-auth-token', configKey: 'twilioAuthToken', required: false },
  // Every function answers /metrics on its public run.app URL; with a token set, only Bearer holders read it.
  { env: 'METRICS_TOKEN', secretId: 'metrics-token', configKey: 'metricsToken', required: false },
] as const satisfies readonly TSecretEntry[];

export type TSecretEnv = (typeof SECRET_CATALOG)[number]['env'];
