import type { TActivityRecord } from '../activities/activity-record.ts';
import type { TCommunicationRecord } from '../communications/communication-record.ts';
import { formatAddress } from '../contact/normalize-contact.ts';
import type { TSystemContext } from '../context/service-context.ts';
import type { TFollowUpRecord } from '../follow-ups/follow-up-record.ts';
import { leadSearchText, leadSearchTokens } from '../leads/build-lead-record.ts';
import { describeOffer } from '../leads/describe-offer.ts';
import { label, type TLeadStatus } from '../leads/lead.constants.ts';
import { addressKey } from '../contact/normalize-contact.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TNotificationRecord } from '../notifications/notification-record.ts';
import type { TTenantRecord } from '../tenants/tenant-record.ts';
import { formatZonedTime, zonedDayOf } from '../tenants/zoned-day.ts';
import { DEMO_ACCOUNTS, DEMO_TENANT_ID } from './demo-accounts.ts';
import { FOLLOW_UP_TITLES, INBOUND_SMS, OUTBOUND_SMS } from './demo-lead-data.ts';
import { DEMO_ADMIN, DEMO_DISPO, DEMO_LEADS, DEMO_REPS, type TDemoLead } from './demo-leads.ts';
import { createDemoRandom, type TDemoRandom } from './demo-random.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PIPELINE: readonly Exclude<TLeadStatus, 'lost'>[] = ['new', 'contacted', 'qualified', 'under_contract', 'closed'];
/** The demo organisation's Twilio number. */
export const DEMO_COMPANY_PHONE = '+15125550100';

const NAMES = new Map(DEMO_ACCOUNTS.map((account) => [account.uid, account.name]));
const nameOf = (uid: string) => NAMES.get(uid) ?? 'DealCycle';

type TSeedState = {
  now: Date;
  timeZone: string;
  random: TDemoRandom;
  leads: TLeadRecord[];
  communications: TCommunicationRecord[];
  activities: TActivityRecord[];
  followUps: TFollowUpRecord[];
  notifications: TNotificationRecord[];
};

/**
 * Seeds the demo organisation's acquisitions: the 240 planned leads (shared/demo/demo-leads.ts)
 * with status histories that follow the pipeline, appointments and offers on the later stages,
 * AI scores, call notes, ~300 messages and calls on the contacted ones (`last_contacted` and
 * `communication_count` agree with them), every timeline entry, follow-ups due earlier, later
 * today and ahead, and a few notifications. Dates fall in the last four months of the clock;
 * everything else repeats install to install. Written in bulk, without events.
 */
export async function seedLeads(system: TSystemContext): Promise<void> {
  const tenant = await system.db.collection<TTenantRecord>('tenants').findOne({ _id: DEMO_TENANT_ID });
  const state: TSeedState = {
    now: system.ports.clock.now(),
    timeZone: tenant?.timezone ?? 'America/Chicago',
    random: createDemoRandom(7_301),
    leads: [],
    communications: [],
    activities: [],
    followUps: [],
    notifications: [],
  };
  for (const plan of DEMO_LEADS) seedLead(state, plan);
  seedFollowUps(state);
  seedNotifications(state);

  const write = async <T extends { _id: string }>(collection: string, documents: T[]) => {
    if (documents.length > 0) await system.db.collection<T & Record<string, unknown>>(collection).insertMany(documents as (T & Record<string, unknown>)[]);
  };
  await write('leads', state.leads);
  await write('communications', state.communications);
  await write('activities', state.activities);
  await write('follow_ups', state.followUps);
  await write('notifications', state.notifications);
  system.log.info({ leads: state.leads.length, communications: state.communications.length, activities: state.activities.length }, 'Demo leads seeded');
}

/** Time-ordered ids like `newId`'s, but from the seeded random. */
const demoId = (state: TSeedState, prefix: string, at: Date) => `${prefix}_${at.getTime().toString(16).padStart(12, '0')}${state.random.hex(16)}`;
const between = (random: TDemoRandom, from: number, to: number) => from + random.next() * Math.max(0, to - from);

/**
 * Moves a moment people acted at into working hours (08:00–20:00 in the organisation's zone):
 * evenings and nights land just after 08:00 next morning. Monotonic, so an ordered series
 * stays ordered; never moves past the clock.
 */
