import type { TActivityRecord } from '../activities/activity-record.ts';
import { buyerSearchText } from '../buyers/build-buyer-record.ts';
import { BUYER_STRATEGIES, type TBuyBox } from '../buyers/buyer.schemas.ts';
import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TCommunicationRecord } from '../communications/communication-record.ts';
import type { TSystemContext } from '../context/service-context.ts';
import type { TDealStatus } from '../deals/deal.constants.ts';
import type { TDealRecord, TDealStatusChange } from '../deals/deal-record.ts';
import { dealSearchText, dealTitle } from '../deals/deal-view.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TPropertyType } from '../leads/lead.constants.ts';
import { compareMatches, scoreBuyerMatch } from '../matching/score-buyer-match.ts';
import { DEMO_TENANT_ID } from './demo-accounts.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES } from './demo-lead-data.ts';
import { DEMO_DISPO, DEMO_LEADS, demoLeadsByStatus, type TDemoLead } from './demo-leads.ts';
import { createDemoRandom, type TDemoRandom } from './demo-random.ts';
import { DEMO_COMPANY_PHONE } from './seed-leads.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BUYER_COUNT = 60;
/** Buyers' numbers use area codes the demo leads do not, so no phone belongs to both. */
const BUYER_AREA_CODES = ['817', '682', '830', '254', '361', '940'];
const SUBURBS: Record<string, readonly string[]> = {
  Austin: ['Round Rock', 'Pflugerville', 'Manor', 'Del Valle'],
  'San Antonio': ['New Braunfels', 'Converse', 'Schertz'],
  Houston: ['Pasadena', 'Katy', 'Humble', 'Spring'],
  Dallas: ['Garland', 'Mesquite', 'Irving', 'Fort Worth'],
};
const COMPANY_WORDS = ['Capital', 'Home Buyers', 'Properties', 'Holdings', 'Investments', 'Realty Partners', 'Rentals', 'Homes'];
const BUYER_TAGS = ['vip', 'proof of funds', 'fast closer', 'landlord', 'flipper', 'new construction', 'hedge fund', 'referral'];
const BUYER_REPLIES = [
  'Interested. Can you send pictures and the repair list?',
  'What is the roof age? Send me the address.',
  'I will take a look this afternoon.',
  'Too far from my area, pass.',
  'Price is a bit high for me. Would you take less?',
  "I'm in. When can I walk it?",
  'Send the contract, proof of funds attached.',
  'Already full this month, keep me posted on the next one.',
];

type TPlan = { lead: TDemoLead; status: TDealStatus; stored: TLeadRecord };

/**
 * The demo organisation's disposition side: 60 cash buyers across the four metros and their
 * suburbs with varied buy boxes; a deal on every `under_contract` lead (marketing or assigned)
 * and every `closed` lead (closed, with a buyer and an assignment fee), a few cancelled deals
 * on qualified leads (whose history gains the round trip), a couple of assignments that fell
 * through; deal blasts to the best-matching buyers with their replies (so response times and
 * rates are real), and every timeline entry. Buyers are chosen with the matching score, dates
 * follow the leads' own histories, and everything repeats install to install.
 */
