import type { TRole } from '../auth/principal.ts';

/** The demo organisation every fresh local install starts with. */
export const DEMO_TENANT_ID = 'tnt_demo';
export const DEMO_TENANT_NAME = 'Lone Star Home Buyers';

export interface TDemoAccount {
  uid: string;
  email: string;
  name: string;
  role: TRole;
}

/** One account per role; the local host keeps them present in the Auth emulator. */
export const DEMO_ACCOUNTS: readonly TDemoAccount[] = [
  { uid: 'demo-admin', email: 'admin@demo.dealcycle.dev', name: 'Dana Whitfield', role: 'admin' },
  { uid: 'demo-rep', email: 'rep@demo.dealcycle.dev', name: 'Riley Moreno', role: 'acquisition_rep' },
  { uid: 'demo-rep-2', email: 'rep2@demo.dealcycle.dev', name: 'Sam Okafor', role: 'acquisition_rep' },
  { uid: 'demo-dispo', email: 'dispo@demo.dealcycle.dev', name: 'Devon Clarke', role: 'disposition_manager' },
  { uid: 'demo-exec', email: 'exec@demo.dealcycle.dev', name: 'Erin Castillo', role: 'executive' },
];
