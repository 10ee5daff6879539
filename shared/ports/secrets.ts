/** Named secrets (Twilio auth token, SMTP password, MongoDB URI). Secret Manager in production, the environment locally. */
export interface TSecrets {
  get(name: string): Promise<string | undefined>;
}