export async function seedDisposition(system: TSystemContext): Promise<void> {
  const now = system.ports.clock.now();
  const random = createDemoRandom(9_173);
  const buyers = planBuyers(random, now);
  const leads = system.db.collection<TLeadRecord>('leads');
  const ids = [...demoLeadsByStatus('under_contract'), ...demoLeadsByStatus('closed')];
  const cancelledIds = random.shuffle(demoLeadsByStatus('qualified')).slice(0, 4);
  const stored = new Map((await leads.find({ tenant_id: DEMO_TENANT_ID, _id: { $in: [...ids, ...cancelledIds] } }).toArray()).map((lead) => [lead._id, lead]));
  const planned = new Map(DEMO_LEADS.map((lead) => [lead.id, lead]));
  const plans: TPlan[] = [];
  let openIndex = 0;
  for (const id of ids) {
    const lead = planned.get(id);
    const record = stored.get(id);
    if (!lead || !record) continue;
    const status: TDealStatus = lead.status === 'closed' ? 'closed' : openIndex++ % 5 < 2 ? 'assigned' : 'marketing';
    plans.push({ lead, status, stored: record });
  }
  for (const id of cancelledIds) {
    const lead = planned.get(id);
    const record = stored.get(id);
    if (lead && record) plans.push({ lead, status: 'cancelled', stored: record });
  }

  const deals: TDealRecord[] = [];
  const messages: TCommunicationRecord[] = [];
  const activities: TActivityRecord[] = [];
  const leadHistory = new Map<string, TLeadRecord['status_history']>();
  const activity = (subject: TActivityRecord['subject'], type: TActivityRecord['type'], at: Date, summary: string, data: Record<string, unknown> = {}, actor = DEMO_DISPO) =>
    activities.push({ _id: demoId(random, 'act', at), tenant_id: DEMO_TENANT_ID, subject, type, actor, summary, data, at });
  for (const buyer of buyers) activity({ kind: 'buyer', id: buyer._id }, 'created', buyer.created_at, `Buyer ${buyer.full_name} added`);

  plans.forEach((plan, index) => {
    const deal = planDeal(random, plan, index, now, buyers);
    deals.push(deal);
    if (plan.status === 'cancelled') leadHistory.set(plan.lead.id, cancelledRoundTrip(plan.stored, deal));
    const title = dealTitle(deal);
    const money = (amount: number) => `$${amount.toLocaleString('en-US')}`;
    const created = deal.created_at;
    activity({ kind: 'deal', id: deal._id }, 'created', created, `Under contract at ${money(deal.contract_price)}, marketing at ${money(deal.asking_price)}`, { lead_id: deal.lead_id }, plan.stored.assigned_to ?? DEMO_DISPO);
    activity({ kind: 'lead', id: deal.lead_id }, 'deal', created, `Deal created: ${title} under contract at ${money(deal.contract_price)}`, { deal_id: deal._id });
    for (const entry of deal.status_history.slice(1)) {
      const buyer = buyers.find((candidate) => candidate._id === entry.buyer_id);
      const summary =
        entry.to === 'assigned'
          ? `Assigned to ${buyer?.full_name ?? 'a buyer'} for a ${money(deal.assignment_fee ?? 0)} fee`
          : entry.to === 'closed'
            ? `Closed: ${money(deal.assignment_fee ?? 0)} assignment fee`
            : entry.to === 'cancelled'
              ? `Cancelled: ${entry.reason ?? ''}`
              : 'Assignment fell through; back on the market';
      activity({ kind: 'deal', id: deal._id }, 'status_changed', entry.at, summary, { from: entry.from, to: entry.to, ...(entry.buyer_id ? { buyer_id: entry.buyer_id } : {}) });
      activity({ kind: 'lead', id: deal.lead_id }, 'deal', entry.at, `Deal ${title}: ${summary}`, { deal_id: deal._id });
      if (entry.buyer_id) {
        const buyerSummary = entry.to === 'assigned' ? `Assigned ${title} for a ${money(deal.assignment_fee ?? 0)} fee` : entry.to === 'closed' ? `Bought ${title}` : `Assignment of ${title} fell through`;
        activity({ kind: 'buyer', id: entry.buyer_id }, 'deal', entry.at, buyerSummary, { deal_id: deal._id });
      }
    }
    messages.push(...blast(random, deal, buyers, now));
  });

  // Buyers are active when they answered or took a deal.
  for (const buyer of buyers) {
    const replies = messages.filter((message) => message.buyer_id === buyer._id && message.direction === 'inbound').map((message) => message.created_at.getTime());
    const dealMoves = deals.flatMap((deal) => deal.status_history.filter((entry) => entry.buyer_id === buyer._id).map((entry) => entry.at.getTime()));
    const latest = Math.max(0, ...replies, ...dealMoves);
    buyer.last_activity_at = latest > 0 ? new Date(latest) : null;
  }

  await system.db.collection<TBuyerRecord>('buyers').insertMany(buyers);
  await system.db.collection<TDealRecord>('deals').insertMany(deals);
  if (messages.length > 0) await system.db.collection<TCommunicationRecord>('communications').insertMany(messages);
  await system.db.collection<TActivityRecord>('activities').insertMany(activities);
  for (const [leadId, history] of leadHistory) await leads.updateOne({ tenant_id: DEMO_TENANT_ID, _id: leadId }, { $set: { status_history: history } });
}

