import type { TCommunicationRecord } from '../../shared/communications/communication-record.ts';
import type { TDealRecord } from '../../shared/deals/deal-record.ts';
import type { TLeadRecord } from '../../shared/leads/lead-record.ts';
import type { TAnalyticsFixture } from './analytics-fixtures.ts';

/**
 * The analytics definitions computed the simple way — loops over the generated arrays, days
 * from `Intl` — to check the aggregation pipelines, rollups and drill-downs against. Shares no
 * code with shared/analytics.
 */
export interface TExpectedRow {
  id: string;
  amount: number | null;
  source: string | null;
  rep: string | null;
  extra: string | null;
}

export interface TPeriod {
  from: string;
  to: string;
  timeZone: string;
  now: Date;
}

/** Moves in and out of `assigned` name the buyer (the deals capability writes `buyer_id` on them). */
type TDealMove = TDealRecord['status_history'][number] & { buyer_id?: string };
const movesOf = (deal: TDealRecord): TDealMove[] => deal.status_history;

const MINUTE = 60_000;
const DAY = 86_400_000;

export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const within = (period: TPeriod) => (at: Date | null | undefined): at is Date => {
  if (!at || at.getTime() > period.now.getTime()) return false;
  const day = localDay(at, period.timeZone);
  return day >= period.from && day <= period.to;
};

const earliest = (dates: Date[]): Date | null => (dates.length ? new Date(Math.min(...dates.map((date) => date.getTime()))) : null);
const firstReach = (lead: TLeadRecord, statuses: string[]) => earliest(lead.status_history.filter((entry) => statuses.includes(entry.to)).map((entry) => entry.at));
const UNDELIVERED = ['failed', 'undelivered', 'canceled', 'busy', 'no_answer'];
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];

