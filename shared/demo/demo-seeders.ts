import type { TSystemContext } from '../context/service-context.ts';
import { seedDisposition } from './seed-disposition.ts';
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
  // Buyers, deals on the under-contract and closed leads, deal blasts and replies.
  { name: 'disposition', run: seedDisposition },
];