function planBuyers(random: TDemoRandom, now: Date): TBuyerRecord[] {
  const phones = new Set<string>();
  return Array.from({ length: BUYER_COUNT }, (_, index) => {
    const home = CITIES[index % CITIES.length] as (typeof CITIES)[number];
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const hasCompany = random.chance(0.7);
    const company = hasCompany ? (random.chance(0.5) ? `${last} ${random.pick(COMPANY_WORDS)}` : `${home.city} ${random.pick(COMPANY_WORDS)}`) + (random.chance(0.5) ? ' LLC' : '') : '';
    const drawPhone = () => `+1${random.pick(BUYER_AREA_CODES)}55501${String(random.int(0, 99)).padStart(2, '0')}`;
    let phone = drawPhone();
    while (phones.has(phone)) phone = drawPhone();
    phones.add(phone);
    const slug = (company || `${first}${last}`).toLowerCase().replace(/[^a-z]/g, '');
    const created = new Date(now.getTime() - random.int(20, 170) * DAY - random.int(0, 600) * MINUTE);
    const buyer: TBuyerRecord = {
      _id: `by_demo_${String(index + 1).padStart(3, '0')}`,
      tenant_id: DEMO_TENANT_ID,
      first_name: first,
      last_name: last,
      full_name: `${first} ${last}`,
      company,
      phone,
      email: random.chance(0.85) ? `${first.toLowerCase().replace(/[^a-z]/g, '')}@${slug}.example.com` : null,
      buy_box: planBuyBox(random, home),
      tags: random.chance(0.6) ? [...new Set([random.pick(BUYER_TAGS), ...(random.chance(0.3) ? [random.pick(BUYER_TAGS)] : [])])] : [],
      notes: random.chance(0.4) ? random.pick(['Prefers texts before noon.', 'Closes with their own title company.', 'Wants photos of the roof and foundation first.', 'Pays EMD same day.', 'Only buys with a 30-day close.']) : '',
      status: index % 17 === 16 ? 'inactive' : 'active',
      last_activity_at: null,
      search_text: '',
      created_by: random.chance(0.7) ? DEMO_DISPO : 'demo-admin',
      created_at: created,
      updated_at: created,
    };
    buyer.search_text = buyerSearchText(buyer);
    return buyer;
  });
}

function planBuyBox(random: TDemoRandom, home: (typeof CITIES)[number]): TBuyBox {
  const profile = random.weighted<'flipper' | 'landlord' | 'builder' | 'any'>([
    ['flipper', 45],
    ['landlord', 30],
    ['builder', 10],
    ['any', 15],
  ]);
  const types: Record<typeof profile, TPropertyType[]> = {
    flipper: random.chance(0.3) ? ['single_family', 'townhouse'] : ['single_family'],
    landlord: random.chance(0.5) ? ['single_family', 'multi_family'] : ['multi_family', 'condo', 'townhouse'],
    builder: ['land', ...(random.chance(0.4) ? (['single_family'] as TPropertyType[]) : [])],
    any: [],
  };
  const [low, high] = home.values;
  const suburbs = SUBURBS[home.city] ?? [];
  const wide = random.chance(0.2);
  const cities = wide ? [] : [home.city, ...random.shuffle(suburbs).slice(0, random.int(0, 2))];
  const zips = !wide && random.chance(0.45) ? random.shuffle(home.zips).slice(0, random.int(1, 4)) : [];
  const round = (value: number) => Math.round(value / 5_000) * 5_000;
  return {
    property_types: types[profile],
    price_min: random.chance(0.75) ? round(low * (0.3 + random.next() * 0.3)) : null,
    price_max: random.chance(0.85) ? round(high * (0.55 + random.next() * 0.5)) : null,
    locations: { cities, states: ['TX'], zips },
    criteria: {
      strategies: profile === 'landlord' ? ['rental', ...(random.chance(0.4) ? (['brrrr'] as const) : [])] : profile === 'builder' ? ['new_construction'] : profile === 'flipper' ? ['flip', ...(random.chance(0.2) ? (['wholetail'] as const) : [])] : [random.pick(BUYER_STRATEGIES)],
      financing: random.weighted([
        ['cash', 70],
        ['hard_money', 20],
        ['private_money', 10],
      ] as const),
      max_repairs: random.chance(0.3) ? random.pick([25_000, 40_000, 60_000, 90_000]) : null,
      min_bedrooms: random.chance(0.25) ? random.int(2, 3) : null,
      notes: '',
    },
  };
}

/** When the lead went under contract (and closed), from its stored history; cancelled deals get times after it was qualified. */
function leadTimes(stored: TLeadRecord, now: Date): { contracted: number; closed: number | null } {
  const at = (status: string) => stored.status_history.find((entry) => entry.to === status)?.at.getTime();
  const contracted = at('under_contract');
  if (contracted !== undefined) return { contracted, closed: at('closed') ?? null };
  const qualified = at('qualified') ?? stored.created_at.getTime();
  return { contracted: qualified + Math.max(HOUR, (now.getTime() - qualified) * 0.3), closed: null };
}