function workHours(state: TSeedState, time: number): number {
  const day = zonedDayOf(new Date(time), state.timeZone);
  const start = day.start.getTime();
  const hour = (time - start) / HOUR;
  let moved = time;
  if (hour < 8) moved = start + 8 * HOUR + (time - (start - 4 * HOUR)) / 2_000;
  else if (hour >= 20) moved = zonedDayOf(new Date(day.end.getTime() + 1), state.timeZone).start.getTime() + 8 * HOUR + (time - (start + 20 * HOUR)) / 2_000;
  return moved < state.now.getTime() - MINUTE ? moved : time;
}

function addActivity(state: TSeedState, leadId: string, type: TActivityRecord['type'], at: Date, actor: string, summary: string, data: Record<string, unknown> = {}): void {
  state.activities.push({ _id: demoId(state, 'act', at), tenant_id: DEMO_TENANT_ID, subject: { kind: 'lead', id: leadId }, type, actor, summary, data, at });
}

function seedLead(state: TSeedState, plan: TDemoLead): void {
  const { random, now } = state;
  const created = new Date(Math.min(now.getTime() - 30 * MINUTE, now.getTime() - plan.age_days * DAY - random.int(0, 600) * MINUTE));
  const end = Math.max(created.getTime() + 10 * MINUTE, now.getTime() - random.int(20, 240) * MINUTE);
  const path: TLeadStatus[] = [...PIPELINE.slice(0, PIPELINE.indexOf(plan.reached) + 1), ...(plan.status === 'lost' ? (['lost'] as const) : [])];
  const owner = plan.assigned_to ?? DEMO_ADMIN;

  // When each status was reached: contact comes fast (speed to lead), the rest spreads to now.
  const times = [created.getTime()];
  if (path.length > 1) {
    const span = end - created.getTime();
    const contactAt = created.getTime() + Math.min(span * 0.15, random.int(5, 30 * 60) * MINUTE);
    const rest = Array.from({ length: path.length - 2 }, () => between(random, contactAt, end)).sort((a, b) => a - b);
    times.push(...[path[1] === 'lost' ? between(random, created.getTime(), end) : contactAt, ...rest].map((time) => workHours(state, time)));
  }
  const at = (status: TLeadStatus) => {
    const index = path.indexOf(status);
    return index >= 0 ? new Date(times[index] as number) : null;
  };
  const history: TLeadRecord['status_history'] = path.map((status, index) => ({
    from: index === 0 ? null : (path[index - 1] as TLeadStatus),
    to: status,
    at: new Date(times[index] as number),
    by: index === 0 ? plan.created_by : status === 'under_contract' || status === 'closed' ? DEMO_DISPO : owner,
    ...(status === 'lost' && plan.lost_reason ? { reason: plan.lost_reason } : {}),
  }));
  const closedAt = plan.status === 'lost' || plan.status === 'closed' ? (times.at(-1) as number) : now.getTime() - 5 * MINUTE;

  const lead: TLeadRecord = {
    _id: plan.id,
    tenant_id: DEMO_TENANT_ID,
    first_name: plan.first_name,
    last_name: plan.last_name,
    full_name: `${plan.first_name} ${plan.last_name}`,
    phone: plan.phone,
    other_phones: [],
    email: plan.email,
    address: plan.address,
    mailing_address: null,
    address_key: addressKey(plan.address),
    property_type: plan.property_type,
    estimated_value: plan.estimated_value,
    source: plan.source,
    status: plan.status,
    lost_reason: plan.lost_reason,
    status_history: history,
    assigned_to: plan.assigned_to,
    tags: plan.tags,
    auto_tags: [],
    notes: plan.notes,
    lead_score: plan.lead_score,
    ai_summary: plan.lead_score === null ? null : plan.motivation.summary,
    appointments: [],
    offers: [],
    last_contacted: null,
    first_contacted_at: at('contacted'),
    communication_count: 0,
    search_text: '',
    search_tokens: [],
    created_by: plan.created_by,
    created_at: created,
    updated_at: created,
  };

  addActivity(state, lead._id, 'created', created, plan.created_by, `Lead created (${label(plan.source)})`, { source: plan.source });
  if (plan.assigned_to && plan.assigned_to !== plan.created_by) {
    addActivity(state, lead._id, 'assigned', new Date(created.getTime() + 2 * MINUTE), DEMO_ADMIN, `Assigned to ${nameOf(plan.assigned_to)}`, { from: null, to: plan.assigned_to });
  }
  history.slice(1).forEach((entry) => {
    addActivity(state, lead._id, 'status_changed', entry.at, entry.by, `Status ${label(entry.from ?? 'new')} → ${label(entry.to)}${entry.reason ? `: ${entry.reason}` : ''}`, {
      from: entry.from,
      to: entry.to,
      ...(entry.reason ? { reason: entry.reason } : {}),
    });
  });

  const contactedAt = at('contacted');
  if (contactedAt) seedCommunications(state, lead, plan, contactedAt.getTime(), closedAt, owner);
  seedAppointmentsAndOffers(state, lead, plan, { qualified: at('qualified'), underContract: at('under_contract'), end: closedAt }, owner);

  if (plan.lead_score !== null) {
    const scoredAt = new Date(Math.min(closedAt, (contactedAt ?? created).getTime() + 2 * HOUR));
    addActivity(state, lead._id, 'ai', scoredAt, 'ai', `Lead score ${plan.lead_score}: ${plan.motivation.summary}`, { lead_score: plan.lead_score, summary: plan.motivation.summary });
  }
  if (contactedAt && random.chance(0.35)) {
    const noteAt = new Date(workHours(state, between(random, contactedAt.getTime(), closedAt)));
    const body = random.pick(plan.motivation.callNotes);
    lead.notes = `${lead.notes}\n\n[${noteAt.toISOString().slice(0, 10)} ${nameOf(owner)}] ${body}`;
    addActivity(state, lead._id, 'note', noteAt, owner, body, { body });
  }

  lead.search_text = leadSearchText(lead);
  lead.search_tokens = leadSearchTokens(lead);
  const touched = state.activities.filter((activity) => activity.subject.id === lead._id).map((activity) => activity.at.getTime());
  lead.updated_at = new Date(Math.max(created.getTime(), ...touched));
  state.leads.push(lead);
}

