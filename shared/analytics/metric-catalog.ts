/**
 * The counted facts every analytics number is built from. Each metric is one kind of event
 * (or, for levels, one kind of open record at an instant) produced by one family module in
 * shared/analytics/families/; a dashboard KPI is a formula over metrics (kpi-catalog.ts).
 *
 * Every metric row carries the record it came from (`kind`, `id`), the moment that puts it in
 * a period (`at`), an optional amount (`v`) and the dimensions reports group by. A metric's
 * count is the number of its rows; its value is the sum of `v`. shared/analytics/README.md
 * explains each definition in prose; the `definition` strings below are what the API shows.
 */
export const METRIC_IDS = [
  'leads_created',
  'leads_contacted',
  'appointments',
  'offers',
  'leads_under_contract',
  'leads_closed',
  'leads_lost',
  'first_contacts',
  'contracts',
  'deals_closed',
  'days_to_close',
  'assignments',
  'assignments_closed',
  'assignments_fell_through',
  'deals_cancelled',
  'deals_marketed_to_buyers',
  'buyers_reached',
  'buyers_responded',
  'calls',
  'calls_answered',
  'texts',
  'texts_delivered',
  'texts_failed',
  'opt_outs',
  'follow_ups_due',
  'follow_ups_overdue',
  'follow_ups_done',
  'marketing_spend',
  'pipeline_value',
  'follow_ups_open_overdue',
] as const;
export type TMetricId = (typeof METRIC_IDS)[number];

/** Records a drill-down lists. */
export const RECORD_KINDS = ['lead', 'deal', 'communication', 'follow_up', 'spend'] as const;
export type TRecordKind = (typeof RECORD_KINDS)[number];

export interface TMetricDefinition {
  label: string;
  record: TRecordKind;
  /** `event`: rows fall in a period by `at`, counts add up day by day. `level`: open records at one instant (not additive). */
  shape: 'event' | 'level';
  /** What `v` holds, when the metric has an amount. */
  amount?: 'currency' | 'minutes' | 'days';
  /** Dimensions its rows carry (others are null): source, rep, property type, status, extra (reason or buyer). */
  dims: readonly ('source' | 'rep' | 'property_type' | 'status' | 'reason' | 'buyer')[];
  definition: string;
}

const LEAD_DIMS = ['source', 'rep', 'property_type', 'status'] as const;
const DEAL_DIMS = ['source', 'rep', 'property_type', 'status'] as const;