function planDeal(random: TDemoRandom, plan: TPlan, index: number, now: Date, buyers: TBuyerRecord[]): TDealRecord {
  const { lead, stored } = plan;
  const times = leadTimes(stored, now);
  const created = new Date(times.contracted);
  const contract = lead.contract_price ?? Math.max(20_000, Math.round((lead.arv * 0.7 - lead.repairs - 10_000) / 500) * 500);
  const asking = contract + random.int(16, 60) * 500;
  const deal: TDealRecord = {
    _id: `dl_demo_${String(index + 1).padStart(3, '0')}`,
    tenant_id: DEMO_TENANT_ID,
    lead_id: lead.id,
    property: { address: stored.address, property_type: stored.property_type },
    seller_name: stored.full_name,
    contract_price: contract,
    arv: lead.arv,
    repair_estimate: lead.repairs,
    asking_price: asking,
    assignment_fee: null,
    buyer_id: null,
    status: 'marketing',
    open_lead_id: lead.id,
    status_history: [{ from: null, to: 'marketing', at: created, by: stored.assigned_to ?? DEMO_DISPO }],
    closing_date: new Date(Date.UTC(created.getUTCFullYear(), created.getUTCMonth(), created.getUTCDate() + random.int(21, 45))),
    marketing_started_at: created,
    assigned_at: null,
    closed_at: null,
    cancel_reason: null,
    notes: random.chance(0.4) ? random.pick(['Seller needs 2 weeks after closing to move out.', 'Lockbox on the back door; code in the file.', 'Tenant occupied; lease ends next month.', 'Title is clean; probate finished.']) : '',
    acquired_by: stored.assigned_to,
    search_text: '',
    created_by: stored.assigned_to ?? DEMO_DISPO,
    created_at: created,
    updated_at: created,
  };
  deal.search_text = dealSearchText(deal);
  const end = times.closed ?? now.getTime() - random.int(2, 30) * HOUR;
  const history: TDealStatusChange[] = deal.status_history;
  const move = (change: Omit<TDealStatusChange, 'by'>) => history.push({ ...change, by: DEMO_DISPO });
  const ranked = rankBuyers(deal, buyers, now);
  const pickBuyer = () => (random.pick(ranked.slice(0, 4)) ?? ranked[0]) as TBuyerRecord;

  if (plan.status === 'assigned' || plan.status === 'closed') {
    // A few assignments fall through once before the deal finds its buyer.
    // Every move falls between going under contract and the end (closing, or now): as shares of that span.
    const span = Math.max(1, end - created.getTime());
    const at = (share: number) => new Date(created.getTime() + span * share);
    if (index % 7 === 3) {
      const flaky = (ranked[5] ?? ranked[0]) as TBuyerRecord;
      move({ from: 'marketing', to: 'assigned', at: at(0.1 + random.next() * 0.1), buyer_id: flaky._id });
      move({ from: 'assigned', to: 'marketing', at: at(0.25 + random.next() * 0.1), buyer_id: flaky._id });
    }
    const buyer = pickBuyer();
    const assignedAt = at(0.4 + random.next() * 0.4);
    move({ from: 'marketing', to: 'assigned', at: assignedAt, buyer_id: buyer._id });
    Object.assign(deal, { status: 'assigned', buyer_id: buyer._id, assignment_fee: Math.max(5_000, asking - contract - random.int(0, 10) * 500), assigned_at: assignedAt });
    if (plan.status === 'closed') {
      const closedAt = new Date(times.closed ?? now.getTime());
      move({ from: 'assigned', to: 'closed', at: closedAt, buyer_id: buyer._id });
      Object.assign(deal, { status: 'closed', closed_at: closedAt, open_lead_id: null });
    }
  } else if (plan.status === 'cancelled') {
    const reason = random.pick(['Seller backed out', 'Title issues could not be cleared', 'Inspection found foundation failure; no buyer at this price', 'Seller found a retail buyer']);
    const cancelledAt = new Date(created.getTime() + (now.getTime() - created.getTime()) * (0.3 + random.next() * 0.5));
    move({ from: 'marketing', to: 'cancelled', at: cancelledAt, reason });
    Object.assign(deal, { status: 'cancelled', cancel_reason: reason, open_lead_id: null });
  }
  deal.updated_at = (history.at(-1) as TDealStatusChange).at;
  return deal;
}

function rankBuyers(deal: TDealRecord, buyers: TBuyerRecord[], now: Date): TBuyerRecord[] {
  const property = { property_type: deal.property.property_type, price: deal.asking_price, address: deal.property.address, repair_estimate: deal.repair_estimate };
  return buyers
    .filter((buyer) => buyer.status === 'active')
    .map((buyer) => ({ id: buyer._id, buyer: { buy_box: buyer.buy_box, last_activity_at: null, deals_bought: 0, deals_fell_through: 0 }, record: buyer, score: scoreBuyerMatch(property, { buy_box: buyer.buy_box, last_activity_at: null, deals_bought: 0, deals_fell_through: 0 }, now).score }))
    .sort(compareMatches)
    .map((entry) => entry.record);
}