const COMMUNICATIONS_BY_STAGE: Record<TDemoLead['reached'], [number, number]> = { new: [0, 0], contacted: [1, 2], qualified: [1, 2], under_contract: [2, 3], closed: [2, 3] };

function seedCommunications(state: TSeedState, lead: TLeadRecord, plan: TDemoLead, from: number, to: number, owner: string): void {
  const { random, now } = state;
  const [min, max] = COMMUNICATIONS_BY_STAGE[plan.reached];
  const count = random.int(min, max);
  const times = [from, ...Array.from({ length: count - 1 }, () => workHours(state, between(random, from + 10 * MINUTE, to))).sort((a, b) => a - b)];
  const rep = nameOf(owner).split(' ')[0] ?? 'Riley';
  times.forEach((time, index) => {
    const at = new Date(time);
    const inbound = index > 0 && random.chance(0.45);
    const channel: TCommunicationRecord['channel'] = index === 0 ? (random.chance(0.6) ? 'call' : 'sms') : random.chance(0.6) ? 'sms' : 'call';
    const answered = inbound || index === 0 || random.chance(0.75);
    const duration = channel === 'call' && answered ? random.int(60, 900) : null;
    const body =
      channel === 'sms'
        ? (inbound ? random.pick(INBOUND_SMS) : random.pick(OUTBOUND_SMS)).replace('{first}', lead.first_name).replace('{rep}', rep).replace('{street}', lead.address?.line1 ?? 'your property')
        : '';
    const record: TCommunicationRecord = {
      _id: demoId(state, 'cm', at),
      tenant_id: DEMO_TENANT_ID,
      channel,
      direction: inbound ? 'inbound' : 'outbound',
      status: channel === 'sms' ? (inbound ? 'received' : 'delivered') : answered ? 'completed' : 'no_answer',
      from: inbound ? (lead.phone ?? '') : DEMO_COMPANY_PHONE,
      to: inbound ? DEMO_COMPANY_PHONE : (lead.phone ?? ''),
      body,
      lead_id: lead._id,
      buyer_id: null,
      deal_id: null,
      provider_sid: `${channel === 'sms' ? 'SM' : 'CA'}${random.hex(32)}`,
      duration_seconds: duration,
      recording_url: null,
      sent_by: inbound ? null : owner,
      error: null,
      read: !inbound || now.getTime() - time > 2 * DAY || random.chance(0.3),
      created_at: at,
      updated_at: new Date(time + (duration ?? 5) * 1_000),
    };
    state.communications.push(record);
    const minutes = duration ? `${Math.max(1, Math.round(duration / 60))} min` : '';
    const summary =
      channel === 'sms'
        ? `${inbound ? 'SMS from' : 'SMS to'} ${lead.first_name}: ${body.length > 60 ? `${body.slice(0, 59)}…` : body}`
        : inbound
          ? `Call from ${lead.first_name} (${minutes})`
          : answered
            ? `Call with ${lead.first_name} (${minutes})`
            : `No answer calling ${lead.first_name}`;
    addActivity(state, lead._id, 'communication', at, inbound ? 'twilio' : owner, summary, { communication_id: record._id, channel, direction: record.direction });
  });
  lead.communication_count = times.length;
  lead.last_contacted = new Date(Math.max(...times));
}

