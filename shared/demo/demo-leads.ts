import { calculateMao } from '../mao/calculate-mao.ts';
import { LEAD_SOURCES, type TLeadSource, type TLeadStatus, type TPropertyType } from '../leads/lead.constants.ts';
import type { TAddress } from '../schemas/address.ts';
import {
  CITIES,
  CONDITIONS,
  COUNTIES,
  FIRST_NAMES,
  HEIR_RELATIONS,
  HEIRS,
  LAST_NAMES,
  LOST_REASONS,
  MOTIVATIONS,
  OTHER_CITIES,
  PROPERTY_TYPE_WEIGHTS,
  SOURCE_WEIGHTS,
  type TMotivation,
} from './demo-lead-data.ts';
import { createDemoRandom } from './demo-random.ts';

/**
 * The demo organisation's leads as a plan: who they are, where, how far they got and who works
 * them — everything but dates, which the seeder lays out relative to the clock. The plan
 * depends on nothing but its seed, so lead ids and statuses are the same on every install and
 * other seeders (deals) can build on them: see `demoLeadsByStatus`.
 */
export interface TDemoLead {
  /** Stable: `ld_demo_001`…, oldest first. */
  id: string;
  first_name: string;
  last_name: string;
  /** E.164, unique (555-01xx numbers are reserved for fiction). */
  phone: string;
  email: string | null;
  address: TAddress;
  property_type: TPropertyType;
  estimated_value: number | null;
  source: TLeadSource;
  status: TLeadStatus;
  /** The furthest open stage reached (for lost leads, where they were lost from). */
  reached: Exclude<TLeadStatus, 'lost'>;
  lost_reason: string | null;
  assigned_to: string | null;
  created_by: string;
  tags: string[];
  motivation: TMotivation;
  notes: string;
  /** Days between the lead's creation and the seeding. */
  age_days: number;
  /** After-repair value and repair estimate the offers were built from (deals reuse them). */
  arv: number;
  repairs: number;
  /** The accepted offer for leads under contract or closed: the deal's contract price. */
  contract_price: number | null;
  lead_score: number | null;
}

export const DEMO_REPS = ['demo-rep', 'demo-rep-2'] as const;
export const DEMO_ADMIN = 'demo-admin';
export const DEMO_DISPO = 'demo-dispo';

/** How many demo leads end in each status (240 in all). */
export const DEMO_STATUS_COUNTS: Readonly<Record<TLeadStatus, number>> = { new: 50, contacted: 60, qualified: 45, under_contract: 20, closed: 25, lost: 40 };

const AGE_DAYS: Record<TLeadStatus, [number, number]> = { new: [0, 20], contacted: [2, 60], qualified: [5, 90], under_contract: [15, 100], closed: [45, 120], lost: [10, 120] };
const TYPE_VALUE_FACTOR: Record<TPropertyType, number> = { single_family: 1, multi_family: 1.45, condo: 0.6, townhouse: 0.75, mobile_home: 0.35, land: 0.25, commercial: 1.9 };
const SCORES: Record<TLeadStatus, [number, number]> = { new: [20, 60], contacted: [40, 72], qualified: [60, 86], under_contract: [75, 95], closed: [78, 96], lost: [8, 38] };

/** Draws until the value is new, and remembers it. */
function unique(seen: Set<string>, draw: () => string): string {
  for (;;) {
    const value = draw();
    if (!seen.has(value)) {
      seen.add(value);
      return value;
    }
  }
}

const ascii = (value: string) => value.normalize('NFKD').replace(/[^A-Za-z]/g, '').toLowerCase();
const roundTo = (value: number, step: number) => Math.round(value / step) * step;