/** The deal blast: a text to the best-matching buyers when marketing starts (and a reminder), and the replies that came back. */
function blast(random: TDemoRandom, deal: TDealRecord, buyers: TBuyerRecord[], now: Date): TCommunicationRecord[] {
  const ranked = rankBuyers(deal, buyers, now).slice(0, random.int(6, 10));
  const assigned = new Set(deal.status_history.map((entry) => entry.buyer_id).filter(Boolean));
  for (const id of assigned) {
    const buyer = buyers.find((candidate) => candidate._id === id);
    if (buyer && !ranked.includes(buyer)) ranked.push(buyer);
  }
  const start = (deal.marketing_started_at ?? deal.created_at).getTime() + random.int(20, 180) * MINUTE;
  const address = deal.property.address;
  const text = `New deal: ${deal.property.property_type?.replace(/_/g, ' ') ?? 'property'} in ${address?.city ?? 'Texas'} ${address?.zip ?? ''}, asking $${Math.round(deal.asking_price / 1000)}k, ARV $${Math.round(deal.arv / 1000)}k, repairs ~$${Math.round(deal.repair_estimate / 1000)}k. Reply for details.`;
  const messages: TCommunicationRecord[] = [];
  const end = deal.closed_at?.getTime() ?? now.getTime() - MINUTE;
  ranked.forEach((buyer, index) => {
    const sentAt = Math.min(end - MINUTE, start + index * 20_000);
    messages.push(message(random, deal, buyer, 'outbound', sentAt, text));
    const willReply = assigned.has(buyer._id) || random.chance(0.45);
    if (random.chance(0.25)) messages.push(message(random, deal, buyer, 'outbound', Math.min(end - MINUTE, sentAt + random.int(20, 40) * HOUR), `Reminder: ${dealTitle(deal)} is still available. Offers due Friday.`));
    if (willReply) {
      const after = random.weighted([
        [random.int(3, 45), 50],
        [random.int(45, 240), 35],
        [random.int(240, 1_440), 15],
      ] as const);
      const repliedAt = sentAt + after * MINUTE;
      if (repliedAt < now.getTime() - MINUTE) messages.push(message(random, deal, buyer, 'inbound', repliedAt, assigned.has(buyer._id) ? "I'm in. When can I walk it?" : random.pick(BUYER_REPLIES)));
    }
  });
  return messages.filter((entry) => entry.created_at.getTime() < now.getTime());
}

function message(random: TDemoRandom, deal: TDealRecord, buyer: TBuyerRecord, direction: 'inbound' | 'outbound', at: number, body: string): TCommunicationRecord {
  const when = new Date(at);
  return {
    _id: demoId(random, 'cm', when),
    tenant_id: DEMO_TENANT_ID,
    channel: 'sms',
    direction,
    status: direction === 'inbound' ? 'received' : 'delivered',
    from: direction === 'inbound' ? (buyer.phone ?? '') : DEMO_COMPANY_PHONE,
    to: direction === 'inbound' ? DEMO_COMPANY_PHONE : (buyer.phone ?? ''),
    body,
    lead_id: null,
    buyer_id: buyer._id,
    deal_id: deal._id,
    provider_sid: `SM${random.hex(32)}`,
    duration_seconds: null,
    recording_url: null,
    sent_by: direction === 'outbound' ? DEMO_DISPO : null,
    error: null,
    read: true,
    created_at: when,
    updated_at: when,
  };
}

/** A qualified lead whose first contract was cancelled: its history gains qualified → under contract → qualified. */
function cancelledRoundTrip(stored: TLeadRecord, deal: TDealRecord): TLeadRecord['status_history'] {
  const cancelled = deal.status_history.at(-1) as TDealStatusChange;
  const roundTrip: TLeadRecord['status_history'] = [
    { from: 'qualified', to: 'under_contract', at: deal.created_at, by: deal.created_by },
    { from: 'under_contract', to: 'qualified', at: cancelled.at, by: DEMO_DISPO, reason: `Deal cancelled: ${cancelled.reason ?? ''}` },
  ];
  return [...stored.status_history, ...roundTrip].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Ids shaped like `newId`, from the seeded random source so reruns give the same ids. */
const demoId = (random: TDemoRandom, prefix: string, at: Date) => `${prefix}_${at.getTime().toString(16).padStart(12, '0')}${random.hex(16)}`;
