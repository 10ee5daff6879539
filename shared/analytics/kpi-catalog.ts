import type { TFeature } from '../tenants/plans.ts';
import type { TFactDim, TFactsReader } from './facts.ts';
import type { TMetricId } from './metric-catalog.ts';

export const KPI_UNITS = ['count', 'currency', 'percent', 'minutes', 'days', 'ratio'] as const;
export type TKpiUnit = (typeof KPI_UNITS)[number];

export interface TKpiInputs {
  /** Event facts of the period. */
  events: TFactsReader;
  /** Levels at the period's end (pipeline value, open overdue follow-ups). */
  levels: TFactsReader;
}

/**
 * A number people read: a formula over metrics. `drill` is the metric whose rows are behind it
 * (for a rate, its numerator); `explainBy` is the dimension whose biggest mover the "why"
 * sentence names.
 */
export interface TKpiDefinition {
  key: string;
  label: string;
  unit: TKpiUnit;
  drill: TMetricId;
  /** Whether a rise is good news (speed to lead and costs are better lower). */
  better: 'up' | 'down';
  /** A level at the period's end rather than a sum over it. */
  level?: boolean;
  /** Known only now (open follow-ups keep no past): no previous value, and no value for a period that ended before today. */
  nowOnly?: boolean;
  feature?: TFeature;
  explainBy?: TFactDim;
  compute(inputs: TKpiInputs): number | null;
  definition: string;
}

const ratio = (numerator: number, denominator: number): number | null => (denominator > 0 ? numerator / denominator : null);

const count = (key: string, label: string, metric: TMetricId, definition: string, extra: Partial<TKpiDefinition> = {}): TKpiDefinition => ({
  key,
  label,
  unit: 'count',
  drill: metric,
  better: 'up',
  explainBy: 'source',
  compute: ({ events }) => events.count(metric),
  definition,
  ...extra,
});

const conversion = (key: string, label: string, numerator: TMetricId, denominator: TMetricId, definition: string): TKpiDefinition => ({
  key,
  label,
  unit: 'percent',
  drill: numerator,
  better: 'up',
  compute: ({ events }) => ratio(events.count(numerator), events.count(denominator)),
  definition,
});

const spendPer = (key: string, label: string, metric: TMetricId, per: string): TKpiDefinition => ({
  key,
  label,
  unit: 'currency',
  drill: 'marketing_spend',
  better: 'down',
  feature: 'advanced_analytics',
  compute: ({ events }) => ratio(events.amount('marketing_spend'), events.count(metric)),
  definition: `Marketing spend of the period ÷ ${per} in the period.`,
});

