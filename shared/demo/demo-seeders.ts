import type { TSystemContext } from '../context/service-context.ts';
import { seedAnalytics } from './seed-analytics.ts';
import { seedLeads } from './seed-leads.ts';
import { seedTeam } from './seed-team.ts';

export interface TDemoSeeder {
  /** Stable name: recorded once run. */
  name: string;
  run(system: TSystemContext): Promise<void>;
}

/** In order; each capability appends the seeder for its own data. */
export const DEMO_SEEDERS: readonly TDemoSeeder[] = [
  { name: 'team', run: seedTeam },
  { name: 'leads', run: seedLeads },
  // Last: reads what the others wrote (rollups of the seeded past).
  { name: 'analytics', run: seedAnalytics },
];
