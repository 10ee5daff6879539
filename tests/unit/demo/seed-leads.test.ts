import { beforeAll, describe, expect, it } from 'vitest';
import type { TActivityRecord } from '../../../shared/activities/activity-record.ts';
import type { TCommunicationRecord } from '../../../shared/communications/communication-record.ts';
import { ZAddress } from '../../../shared/schemas/address.ts';
import { DEMO_LEADS, demoLeadsByStatus } from '../../../shared/demo/demo-leads.ts';
import { seedLeads } from '../../../shared/demo/seed-leads.ts';
import { seedTeam } from '../../../shared/demo/seed-team.ts';
import type { TFollowUpRecord } from '../../../shared/follow-ups/follow-up-record.ts';
import { LEAD_SOURCES, LEAD_STATUSES, LEAD_TRANSITIONS } from '../../../shared/leads/lead.constants.ts';
import { ZCreateLeadRequest } from '../../../shared/leads/lead.schemas.ts';
import type { TLeadRecord } from '../../../shared/leads/lead-record.ts';
import type { TNotificationRecord } from '../../../shared/notifications/notification-record.ts';
import type { TDatabase } from '../../../shared/ports/document-store.ts';
import { zonedDayOf } from '../../../shared/tenants/zoned-day.ts';
import { openEmbeddedDatabase } from '../../../infra/store/embedded/embedded-database.ts';
import { createManualClock } from '../../support/manual-clock.ts';

const NOW = '2026-03-02T18:00:00.000Z';

async function seededDemo(): Promise<TDatabase> {
  const db = await openEmbeddedDatabase();
  const clock = createManualClock(NOW);
  const system = { db, ports: { clock } as never, log: { debug() {}, info() {}, warn() {}, error() {} } };
  await seedTeam(system);
  await seedLeads(system);
  return db;
}

let db: TDatabase;
let leads: TLeadRecord[];
let communications: TCommunicationRecord[];
beforeAll(async () => {
  db = await seededDemo();
  leads = await db.collection<TLeadRecord>('leads').find({}, { sort: { _id: 1 } }).toArray();
  communications = await db.collection<TCommunicationRecord>('communications').find({}).toArray();
});