export const KPIS: readonly TKpiDefinition[] = [
  // Acquisition funnel.
  count('leads', 'Leads', 'leads_created', 'Leads created in the period.'),
  count('contacted', 'Contacted', 'leads_contacted', 'Leads that reached contacted (or later) for the first time in the period.'),
  count('appointments', 'Appointments', 'appointments', 'Leads whose first appointment (not cancelled) was scheduled for a time in the period.'),
  count('offers', 'Offers', 'offers', 'Leads that got their first offer in the period.'),
  count('under_contract', 'Under contract', 'leads_under_contract', 'Leads that went under contract for the first time in the period.'),
  count('closed', 'Closed', 'leads_closed', 'Leads that closed in the period.'),
  count('lost', 'Lost', 'leads_lost', 'Moves to lost in the period.', { better: 'down', explainBy: 'extra' }),
  conversion('contact_conversion', 'Lead → contacted', 'leads_contacted', 'leads_created', 'Contacted ÷ leads, both in the period (flow, not a cohort: see the README).'),
  conversion('appointment_conversion', 'Contacted → appointment', 'appointments', 'leads_contacted', 'Appointments ÷ contacted, both in the period.'),
  conversion('offer_conversion', 'Appointment → offer', 'offers', 'appointments', 'Offers ÷ appointments, both in the period.'),
  conversion('contract_conversion', 'Offer → contract', 'leads_under_contract', 'offers', 'Under contract ÷ offers, both in the period.'),
  conversion('close_conversion', 'Contract → closed', 'leads_closed', 'leads_under_contract', 'Closed ÷ under contract, both in the period.'),
  conversion('lead_to_contract', 'Lead → contract', 'leads_under_contract', 'leads_created', 'Under contract ÷ leads, both in the period.'),
  {
    key: 'speed_to_lead',
    label: 'Speed to lead',
    unit: 'minutes',
    drill: 'first_contacts',
    better: 'down',
    compute: ({ events }) => events.median('first_contacts'),
    definition: 'Median whole minutes from a lead’s creation to its first outbound call or message, over leads first contacted in the period.',
  },
  {
    key: 'contact_rate',
    label: 'Contact rate',
    unit: 'percent',
    drill: 'calls_answered',
    better: 'up',
    compute: ({ events }) => ratio(events.count('calls_answered'), events.count('calls')),
    definition: 'Outbound calls that connected ÷ outbound calls placed in the period.',
  },
  count('calls', 'Calls', 'calls', 'Outbound calls placed in the period.', { explainBy: 'rep' }),
  count('texts', 'Texts', 'texts', 'Outbound SMS sent in the period.', { explainBy: 'rep' }),
  count('follow_ups_done', 'Follow-ups done', 'follow_ups_done', 'Follow-ups marked done in the period.', { explainBy: 'rep' }),
  count('follow_ups_overdue', 'Follow-ups overdue', 'follow_ups_overdue', 'Follow-ups due in the period that were not done by their due time.', { better: 'down', explainBy: 'rep' }),
  {
    key: 'follow_up_on_time_rate',
    label: 'Follow-ups on time',
    unit: 'percent',
    drill: 'follow_ups_due',
    better: 'up',
    compute: ({ events }) => {
      const due = events.count('follow_ups_due');
      return due > 0 ? (due - events.count('follow_ups_overdue')) / due : null;
    },
    definition: 'Follow-ups due in the period that were done by their due time ÷ follow-ups due in the period.',
  },
  {
    key: 'follow_ups_open_overdue',
    label: 'Overdue now',
    unit: 'count',
    drill: 'follow_ups_open_overdue',
    better: 'down',
    level: true,
    nowOnly: true,
    compute: ({ levels }) => levels.count('follow_ups_open_overdue'),
    definition: 'Open follow-ups past their due time, right now (no comparison: past backlogs are not kept).',
  },
  // Deals and revenue.
  count('contracts', 'Contracts', 'contracts', 'Deals created (leads put under contract) in the period.'),
  count('deals_closed', 'Deals closed', 'deals_closed', 'Deals closed in the period (by closing date).'),
  {
    key: 'revenue',
    label: 'Revenue',
    unit: 'currency',
    drill: 'deals_closed',
    better: 'up',
    explainBy: 'source',
    compute: ({ events }) => events.amount('deals_closed'),
    definition: 'Assignment fees of the deals closed in the period.',
  },
  {
    key: 'average_fee',
    label: 'Average assignment fee',
    unit: 'currency',
    drill: 'deals_closed',
    better: 'up',
    compute: ({ events }) => ratio(events.amount('deals_closed'), events.count('deals_closed')),
    definition: 'Revenue ÷ deals closed in the period.',
  },
  {
    key: 'days_to_close',
    label: 'Days to close',
    unit: 'days',
    drill: 'days_to_close',
    better: 'down',
    compute: ({ events }) => ratio(events.amount('days_to_close'), events.count('days_to_close')),
    definition: 'Average days from contract (deal created) to closing, over deals closed in the period.',
  },
  {
    key: 'pipeline_value',
    label: 'Pipeline value',
    unit: 'currency',
    drill: 'pipeline_value',
    better: 'up',
    level: true,
    explainBy: 'source',
    compute: ({ levels }) => levels.amount('pipeline_value'),
    definition: 'Expected fees of the deals open (marketing or assigned) at the end of the period: the assignment fee once assigned, asking − contract price while marketing.',
  },
  {
    key: 'open_deals',
    label: 'Open deals',
    unit: 'count',
    drill: 'pipeline_value',
    better: 'up',
    level: true,
    compute: ({ levels }) => levels.count('pipeline_value'),
    definition: 'Deals open (marketing or assigned) at the end of the period.',
  },
  // Disposition.
  count('assignments', 'Assignments', 'assignments', 'Deals assigned to a buyer in the period.', { explainBy: 'extra' }),
  {
    key: 'days_to_assign',
    label: 'Days marketing → assigned',
    unit: 'days',
    drill: 'assignments',
    better: 'down',
    compute: ({ events }) => ratio(events.amount('assignments'), events.count('assignments')),
    definition: 'Average days from a deal going on the market to its assignment, over assignments in the period.',
  },
  {
    key: 'buyers_reached_per_deal',
    label: 'Buyers reached per deal',
    unit: 'ratio',
    drill: 'buyers_reached',
    better: 'up',
    compute: ({ events }) => ratio(events.count('buyers_reached'), events.count('deals_marketed_to_buyers')),
    definition: 'Deal–buyer pairs first messaged in the period ÷ deals first sent to buyers in the period.',
  },
  {
    key: 'buyers_responding_per_deal',
    label: 'Buyers responding per deal',
    unit: 'ratio',
    drill: 'buyers_responded',
    better: 'up',
    compute: ({ events }) => ratio(events.count('buyers_responded'), events.count('deals_marketed_to_buyers')),
    definition: 'Deal–buyer pairs that first replied in the period ÷ deals first sent to buyers in the period.',
  },
  {
    key: 'buyer_response_rate',
    label: 'Buyer response rate',
    unit: 'percent',
    drill: 'buyers_responded',
    better: 'up',
    compute: ({ events }) => ratio(events.count('buyers_responded'), events.count('buyers_reached')),
    definition: 'Deal–buyer pairs that first replied ÷ pairs first messaged, in the period.',
  },
  {
    key: 'buyer_reliability',
    label: 'Buyer reliability',
    unit: 'percent',
    drill: 'assignments_closed',
    better: 'up',
    compute: ({ events }) => ratio(events.count('assignments_closed'), events.count('assignments_closed') + events.count('assignments_fell_through')),
    definition: 'Assignments that ended in a closing ÷ assignments that ended (closed or fell through) in the period.',
  },
  count('fall_throughs', 'Assignments fell through', 'assignments_fell_through', 'Assignments that fell through (back to marketing or cancelled) in the period.', {
    better: 'down',
    explainBy: 'extra',
  }),
  {
    key: 'sms_delivery_rate',
    label: 'SMS delivery rate',
    unit: 'percent',
    drill: 'texts_delivered',
    better: 'up',
    compute: ({ events }) => ratio(events.count('texts_delivered'), events.count('texts')),
    definition: 'Outbound SMS of the period delivered ÷ outbound SMS of the period.',
  },
  {
    key: 'sms_opt_out_rate',
    label: 'SMS opt-out rate',
    unit: 'percent',
    drill: 'opt_outs',
    better: 'down',
    compute: ({ events }) => ratio(events.count('opt_outs'), events.count('texts_delivered')),
    definition: 'Opt-out replies received in the period ÷ outbound SMS delivered in the period.',
  },
  // Marketing ROI (advanced analytics).
  {
    key: 'marketing_spend',
    label: 'Marketing spend',
    unit: 'currency',
    drill: 'marketing_spend',
    better: 'down',
    feature: 'advanced_analytics',
    explainBy: 'source',
    compute: ({ events }) => events.amount('marketing_spend'),
    definition: 'Spend entered per source and month, spread over the month’s days, for the days of the period.',
  },
  spendPer('cost_per_lead', 'Cost per lead', 'leads_created', 'leads created'),
  spendPer('cost_per_contract', 'Cost per contract', 'contracts', 'contracts'),
  spendPer('cost_per_closed_deal', 'Cost per closed deal', 'deals_closed', 'deals closed'),
  {
    key: 'roi',
    label: 'Marketing ROI',
    unit: 'percent',
    drill: 'deals_closed',
    better: 'up',
    feature: 'advanced_analytics',
    compute: ({ events }) => {
      const spend = events.amount('marketing_spend');
      return spend > 0 ? (events.amount('deals_closed') - spend) / spend : null;
    },
    definition: '(Revenue − marketing spend) ÷ marketing spend, for the period.',
  },
];

export const KPI_KEYS = KPIS.map((kpi) => kpi.key);
export const kpiByKey = (key: string): TKpiDefinition | undefined => KPIS.find((kpi) => kpi.key === key);