export function expectedRows(fixture: TAnalyticsFixture, metric: string, period: TPeriod): TExpectedRow[] {
  const inPeriod = within(period);
  const leadById = new Map(fixture.leads.map((lead) => [lead._id, lead]));
  const leadRow = (lead: TLeadRecord, extra: string | null = null, amount: number | null = null): TExpectedRow => ({ id: lead._id, amount, source: lead.source, rep: lead.assigned_to, extra });
  const dealRow = (deal: TDealRecord, extra: string | null = null, amount: number | null = null): TExpectedRow => ({
    id: deal._id,
    amount,
    source: leadById.get(deal.lead_id)?.source ?? null,
    rep: deal.acquired_by,
    extra,
  });
  const messageRow = (message: TCommunicationRecord, extra: string | null = null): TExpectedRow => ({ id: message._id, amount: null, source: null, rep: message.sent_by, extra });

  switch (metric) {
    case 'leads_created':
      return fixture.leads.filter((lead) => inPeriod(lead.created_at)).map((lead) => leadRow(lead));
    case 'leads_contacted':
      return fixture.leads.filter((lead) => inPeriod(firstReach(lead, ['contacted', 'qualified', 'under_contract', 'closed']))).map((lead) => leadRow(lead));
    case 'leads_under_contract':
      return fixture.leads.filter((lead) => inPeriod(firstReach(lead, ['under_contract', 'closed']))).map((lead) => leadRow(lead));
    case 'leads_closed':
      return fixture.leads.filter((lead) => inPeriod(firstReach(lead, ['closed']))).map((lead) => leadRow(lead));
    case 'leads_lost':
      return fixture.leads.flatMap((lead) =>
        lead.status_history.filter((entry) => entry.to === 'lost' && inPeriod(entry.at)).map((entry) => leadRow(lead, entry.reason ?? lead.lost_reason ?? 'No reason given')),
      );
    case 'appointments':
      return fixture.leads
        .filter((lead) => inPeriod(earliest(lead.appointments.filter((appointment) => appointment.outcome !== 'cancelled').map((appointment) => appointment.scheduled_at))))
        .map((lead) => leadRow(lead));
    case 'offers':
      return fixture.leads.filter((lead) => inPeriod(earliest(lead.offers.map((offer) => offer.offered_at)))).map((lead) => leadRow(lead));
    case 'first_contacts':
      return fixture.leads
        .filter((lead) => inPeriod(lead.first_contacted_at))
        .map((lead) => leadRow(lead, null, Math.max(0, Math.floor(((lead.first_contacted_at as Date).getTime() - lead.created_at.getTime()) / MINUTE))));
    case 'contracts':
      return fixture.deals.filter((deal) => inPeriod(deal.created_at)).map((deal) => dealRow(deal));
    case 'deals_closed':
      return fixture.deals.filter((deal) => deal.status === 'closed' && inPeriod(deal.closed_at)).map((deal) => dealRow(deal, deal.buyer_id, deal.assignment_fee ?? 0));
    case 'days_to_close':
      return fixture.deals
        .filter((deal) => deal.status === 'closed' && inPeriod(deal.closed_at))
        .map((deal) => dealRow(deal, deal.buyer_id, Math.max(0, ((deal.closed_at as Date).getTime() - deal.created_at.getTime()) / DAY)));
    case 'assignments':
      return fixture.deals.flatMap((deal) =>
        movesOf(deal)
          .filter((entry) => entry.to === 'assigned' && inPeriod(entry.at))
          .map((entry) => {
            const since = deal.status_history.filter((candidate) => candidate.to === 'marketing' && candidate.at.getTime() <= entry.at.getTime()).map((candidate) => candidate.at.getTime());
            return dealRow(deal, entry.buyer_id ?? null, since.length ? Math.max(0, (entry.at.getTime() - Math.max(...since)) / DAY) : null);
          }),
      );
    case 'assignments_closed':
      return fixture.deals.flatMap((deal) => movesOf(deal).filter((entry) => entry.from === 'assigned' && entry.to === 'closed' && inPeriod(entry.at)).map((entry) => dealRow(deal, entry.buyer_id ?? null)));
    case 'assignments_fell_through':
      return fixture.deals.flatMap((deal) =>
        movesOf(deal).filter((entry) => entry.from === 'assigned' && (entry.to === 'marketing' || entry.to === 'cancelled') && inPeriod(entry.at)).map((entry) => dealRow(deal, entry.buyer_id ?? null)),
      );
    case 'deals_cancelled':
      return fixture.deals.flatMap((deal) => deal.status_history.filter((entry) => entry.to === 'cancelled' && inPeriod(entry.at)).map((entry) => dealRow(deal, entry.reason ?? 'No reason given')));
    case 'buyers_reached':
    case 'buyers_responded': {
      const direction = metric === 'buyers_reached' ? 'outbound' : 'inbound';
      const firsts = new Map<string, TCommunicationRecord>();
      const ordered = fixture.communications
        .filter((message) => message.direction === direction && message.buyer_id && message.deal_id && !UNDELIVERED.includes(message.status))
        .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a._id < b._id ? -1 : 1));
      for (const message of ordered) if (!firsts.has(`${message.deal_id}|${message.buyer_id}`)) firsts.set(`${message.deal_id}|${message.buyer_id}`, message);
      return [...firsts.values()].filter((message) => inPeriod(message.created_at)).map((message) => ({ ...messageRow(message, message.buyer_id), rep: null }));
    }
    case 'deals_marketed_to_buyers': {
      const firsts = new Map<string, Date>();
      for (const message of fixture.communications) {
        if (message.direction !== 'outbound' || !message.buyer_id || !message.deal_id || UNDELIVERED.includes(message.status)) continue;
        const seen = firsts.get(message.deal_id);
        if (!seen || message.created_at < seen) firsts.set(message.deal_id, message.created_at);
      }
      return [...firsts.entries()].filter(([, at]) => inPeriod(at)).map(([dealId]) => ({ id: dealId, amount: null, source: null, rep: null, extra: null }));
    }
    case 'calls':
    case 'calls_answered':
    case 'texts':
    case 'texts_delivered':
    case 'texts_failed':
    case 'opt_outs': {
      const test: Record<string, (message: TCommunicationRecord) => boolean> = {
        calls: (message) => message.direction === 'outbound' && message.channel === 'call',
        calls_answered: (message) => message.direction === 'outbound' && message.channel === 'call' && message.status === 'completed',
        texts: (message) => message.direction === 'outbound' && message.channel === 'sms',
        texts_delivered: (message) => message.direction === 'outbound' && message.channel === 'sms' && message.status === 'delivered',
        texts_failed: (message) => message.direction === 'outbound' && message.channel === 'sms' && ['failed', 'undelivered'].includes(message.status),
        opt_outs: (message) => message.direction === 'inbound' && message.channel === 'sms' && OPT_OUT.includes(message.body.trim().toUpperCase()),
      };
      return fixture.communications.filter((message) => inPeriod(message.created_at) && test[metric]?.(message)).map((message) => ({ ...messageRow(message), rep: metric === 'opt_outs' ? null : message.sent_by }));
    }
    case 'follow_ups_due':
      return fixture.followUps.filter((followUp) => inPeriod(followUp.due_at)).map((followUp) => ({ id: followUp._id, amount: null, source: null, rep: followUp.assigned_to, extra: null }));
    case 'follow_ups_overdue':
      return fixture.followUps
        .filter((followUp) => inPeriod(followUp.due_at) && !(followUp.done && followUp.done_at && followUp.done_at.getTime() <= followUp.due_at.getTime()))
        .map((followUp) => ({ id: followUp._id, amount: null, source: null, rep: followUp.assigned_to, extra: null }));
    case 'follow_ups_done':
      return fixture.followUps.filter((followUp) => followUp.done && inPeriod(followUp.done_at)).map((followUp) => ({ id: followUp._id, amount: null, source: null, rep: followUp.assigned_to, extra: null }));
    case 'follow_ups_open_overdue':
      return fixture.followUps.filter((followUp) => !followUp.done && followUp.due_at.getTime() < period.now.getTime()).map((followUp) => ({ id: followUp._id, amount: null, source: null, rep: followUp.assigned_to, extra: null }));
    case 'pipeline_value': {
      // Open at `now`: the status the history gives at that instant; amounts from today's figures.
      const at = period.now.getTime();
      return fixture.deals.flatMap((deal) => {
        const statusAt = deal.status_history.filter((entry) => entry.at.getTime() <= at).at(-1)?.to;
        if (deal.created_at.getTime() > at || (statusAt !== 'marketing' && statusAt !== 'assigned')) return [];
        const projected = Math.max(0, deal.asking_price - deal.contract_price);
        return [dealRow(deal, null, statusAt === 'assigned' ? (deal.assignment_fee ?? projected) : projected)];
      });
    }
    default:
      throw new Error(`No expectation for ${metric}`);
  }
}