function seedAppointmentsAndOffers(
  state: TSeedState,
  lead: TLeadRecord,
  plan: TDemoLead,
  when: { qualified: Date | null; underContract: Date | null; end: number },
  owner: string,
): void {
  const { random, now, timeZone } = state;
  if (!when.qualified) return;
  const qualified = when.qualified.getTime();
  const location = formatAddress(lead.address);
  // Each step happens before `before` (the next status change, or now).
  const book = (visit: number, booked: number, outcome: TLeadRecord['appointments'][number]['outcome'], before = now.getTime()) => {
    const scheduledAt = outcome === 'scheduled' ? visit : Math.min(Math.round(workHours(state, visit) / (15 * MINUTE)) * 15 * MINUTE, before - 2 * HOUR);
    const bookedAt = Math.min(workHours(state, booked), scheduledAt - MINUTE);
    const appointment: TLeadRecord['appointments'][number] = { id: demoId(state, 'apt', new Date(bookedAt)), scheduled_at: new Date(scheduledAt), location, outcome, notes: '' };
    lead.appointments.push(appointment);
    addActivity(state, lead._id, 'appointment', new Date(bookedAt), owner, `Appointment ${formatZonedTime(appointment.scheduled_at, timeZone)} at ${location}`, {
      appointment_id: appointment.id,
      scheduled_at: appointment.scheduled_at.toISOString(),
      outcome: 'scheduled',
    });
    if (outcome !== 'scheduled') {
      addActivity(state, lead._id, 'appointment', new Date(Math.min(scheduledAt + HOUR, before - MINUTE)), owner, `Appointment ${label(outcome).toLowerCase()}`, { appointment_id: appointment.id, outcome, previous_outcome: 'scheduled' });
    }
  };
  const offer = (amount: number, madeAt: number, status: TLeadRecord['offers'][number]['status'], counter: number | null = null, before = now.getTime()) => {
    const offeredAt = Math.min(workHours(state, madeAt), before - 20 * MINUTE);
    const record: TLeadRecord['offers'][number] = {
      id: demoId(state, 'ofr', new Date(offeredAt)),
      amount,
      offered_at: new Date(offeredAt),
      status,
      counter_amount: status === 'countered' ? counter : null,
      notes: '',
    };
    lead.offers.push(record);
    addActivity(state, lead._id, 'offer', new Date(offeredAt), owner, describeOffer({ ...record, status: 'pending' }, null), { offer_id: record.id, amount, status: 'pending' });
    if (status !== 'pending') {
      const answeredAt = offeredAt + Math.min(6 * HOUR, (before - offeredAt) / 2);
      addActivity(state, lead._id, 'offer', new Date(answeredAt), owner, describeOffer(record, { ...record, status: 'pending' }), {
        offer_id: record.id,
        amount,
        status,
        counter_amount: record.counter_amount,
      });
    }
  };
  const maoish = Math.max(15_000, Math.round((plan.arv * 0.7 - plan.repairs - 10_000) / 500) * 500);

  if (when.underContract) {
    const contract = when.underContract.getTime();
    const visit = between(random, qualified, Math.max(qualified, contract - 12 * HOUR));
    book(visit, between(random, qualified, visit), 'completed', contract - 9 * HOUR);
    if (random.chance(0.5) && contract - visit > 12 * HOUR) {
      offer(maoish - random.int(4, 12) * 1_000, between(random, visit + HOUR, contract - 10 * HOUR), 'countered', (plan.contract_price ?? maoish) + 5_000, contract - 8 * HOUR);
    }
    offer(plan.contract_price ?? maoish, contract - 8 * HOUR, 'accepted', null, contract);
    return;
  }
  if (plan.status === 'qualified') {
    if (!random.chance(0.6)) return;
    if (random.chance(0.5)) {
      const day = zonedDayOf(new Date(now.getTime() + random.int(1, 6) * DAY), timeZone);
      const upcoming = day.start.getTime() + random.int(9, 16) * HOUR + (random.chance(0.5) ? 30 * MINUTE : 0);
      book(upcoming, between(random, qualified, now.getTime() - 10 * MINUTE), 'scheduled');
      return;
    }
    const visit = between(random, qualified, now.getTime() - 2 * HOUR);
    book(visit, between(random, qualified, visit), 'completed');
    if (random.chance(0.6) && visit + 4 * HOUR < now.getTime()) {
      offer(maoish, visit + 3 * HOUR, random.chance(0.6) ? 'pending' : 'countered', maoish + random.int(8, 25) * 1_000);
    }
    return;
  }
  if (plan.status === 'lost') {
    if (random.chance(0.4)) {
      const visit = between(random, qualified, when.end - HOUR);
      book(visit, between(random, qualified, visit), random.chance(0.5) ? 'no_show' : 'cancelled', when.end);
    }
    if (random.chance(0.5)) offer(maoish, between(random, qualified, when.end - 7 * HOUR), 'rejected', null, when.end);
  }
}

