import type { TFunctionDefinition } from '../infra/http/define-function.ts';

/**
 * Every deployable function by its name in firebase.json's rewrites. Static imports keep
 * bundlers and the local host on the same list; each loads only when asked for.
 */
export const FUNCTION_MODULES: Record<string, () => Promise<{ definition: TFunctionDefinition }>> = {
  ops: () => import('./ops/index.ts'),
  tenants: () => import('./tenants/index.ts'),
  users: () => import('./users/index.ts'),
  buyers: () => import('./buyers/index.ts'),
  deals: () => import('./deals/index.ts'),
  jobs: () => import('./jobs/index.ts'),
  leads: () => import('./leads/index.ts'),
  'follow-ups': () => import('./follow-ups/index.ts'),
  notifications: () => import('./notifications/index.ts'),
  search: () => import('./search/index.ts'),
  communications: () => import('./communications/index.ts'),
  twilio: () => import('./twilio/index.ts'),
  analytics: () => import('./analytics/index.ts'),
  automation: () => import('./automation/index.ts'),
};

export async function loadFunctionDefinitions(): Promise<TFunctionDefinition[]> {
  return Promise.all(Object.values(FUNCTION_MODULES).map(async (load) => (await load()).definition));
}