describe('the demo leads seed', () => {
  it('has over 200 leads in every status and from every source, Texan, valid as API input', () => {
    expect(leads.length).toBeGreaterThanOrEqual(200);
    expect(new Set(leads.map((lead) => lead.status))).toEqual(new Set(LEAD_STATUSES));
    expect(new Set(leads.map((lead) => lead.source))).toEqual(new Set(LEAD_SOURCES));
    expect(new Set(leads.map((lead) => lead.address?.city))).toEqual(new Set(['Austin', 'San Antonio', 'Houston', 'Dallas']));
    expect(new Set(leads.map((lead) => lead.phone)).size).toBe(leads.length);
    for (const lead of leads) {
      expect(ZAddress.safeParse(lead.address).success).toBe(true);
      expect(lead.phone).toMatch(/^\+1\d{10}$/);
      expect(ZCreateLeadRequest.safeParse({ first_name: lead.first_name, last_name: lead.last_name, tags: lead.tags, notes: lead.notes.slice(0, 10_000) }).success).toBe(true);
      expect(lead.search_tokens.length).toBeGreaterThan(0);
    }
  });

  it('spreads leads over both reps and leaves some unassigned', () => {
    const counts = new Map<string | null, number>();
    for (const lead of leads) counts.set(lead.assigned_to, (counts.get(lead.assigned_to) ?? 0) + 1);
    expect(counts.get('demo-rep')).toBeGreaterThan(40);
    expect(counts.get('demo-rep-2')).toBeGreaterThan(40);
    expect(counts.get(null)).toBeGreaterThan(5);
  });

  it('gives every lead a status history the pipeline allows, in time order, ending in its status', () => {
    for (const lead of leads) {
      const history = lead.status_history;
      expect(history[0]).toMatchObject({ from: null, to: 'new' });
      expect(history.at(-1)?.to).toBe(lead.status);
      history.slice(1).forEach((entry, index) => {
        const previous = history[index];
        expect(entry.from).toBe(previous?.to);
        expect(LEAD_TRANSITIONS[entry.from ?? 'new']).toContain(entry.to);
        expect(entry.at.getTime()).toBeGreaterThanOrEqual(previous?.at.getTime() ?? 0);
      });
      expect(lead.created_at.getTime()).toBe(history[0]?.at.getTime());
      expect(lead.updated_at.getTime()).toBeLessThanOrEqual(new Date(NOW).getTime());
      expect(lead.created_at.getTime()).toBeGreaterThan(new Date(NOW).getTime() - 125 * 86_400_000);
      if (lead.status === 'lost') expect(lead.lost_reason).toBeTruthy();
    }
  });

  it('puts appointments and an accepted offer on every lead under contract or closed', () => {
    for (const lead of leads.filter((candidate) => ['under_contract', 'closed'].includes(candidate.status))) {
      expect(lead.appointments.some((appointment) => appointment.outcome === 'completed')).toBe(true);
      expect(lead.offers.some((offer) => offer.status === 'accepted')).toBe(true);
    }
    expect(leads.filter((lead) => lead.status === 'qualified' && lead.appointments.length > 0).length).toBeGreaterThan(10);
  });

  it('has about 300 messages and calls, only on contacted leads, matching each lead’s count and last contact', () => {
    expect(communications.length).toBeGreaterThan(250);
    expect(communications.length).toBeLessThan(400);
    expect(new Set(communications.map((message) => `${message.channel}/${message.direction}`))).toEqual(new Set(['sms/inbound', 'sms/outbound', 'call/inbound', 'call/outbound']));
    for (const lead of leads) {
      const mine = communications.filter((message) => message.lead_id === lead._id);
      const contacted = lead.status_history.some((entry) => entry.to === 'contacted');
      expect(mine.length).toBe(lead.communication_count);
      if (!contacted) expect(mine).toEqual([]);
      if (contacted) {
        expect(mine.length).toBeGreaterThan(0);
        expect(lead.last_contacted?.getTime()).toBe(Math.max(...mine.map((message) => message.created_at.getTime())));
        expect(lead.first_contacted_at?.getTime()).toBe(Math.min(...mine.map((message) => message.created_at.getTime())));
      }
    }
  });

  it('writes a timeline entry for each status change and each message', async () => {
    const activities = db.collection<TActivityRecord>('activities');
    expect(await activities.countDocuments({ type: 'status_changed' })).toBe(leads.reduce((sum, lead) => sum + lead.status_history.length - 1, 0));
    expect(await activities.countDocuments({ type: 'communication' })).toBe(communications.length);
    expect(await activities.countDocuments({ at: { $gt: new Date(NOW) } })).toBe(0);
    for (const type of ['created', 'note', 'appointment', 'offer', 'ai', 'follow_up', 'assigned'] as const) expect(await activities.countDocuments({ type }), type).toBeGreaterThan(0);
  });

  it('has follow-ups overdue, due later today, upcoming and done, and a few notifications', async () => {
    const followUps = await db.collection<TFollowUpRecord>('follow_ups').find({}).toArray();
    const now = new Date(NOW).getTime();
    const { end } = zonedDayOf(new Date(NOW), 'America/Chicago');
    const open = followUps.filter((followUp) => !followUp.done);
    expect(open.filter((followUp) => followUp.due_at.getTime() < now).length).toBeGreaterThanOrEqual(3);
    expect(open.filter((followUp) => followUp.due_at.getTime() >= now && followUp.due_at.getTime() <= end.getTime()).length).toBeGreaterThanOrEqual(3);
    expect(open.filter((followUp) => followUp.due_at.getTime() > end.getTime()).length).toBeGreaterThanOrEqual(3);
    expect(followUps.filter((followUp) => followUp.done).length).toBeGreaterThanOrEqual(3);
    expect(new Set(followUps.map((followUp) => followUp.assigned_to))).toEqual(new Set(['demo-rep', 'demo-rep-2', 'demo-admin', 'demo-dispo']));
    const notifications = await db.collection<TNotificationRecord>('notifications').find({}).toArray();
    expect(notifications.length).toBeGreaterThanOrEqual(5);
    expect(new Set(notifications.map((notification) => notification.kind))).toEqual(new Set(['follow_up_overdue', 'lead_assigned', 'message_received', 'system', 'report']));
  });

  it('keeps lead ids and statuses stable for the deals seed, install after install', async () => {
    expect(demoLeadsByStatus('under_contract')).toHaveLength(20);
    expect(demoLeadsByStatus('closed')).toHaveLength(25);
    for (const id of demoLeadsByStatus('closed')) expect(leads.find((lead) => lead._id === id)?.status).toBe('closed');
    expect(DEMO_LEADS[0]?.id).toBe('ld_demo_001');
    const again = await (await seededDemo()).collection<TLeadRecord>('leads').find({}, { sort: { _id: 1 } }).toArray();
    expect(again).toEqual(leads);
  });
});