/** Follow-ups around "now" in the organisation's day: some overdue, some due later today, some ahead, some done. */
function seedFollowUps(state: TSeedState): void {
  const { random, now, timeZone } = state;
  const day = zonedDayOf(now, timeZone);
  const open = (owner: string, statuses: TLeadStatus[]) => state.leads.filter((lead) => (owner === DEMO_ADMIN || lead.assigned_to === owner) && statuses.includes(lead.status));
  const plans: [string, 'overdue' | 'earlier_today' | 'today' | 'upcoming' | 'done', number][] = [
    [DEMO_REPS[0], 'overdue', 2],
    [DEMO_REPS[0], 'earlier_today', 1],
    [DEMO_REPS[0], 'today', 4],
    [DEMO_REPS[0], 'upcoming', 4],
    [DEMO_REPS[0], 'done', 5],
    [DEMO_REPS[1], 'overdue', 2],
    [DEMO_REPS[1], 'today', 3],
    [DEMO_REPS[1], 'upcoming', 3],
    [DEMO_REPS[1], 'done', 4],
    [DEMO_ADMIN, 'today', 1],
    [DEMO_ADMIN, 'upcoming', 1],
    [DEMO_DISPO, 'today', 1],
    [DEMO_DISPO, 'upcoming', 2],
  ];
  let counter = 0;
  for (const [owner, kind, count] of plans) {
    const candidates = owner === DEMO_DISPO ? open(DEMO_ADMIN, ['under_contract']) : open(owner, ['contacted', 'qualified']);
    for (let index = 0; index < count && candidates.length > 0; index++) {
      const lead = random.pick(candidates);
      const due =
        kind === 'overdue'
          ? day.start.getTime() - (index + 1) * DAY + random.int(9, 16) * HOUR
          : kind === 'earlier_today'
            ? Math.min(now.getTime() - MINUTE, Math.max(day.start.getTime() + MINUTE, now.getTime() - 90 * MINUTE))
            : kind === 'today'
              ? now.getTime() + ((day.end.getTime() - now.getTime()) * (index + 1)) / (count + 1)
              : kind === 'upcoming'
                ? day.start.getTime() + (index + 1) * DAY + random.int(9, 16) * HOUR
                : day.start.getTime() - random.int(0, 4) * DAY + random.int(9, 11) * HOUR;
      const dueAt = new Date(Math.round(due / MINUTE) * MINUTE);
      const createdAt = new Date(Math.min(now.getTime() - MINUTE, dueAt.getTime() - random.int(1, 3) * DAY));
      const done = kind === 'done' ? new Date(Math.min(now.getTime() - MINUTE, dueAt.getTime() + random.int(5, 90) * MINUTE)) : null;
      const title = owner === DEMO_DISPO ? random.pick(['Send the deal to the buyers list', 'Schedule the buyer walkthrough', 'Check the title commitment']) : random.pick(FOLLOW_UP_TITLES);
      const notified = kind === 'overdue' ? new Date(dueAt.getTime() + 5 * MINUTE) : null;
      const followUp: TFollowUpRecord = {
        _id: `fu_demo_${String(++counter).padStart(2, '0')}`,
        tenant_id: DEMO_TENANT_ID,
        title,
        due_at: dueAt,
        assigned_to: owner,
        lead_id: lead._id,
        deal_id: null,
        done: done !== null,
        done_at: done,
        notes: '',
        // "Earlier today" is left for the overdue scan to announce when the host starts.
        overdue_notified_at: notified,
        created_by: owner === DEMO_DISPO ? DEMO_DISPO : owner,
        created_at: createdAt,
        updated_at: done ?? createdAt,
      };
      state.followUps.push(followUp);
      addActivity(state, lead._id, 'follow_up', createdAt, followUp.created_by, `Follow-up: ${title} (due ${formatZonedTime(dueAt, timeZone)})`, { follow_up_id: followUp._id, due_at: dueAt.toISOString(), assigned_to: owner });
      if (done) addActivity(state, lead._id, 'follow_up', done, owner, `Follow-up done: ${title}`, { follow_up_id: followUp._id, done: true });
      if (notified) {
        state.notifications.push({
          _id: demoId(state, 'ntf', notified),
          tenant_id: DEMO_TENANT_ID,
          user_id: owner,
          kind: 'follow_up_overdue',
          title: `Overdue: ${title}`,
          body: `Was due ${formatZonedTime(dueAt, timeZone)}`,
          href: `/leads/detail?id=${lead._id}`,
          read: false,
          created_at: notified,
        });
      }
    }
  }
}

