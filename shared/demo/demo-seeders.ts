import type { TSystemContext } from '../context/service-context.ts';
import { seedDisposition } from './seed-disposition.ts';
import { seedCommunications } from './seed-communications.ts';
import { seedAnalytics } from './seed-analytics.ts';
import { seedAi } from './seed-ai.ts';
import { seedAutomation } from './seed-automation.ts';
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
  // It builds the inbox from every seeded message, buyers' included.
  { name: 'communications', run: seedCommunications },
  // Last: reads what the others wrote (spend and rollups of the seeded past).
  { name: 'analytics', run: seedAnalytics },
  // Two active workflows (speed to lead, the seller drip) and the last month's executions; reads leads and replies.
  { name: 'automation', run: seedAutomation },
  // AI tags the rules find in the demo leads' notes (the lead seed writes without events).
  { name: 'ai', run: seedAi },
];
