import type { TBuyerRecord } from '../../shared/buyers/buyer-record.ts';
import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import type { TDealRecord } from '../../shared/deals/deal-record.ts';
import type { TFollowUpRecord } from '../../shared/follow-ups/follow-up-record.ts';
import { LEAD_SOURCES, PROPERTY_TYPES, type TLeadStatus } from '../../shared/leads/lead.constants.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import { mulberry32 } from './seeded-random.ts';

/**
 * CRM records for analytics tests and benchmarks, generated without any analytics code: leads
 * with status histories (some lost twice, some skipping `contacted`), appointments (some
 * cancelled, some ahead), offers, first contacts; deals through every status with buyers and
 * fees, fall-throughs and backdated closings; calls and texts in every status with opt-out
 * replies; buyer blasts and replies about deals; follow-ups done on time, late or not at all.
 */
export interface TAnalyticsFixture {
  leads: TLeadRecord[];
  deals: TDealRecord[];
  buyers: TBuyerRecord[];
  communications: TCommunicationRecord[];
  followUps: TFollowUpRecord[];
}

export interface TFixtureOptions {
  tenantId: string;
  now: Date;
  /** Records spread over this many days before `now`. */
  days: number;
  leads: number;
  reps: readonly string[];
  seed?: number;
  buyers?: number;
  /** Leave bulky fields (search tokens) empty: benchmarks load a million. */
  lean?: boolean;
  /** Outbound calls and texts per contacted lead (default 1–4). */
  touches?: [number, number];
  /** Buyers each deal is sent to (default 2–6). */
  blast?: [number, number];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LOST_REASONS = ['Not motivated', 'Price too high', 'Sold to another investor. Too late', 'Wrong number', 'Listed with an agent'];
const SMS_STATUSES = ['delivered', 'delivered', 'delivered', 'delivered', 'failed', 'undelivered', 'sent', 'queued'];
const CALL_STATUSES = ['completed', 'completed', 'no_answer', 'busy', 'failed'];
const INBOUND_BODIES = ['STOP', ' stop ', 'Stop please', 'Yes, still interested', 'Call me tomorrow', 'unsubscribe', 'QUIT', 'How much?'];

export function generateAnalyticsFixture(options: TFixtureOptions): TAnalyticsFixture {
  const random = mulberry32(options.seed ?? 1234);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const now = options.now.getTime();
  const start = now - options.days * DAY;
  const tenant_id = options.tenantId;
  let counter = 0;
  // Ids are unique across organisations (one store holds them all).
  const tag = `${options.tenantId.replace(/[^A-Za-z0-9]/g, '').slice(-8)}${(options.seed ?? 1234).toString(36)}`;
  const id = (prefix: string, at: number) => `${prefix}_${Math.max(0, at).toString(16).padStart(12, '0')}${tag}${(counter++).toString(16).padStart(8, '0')}`;
  const clamp = (at: number) => Math.min(at, now - MINUTE);

  const buyers: TBuyerRecord[] = Array.from({ length: options.buyers ?? 8 }, (_, index) => {
    const created = new Date(start - 30 * DAY);
    return {
      _id: `by_${tag}_${index}`,
      tenant_id,
      first_name: `Buyer${index}`,
      last_name: 'Capital',
      full_name: `Buyer${index} Capital`,
      company: `Fund ${index}`,
      phone: `+1512555${String(2000 + index).padStart(4, '0')}`,
      email: null,
      buy_box: { property_types: [], price_min: null, price_max: null, locations: { cities: [], states: [], zips: [] }, criteria: { strategies: [], financing: 'cash', max_repairs: null, min_bedrooms: null, notes: '' } },
      tags: [],
      notes: '',
      status: 'active',
      last_activity_at: null,
      search_text: '',
      created_by: 'admin',
      created_at: created,
      updated_at: created,
    };
  });

  const leads: TLeadRecord[] = [];
  const deals: TDealRecord[] = [];
  const communications: TCommunicationRecord[] = [];
  const followUps: TFollowUpRecord[] = [];

  const message = (fields: Partial<TCommunicationRecord> & Pick<TCommunicationRecord, 'channel' | 'direction' | 'status' | 'created_at'>): void => {
    communications.push({
      _id: id('cm', fields.created_at.getTime()),
      tenant_id,
      from: '+15125550100',
      to: '+15125550199',
      body: '',
      lead_id: null,
      buyer_id: null,
      deal_id: null,
      provider_sid: null,
      duration_seconds: null,
      recording_url: null,
      sent_by: null,
      error: null,
      read: true,
      updated_at: fields.created_at,
      ...fields,
    });
  };

  for (let index = 0; index < options.leads; index++) {
    const created = start + random() * (now - start);
    const rep = chance(0.85) ? pick(options.reps) : null;
    const history: TLeadRecord['status_history'] = [{ from: null, to: 'new', at: new Date(created), by: 'admin' }];
    let at = created;
    let status = 'new' as TLeadStatus;
    const move = (to: TLeadStatus, gap: number, reason?: string): boolean => {
      const next = at + gap;
      if (next >= now) return false;
      history.push({ from: status, to, at: new Date(next), by: rep ?? 'admin', ...(reason ? { reason } : {}) });
      at = next;
      status = to;
      return true;
    };
    const lose = () => move('lost', int(1, 72) * HOUR, chance(0.9) ? pick(LOST_REASONS) : undefined);
    let firstContact: number | null = null;
    if (chance(0.8)) {
      const minutes = chance(0.5) ? int(0, 30) : int(31, 3_000);
      firstContact = created + minutes * MINUTE + int(0, 59_000);
      if (firstContact >= now) firstContact = null;
    }
    // The funnel: contacted (sometimes skipped), qualified, under contract, closed; lost anywhere.
    if (chance(0.75) && move(chance(0.85) ? 'contacted' : 'qualified', int(5, 600) * MINUTE)) {
      if (status === 'contacted' && chance(0.55)) move('qualified', int(1, 96) * HOUR);
      if (chance(0.12)) {
        lose();
        if (chance(0.4) && move('contacted', int(1, 48) * HOUR)) lose();
      } else if (status === 'qualified' && chance(0.35) && move('under_contract', int(1, 120) * HOUR)) {
        if (chance(0.5)) move('closed', int(3, 30) * DAY);
      }
    } else if (chance(0.3)) {
      lose();
    }
    const qualifiedAt = history.find((entry) => entry.to === 'qualified')?.at.getTime() ?? null;
    const appointments: TLeadRecord['appointments'] = [];
    const offers: TLeadRecord['offers'] = [];
    if (qualifiedAt) {
      const count = int(0, 2);
      for (let a = 0; a < count; a++) {
        const scheduled = qualifiedAt + int(2, 24 * 6) * HOUR;
        appointments.push({ id: id('apt', scheduled), scheduled_at: new Date(scheduled), location: '', outcome: chance(0.25) ? 'cancelled' : scheduled > now ? 'scheduled' : pick(['completed', 'no_show'] as const), notes: '' });
      }
      const offerCount = int(0, 2);
      for (let o = 0; o < offerCount; o++) {
        const offered = qualifiedAt + int(1, 24 * 8) * HOUR;
        if (offered < now) offers.push({ id: id('ofr', offered), amount: int(60, 200) * 1_000, offered_at: new Date(offered), status: pick(['pending', 'accepted', 'rejected', 'countered'] as const), counter_amount: null, notes: '' });
      }
    }
    const lost = history.filter((entry) => entry.to === 'lost').at(-1);
    const lead: TLeadRecord = {
      _id: id('ld', created),
      tenant_id,
      first_name: `Seller${index}`,
      last_name: 'Test',
      full_name: `Seller${index} Test`,
      phone: `+1737555${String(index % 10_000).padStart(4, '0')}`,
      other_phones: [],
      email: null,
      address: { line1: `${100 + index} Main St`, line2: null, city: 'Austin', state: 'TX', zip: '78701' } as TLeadRecord['address'],
      mailing_address: null,
      address_key: null,
      property_type: chance(0.9) ? pick(PROPERTY_TYPES) : null,
      estimated_value: int(100, 500) * 1_000,
      source: pick(LEAD_SOURCES),
      status,
      lost_reason: status === 'lost' ? (lost?.reason ?? null) : null,
      status_history: history,
      assigned_to: rep,
      tags: [],
      auto_tags: [],
      notes: '',
      lead_score: null,
      ai_summary: null,
      appointments,
      offers,
      last_contacted: firstContact === null ? null : new Date(firstContact),
      first_contacted_at: firstContact === null ? null : new Date(firstContact),
      communication_count: 0,
      search_text: options.lean ? '' : `seller${index} test`,
      search_tokens: options.lean ? [] : [`seller${index}`, 'test'],
      created_by: 'admin',
      created_at: new Date(created),
      updated_at: new Date(Math.max(at, created)),
    };
    leads.push(lead);

    // Calls and texts: the first contact, then more over the following days.
    if (firstContact !== null) {
      const touches = int(...(options.touches ?? [1, 4]));
      for (let t = 0; t < touches; t++) {
        const when = t === 0 ? firstContact : clamp(firstContact + int(1, 24 * 10) * HOUR);
        if (when <= firstContact && t > 0) continue;
        const channel = chance(0.5) ? 'call' : 'sms';
        message({ channel, direction: 'outbound', status: channel === 'call' ? pick(CALL_STATUSES) : pick(SMS_STATUSES), created_at: new Date(when), lead_id: lead._id, sent_by: chance(0.1) ? 'workflow:wf_1' : (rep ?? 'admin') });
        if (chance(0.3)) message({ channel: 'sms', direction: 'inbound', status: 'received', body: pick(INBOUND_BODIES), created_at: new Date(clamp(when + int(1, 600) * MINUTE)), lead_id: lead._id });
      }
    }

    // A deal for every lead that went under contract.
    const contractAt = history.find((entry) => entry.to === 'under_contract')?.at.getTime();
    if (contractAt !== undefined) {
      const contract = int(80, 250) * 1_000;
      const asking = contract + int(5, 40) * 1_000;
      const dealHistory: TDealRecord['status_history'] = [{ from: null, to: 'marketing', at: new Date(contractAt), by: 'dispo' }];
      let dealStatus = 'marketing' as TDealRecord['status'];
      let dealAt = contractAt;
      let buyer: string | null = null;
      let fee: number | null = null;
      let closedAt: Date | null = null;
      let cancelReason: string | null = null;
      const dealMove = (to: TDealRecord['status'], gap: number, extra: { buyer_id?: string; reason?: string } = {}): boolean => {
        const next = dealAt + gap;
        if (next >= now) return false;
        dealHistory.push({ from: dealStatus, to, at: new Date(next), by: 'dispo', ...extra });
        dealAt = next;
        dealStatus = to;
        return true;
      };
      const assign = () => {
        const candidate = pick(buyers)._id;
        if (dealMove('assigned', int(1, 20) * DAY, { buyer_id: candidate })) {
          buyer = candidate;
          fee = int(5, 30) * 1_000;
        }
      };
      if (chance(0.8)) assign();
      if (dealStatus === 'assigned' && chance(0.25)) {
        if (dealMove('marketing', int(1, 7) * DAY, { buyer_id: buyer ?? undefined })) {
          buyer = null;
          fee = null;
          if (chance(0.6)) assign();
        }
      }
      if (dealStatus === 'assigned' && history.some((entry) => entry.to === 'closed') && dealMove('closed', int(1, 10) * DAY, { buyer_id: buyer ?? undefined })) {
        // Some closings are entered later with the closing date (midnight UTC of the day, as the deals API stores it).
        closedAt = chance(0.3) ? new Date(`${new Date(dealAt - DAY).toISOString().slice(0, 10)}T00:00:00.000Z`) : new Date(dealAt);
      } else if (dealStatus !== 'closed' && chance(0.1)) {
        const was = buyer;
        const reason = pick(['Title issue', 'Seller backed out']);
        if (dealMove('cancelled', int(1, 10) * DAY, { reason, ...(was ? { buyer_id: was } : {}) })) {
          cancelReason = reason;
          buyer = null;
          fee = null;
        }
      }
      const deal: TDealRecord = {
        _id: id('dl', contractAt),
        tenant_id,
        lead_id: lead._id,
        property: { address: lead.address, property_type: lead.property_type },
        seller_name: lead.full_name,
        contract_price: contract,
        arv: asking + 60_000,
        repair_estimate: 20_000,
        asking_price: asking,
        assignment_fee: fee,
        buyer_id: buyer,
        status: dealStatus,
        status_history: dealHistory,
        closing_date: null,
        marketing_started_at: new Date(contractAt),
        assigned_at: dealStatus === 'assigned' || dealStatus === 'closed' ? (dealHistory.filter((entry) => entry.to === 'assigned').at(-1)?.at ?? null) : null,
        closed_at: closedAt,
        cancel_reason: cancelReason,
        open_lead_id: dealStatus === 'marketing' || dealStatus === 'assigned' ? lead._id : null,
        notes: '',
        acquired_by: rep,
        search_text: '',
        created_by: 'dispo',
        created_at: new Date(contractAt),
        updated_at: new Date(dealAt),
      };
      deals.push(deal);
      // Blasts to buyers, a second blast to some of them, replies; some blasts fail.
      const audience = Array.from({ length: int(...(options.blast ?? [2, 6])) }, () => pick(buyers)).filter((buyer, index, all) => all.indexOf(buyer) === index);
      for (const target of audience) {
        const sent = clamp(contractAt + int(1, 48) * HOUR);
        message({ channel: 'sms', direction: 'outbound', status: chance(0.15) ? 'failed' : 'delivered', created_at: new Date(sent), buyer_id: target._id, deal_id: deal._id, sent_by: 'dispo' });
        if (chance(0.3)) message({ channel: 'sms', direction: 'outbound', status: 'delivered', created_at: new Date(clamp(sent + int(1, 96) * HOUR)), buyer_id: target._id, deal_id: deal._id, sent_by: 'dispo' });
        if (chance(0.4)) {
          const reply = clamp(sent + int(5, 3_000) * MINUTE);
          message({ channel: 'sms', direction: 'inbound', status: 'received', body: 'Interested', created_at: new Date(reply), buyer_id: target._id, deal_id: deal._id });
          if (chance(0.3)) message({ channel: 'sms', direction: 'inbound', status: 'received', body: 'Still available?', created_at: new Date(clamp(reply + int(1, 48) * HOUR)), buyer_id: target._id, deal_id: deal._id });
        }
      }
    }

    // Follow-ups around the lead.
    if (rep && chance(0.4)) {
      const due = created + int(1, 24 * 14) * HOUR;
      const roll = random();
      const doneAt = roll < 0.4 ? due - int(1, 600) * MINUTE : roll < 0.6 ? due + int(1, 48) * HOUR : null;
      const done = doneAt !== null && doneAt < now;
      followUps.push({
        _id: id('fu', created),
        tenant_id,
        title: 'Call back',
        due_at: new Date(due),
        assigned_to: rep,
        lead_id: lead._id,
        deal_id: null,
        done,
        done_at: done ? new Date(doneAt) : null,
        notes: '',
        overdue_notified_at: null,
        created_by: rep,
        created_at: new Date(created),
        updated_at: new Date(created),
      });
    }
  }
  return { leads, deals, buyers, communications, followUps };
}

/** Writes a fixture through the tenant-bound store, in batches. */
export async function insertFixture(db: TDatabase, tenantId: string, fixture: TAnalyticsFixture): Promise<void> {
  const tenant = bindTenant(db, tenantId);
  const write = async (collection: string, documents: { _id: string }[]) => {
    for (let index = 0; index < documents.length; index += 5_000) {
      await tenant.collection(collection).insertMany(documents.slice(index, index + 5_000) as never[]);
    }
  };
  await write('buyers', fixture.buyers);
  await write('leads', fixture.leads);
  await write('deals', fixture.deals);
  await write('communications', fixture.communications);
  await write('follow_ups', fixture.followUps);
}