function seedNotifications(state: TSeedState): void {
  const { now } = state;
  const notify = (userId: string, kind: TNotificationRecord['kind'], at: Date, title: string, body: string, href: string | null, read: boolean) =>
    state.notifications.push({ _id: demoId(state, 'ntf', at), tenant_id: DEMO_TENANT_ID, user_id: userId, kind, title, body, href, read, created_at: at });
  for (const rep of DEMO_REPS) {
    const handed = state.leads
      .filter((lead) => lead.assigned_to === rep && lead.created_by === DEMO_ADMIN)
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
      .slice(0, rep === DEMO_REPS[0] ? 3 : 2);
    handed.forEach((lead, index) =>
      notify(rep, 'lead_assigned', new Date(lead.created_at.getTime() + 2 * MINUTE), `New lead: ${lead.full_name}`, `${nameOf(DEMO_ADMIN)} assigned you a ${label(lead.source).toLowerCase()} lead.`, `/leads/detail?id=${lead._id}`, index > 0),
    );
    const leadsOfRep = new Set(state.leads.filter((lead) => lead.assigned_to === rep).map((lead) => lead._id));
    const latest = state.communications
      .filter((message) => message.direction === 'inbound' && message.channel === 'sms' && message.lead_id && leadsOfRep.has(message.lead_id))
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())[0];
    const sender = latest && state.leads.find((lead) => lead._id === latest.lead_id);
    if (latest && sender) notify(rep, 'message_received', latest.created_at, `New message from ${sender.full_name}`, latest.body, `/leads/detail?id=${sender._id}`, latest.read);
  }
  notify(DEMO_ADMIN, 'system', new Date(now.getTime() - 3 * DAY), 'Welcome to the demo organisation', 'Lone Star Home Buyers comes with four months of leads, deals and buyers to explore.', '/', true);
  notify('demo-exec', 'report', new Date(now.getTime() - DAY), 'Your weekly report is ready', 'Leads, pipeline, revenue and team activity for last week.', '/analytics/reports', false);
}