export const METRICS: Record<TMetricId, TMetricDefinition> = {
  leads_created: {
    label: 'Leads',
    record: 'lead',
    shape: 'event',
    dims: LEAD_DIMS,
    definition: 'Leads created in the period (by created_at). Rep = the lead’s assignee; status = its status now.',
  },
  leads_contacted: {
    label: 'Contacted',
    record: 'lead',
    shape: 'event',
    dims: LEAD_DIMS,
    definition: 'Leads that reached contacted (or any later stage) for the first time in the period, from their status history.',
  },
  appointments: {
    label: 'Appointments',
    record: 'lead',
    shape: 'event',
    dims: LEAD_DIMS,
    definition: 'Leads whose first appointment (any outcome but cancelled) is scheduled in the period, by the appointment time.',
  },
  offers: {
    label: 'Offers',
    record: 'lead',
    shape: 'event',
    dims: LEAD_DIMS,
    definition: 'Leads that got their first offer in the period (by offered_at).',
  },
  leads_under_contract: {
    label: 'Under contract',
    record: 'lead',
    shape: 'event',
    dims: LEAD_DIMS,
    definition: 'Leads that went under contract (or straight to closed) for the first time in the period, from their status history.',
  },
  leads_closed: {
    label: 'Closed',
    record: 'lead',
    shape: 'event',
    dims: LEAD_DIMS,
    definition: 'Leads whose status became closed in the period (first time), from their status history.',
  },
  leads_lost: {
    label: 'Lost',
    record: 'lead',
    shape: 'event',
    dims: [...LEAD_DIMS, 'reason'],
    definition: 'Moves to lost in the period, with the reason given on that move (a lead lost, reopened and lost again counts twice).',
  },
  first_contacts: {
    label: 'First contacts',
    record: 'lead',
    shape: 'event',
    amount: 'minutes',
    dims: LEAD_DIMS,
    definition: 'Leads first contacted (first outbound call or message, first_contacted_at) in the period; the amount is whole minutes from created_at.',
  },
  contracts: {
    label: 'Contracts',
    record: 'deal',
    shape: 'event',
    dims: DEAL_DIMS,
    definition: 'Deals created in the period (a lead put under contract). Rep = the acquisition rep who owned the lead; source = the lead’s source.',
  },
  deals_closed: {
    label: 'Deals closed',
    record: 'deal',
    shape: 'event',
    amount: 'currency',
    dims: [...DEAL_DIMS, 'buyer'],
    definition: 'Deals with status closed whose closed_at falls in the period; the amount is the assignment fee (revenue).',
  },
  days_to_close: {
    label: 'Days to close',
    record: 'deal',
    shape: 'event',
    amount: 'days',
    dims: [...DEAL_DIMS, 'buyer'],
    definition: 'The same closed deals; the amount is days from the contract (deal created_at) to closed_at.',
  },
  assignments: {
    label: 'Assignments',
    record: 'deal',
    shape: 'event',
    amount: 'days',
    dims: [...DEAL_DIMS, 'buyer'],
    definition: 'Moves of a deal to assigned in the period, by buyer; the amount is days since the deal last went on the market.',
  },
  assignments_closed: {
    label: 'Assignments closed',
    record: 'deal',
    shape: 'event',
    dims: [...DEAL_DIMS, 'buyer'],
    definition: 'Moves from assigned to closed in the period, credited to the assigned buyer.',
  },
  assignments_fell_through: {
    label: 'Assignments fell through',
    record: 'deal',
    shape: 'event',
    dims: [...DEAL_DIMS, 'buyer'],
    definition: 'Moves from assigned back to marketing or to cancelled in the period, charged to the buyer who held the deal.',
  },
  deals_cancelled: {
    label: 'Deals cancelled',
    record: 'deal',
    shape: 'event',
    dims: [...DEAL_DIMS, 'reason'],
    definition: 'Moves of a deal to cancelled in the period, with the reason.',
  },
  deals_marketed_to_buyers: {
    label: 'Deals sent to buyers',
    record: 'deal',
    shape: 'event',
    dims: [],
    definition: 'Deals whose first message to any buyer went out in the period (messages that failed to deliver do not count).',
  },
  buyers_reached: {
    label: 'Buyers reached',
    record: 'communication',
    shape: 'event',
    dims: ['buyer'],
    definition: 'Deal–buyer pairs whose first delivered message about the deal to that buyer went out in the period; the record is that first message.',
  },
  buyers_responded: {
    label: 'Buyers responding',
    record: 'communication',
    shape: 'event',
    dims: ['buyer'],
    definition: 'Deal–buyer pairs whose first reply from the buyer about the deal came in the period; the record is that first reply.',
  },
  calls: {
    label: 'Calls',
    record: 'communication',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Outbound calls placed in the period; rep = who placed it (sent_by).',
  },
  calls_answered: {
    label: 'Calls answered',
    record: 'communication',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Outbound calls placed in the period that connected (status completed).',
  },
  texts: {
    label: 'Texts',
    record: 'communication',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Outbound SMS created in the period, whatever became of them; rep = who sent it (sent_by).',
  },
  texts_delivered: {
    label: 'Texts delivered',
    record: 'communication',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Outbound SMS created in the period whose status is delivered.',
  },
  texts_failed: {
    label: 'Texts failed',
    record: 'communication',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Outbound SMS created in the period whose status is failed or undelivered.',
  },
  opt_outs: {
    label: 'Opt-outs',
    record: 'communication',
    shape: 'event',
    dims: ['status'],
    definition: 'Inbound SMS received in the period whose whole body is an opt-out keyword (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT).',
  },
  follow_ups_due: {
    label: 'Follow-ups due',
    record: 'follow_up',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Follow-ups whose due time falls in the period and has passed; rep = the assignee.',
  },
  follow_ups_overdue: {
    label: 'Follow-ups overdue',
    record: 'follow_up',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Of the follow-ups due in the period, those not done by their due time (still open, or done late).',
  },
  follow_ups_done: {
    label: 'Follow-ups done',
    record: 'follow_up',
    shape: 'event',
    dims: ['rep', 'status'],
    definition: 'Follow-ups marked done in the period (by done_at), whenever they were due.',
  },
  marketing_spend: {
    label: 'Marketing spend',
    record: 'spend',
    shape: 'event',
    amount: 'currency',
    dims: ['source'],
    definition: 'Marketing spend entered per source and month, spread evenly over the days of its month; a period gets the days it covers.',
  },
  pipeline_value: {
    label: 'Pipeline value',
    record: 'deal',
    shape: 'level',
    amount: 'currency',
    dims: DEAL_DIMS,
    definition:
      'Deals open (marketing or assigned) at the end of the period, valued at their expected fee: the assignment fee once assigned, asking minus contract price while marketing (current figures).',
  },
  follow_ups_open_overdue: {
    label: 'Overdue now',
    record: 'follow_up',
    shape: 'level',
    dims: ['rep', 'status'],
    definition: 'Open follow-ups whose due time has passed, right now.',
  },
};

export const isMetricId = (value: string): value is TMetricId => (METRIC_IDS as readonly string[]).includes(value);