function buildDemoLeads(): TDemoLead[] {
  const random = createDemoRandom(20_260_301);
  const statuses = random.shuffle(Object.entries(DEMO_STATUS_COUNTS).flatMap(([status, count]) => Array.from({ length: count }, () => status as TLeadStatus)));
  // Every source at least once, the rest by weight.
  const sources = random.shuffle([...LEAD_SOURCES, ...Array.from({ length: statuses.length - LEAD_SOURCES.length }, () => random.weighted(SOURCE_WEIGHTS))]);
  const phones = new Set<string>();
  const streets = new Set<string>();
  const drafts = statuses.map((status, index) => {
    const city = random.pick(CITIES);
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const phone = unique(phones, () => `+1${random.pick(city.areaCodes)}55501${String(random.int(0, 99)).padStart(2, '0')}`);
    const line1 = unique(streets, () => `${random.int(100, 9899)} ${random.pick(city.streets)}`);

    const propertyType = random.weighted(PROPERTY_TYPE_WEIGHTS);
    const base = city.values[0] + random.next() * (city.values[1] - city.values[0]);
    const value = roundTo(base * TYPE_VALUE_FACTOR[propertyType], 1_000);
    const arv = roundTo(value * (1.08 + random.next() * 0.22), 1_000);
    const repairs = propertyType === 'land' ? 0 : roundTo(12_000 + random.next() * 58_000, 500);
    const mao = calculateMao({ arv, repairs, desired_fee: 10_000, factor: 0.7 }).mao;
    const reached: TDemoLead['reached'] =
      status === 'lost' ? random.weighted([['new', 25], ['contacted', 45], ['qualified', 30]] as const) : status;
    const motivation = random.pick(MOTIVATIONS);
    const repsLead = reached !== 'new' || random.chance(0.65);
    const assignedTo = repsLead ? (random.chance(0.05) ? DEMO_ADMIN : random.chance(0.55) ? DEMO_REPS[0] : DEMO_REPS[1]) : null;
    const source = sources[index] ?? 'other';
    const createdBy = source === 'inbound_sms' || source === 'inbound_call' ? 'twilio' : assignedTo && ['cold_calling', 'driving_for_dollars'].includes(source) ? assignedTo : DEMO_ADMIN;
    const story = random
      .pick(motivation.stories)
      .replace('{heir}', random.pick(HEIRS).replace(/^the /, 'The ').replace(/^a /, 'A '))
      .replace('{heir_relation}', random.pick(HEIR_RELATIONS))
      .replace('{county}', COUNTIES[city.city] ?? 'Travis')
      .replace('{other_city}', random.pick(OTHER_CITIES))
      .replace('{months}', String(random.int(3, 8)))
      .replace('{units}', String(random.int(3, 9)));
    const tags = [...new Set([...motivation.tags.slice(0, random.int(1, motivation.tags.length)), ...(value > 300_000 && random.chance(0.3) ? ['high equity'] : [])])];
    const [minAge, maxAge] = AGE_DAYS[status];
    const [minScore, maxScore] = SCORES[status];
    return {
      first_name: first,
      last_name: last,
      phone,
      email: random.chance(0.4) ? `${ascii(first)}.${ascii(last)}${random.int(1, 99)}@${random.pick(['example.com', 'example.net', 'example.org'])}` : null,
      address: { line1, city: city.city, state: 'TX' as const, zip: random.pick(city.zips) },
      property_type: propertyType,
      estimated_value: status === 'new' && random.chance(0.1) ? null : value,
      source,
      status,
      reached,
      lost_reason: status === 'lost' ? random.pick(reached === 'new' ? ['No response after six attempts', 'Wrong number'] : LOST_REASONS) : null,
      assigned_to: assignedTo,
      created_by: createdBy,
      tags,
      motivation,
      notes: `${story} ${random.pick(CONDITIONS)}`,
      age_days: minAge + random.next() * (maxAge - minAge),
      arv,
      repairs,
      contract_price: status === 'under_contract' || status === 'closed' ? Math.max(20_000, roundTo(mao + random.int(-6_000, 8_000), 500)) : null,
      lead_score: status === 'new' && random.chance(0.5) ? null : random.int(minScore, maxScore),
    };
  });
  return drafts
    .sort((a, b) => b.age_days - a.age_days)
    .map((draft, index) => ({ id: `ld_demo_${String(index + 1).padStart(3, '0')}`, ...draft }));
}

/** Every demo lead, oldest first. */
export const DEMO_LEADS: readonly TDemoLead[] = buildDemoLeads();

/** Ids of the demo leads in a status, oldest first: the deals seeder opens deals on `under_contract` and `closed` ones. */
export function demoLeadsByStatus(status: TLeadStatus): string[] {
  return DEMO_LEADS.filter((lead) => lead.status === status).map((lead) => lead.id);
}
