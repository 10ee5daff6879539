import type { TSecrets } from '../../shared/ports/secrets.ts';

/**
 * `TSecrets` from a record handed over at construction (the platform passes the environment
 * or a parsed `.env`): the local stand-in for Secret Manager. Empty values count as unset.
 */
export function createEnvSecrets(values: Readonly<Record<string, string | undefined>>): TSecrets {
  const snapshot = { ...values };
  return {
    async get(name) {
      const value = snapshot[name];
      return value === undefined || value === '' ? undefined : value;
    },
  };
}