export const count = (rows: TExpectedRow[]) => rows.length;
export const total = (rows: TExpectedRow[]) => rows.reduce((sum, row) => sum + (row.amount ?? 0), 0);

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The KPIs of the dashboards, from the expected rows (null where a denominator is 0). */
export function expectedKpis(fixture: TAnalyticsFixture, period: TPeriod, filter: (row: TExpectedRow) => boolean = () => true): Record<string, number | null> {
  const rows = (metric: string) => expectedRows(fixture, metric, period).filter(filter);
  const n = (metric: string) => rows(metric).length;
  const sum = (metric: string) => total(rows(metric));
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return {
    leads: n('leads_created'),
    contacted: n('leads_contacted'),
    appointments: n('appointments'),
    offers: n('offers'),
    under_contract: n('leads_under_contract'),
    closed: n('leads_closed'),
    lost: n('leads_lost'),
    lead_to_contract: ratio(n('leads_under_contract'), n('leads_created')),
    speed_to_lead: median(rows('first_contacts').map((row) => row.amount as number)),
    contact_rate: ratio(n('calls_answered'), n('calls')),
    calls: n('calls'),
    texts: n('texts'),
    follow_ups_done: n('follow_ups_done'),
    follow_ups_overdue: n('follow_ups_overdue'),
    contracts: n('contracts'),
    deals_closed: n('deals_closed'),
    revenue: sum('deals_closed'),
    average_fee: ratio(sum('deals_closed'), n('deals_closed')),
    days_to_close: ratio(sum('days_to_close'), n('days_to_close')),
    assignments: n('assignments'),
    days_to_assign: ratio(sum('assignments'), n('assignments')),
    buyers_reached_per_deal: ratio(n('buyers_reached'), n('deals_marketed_to_buyers')),
    buyers_responding_per_deal: ratio(n('buyers_responded'), n('deals_marketed_to_buyers')),
    buyer_response_rate: ratio(n('buyers_responded'), n('buyers_reached')),
    buyer_reliability: ratio(n('assignments_closed'), n('assignments_closed') + n('assignments_fell_through')),
    sms_delivery_rate: ratio(n('texts_delivered'), n('texts')),
    sms_opt_out_rate: ratio(n('opt_outs'), n('texts_delivered')),
  };
}
