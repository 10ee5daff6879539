import { describe, expect, it } from 'vitest';
import type { TFollowUpRecord } from '../../../shared/follow-ups/follow-up-record.ts';
import { scanOverdueFollowUps } from '../../../shared/follow-ups/scan-overdue-follow-ups.ts';
import type { TJobContext } from '../../../shared/jobs/job-definition.ts';
import type { TNotificationRecord } from '../../../shared/notifications/notification-record.ts';
import { createServiceWorld } from '../../support/service-context.ts';

describe('follow-ups.overdue-scan', () => {
  it('announces each overdue follow-up once: a notification for its assignee and a follow_up_overdue event', async () => {
    const world = await createServiceWorld();
    const rep = await world.member('acquisition_rep', 'rep-1');
    const system = await world.member('admin', 'system');
    const context: TJobContext = { system: { db: world.db, ports: rep.ports, log: rep.log }, forTenant: async () => system, messageId: 'm1', attempt: 1, publishTime: world.clock.now(), publicUrl: 'http://localhost:8080' };
    const now = world.clock.now();
    const followUp = (id: string, dueInMinutes: number, done = false): TFollowUpRecord => ({
      _id: id,
      tenant_id: world.tenant._id,
      title: `Task ${id}`,
      due_at: new Date(now.getTime() + dueInMinutes * 60_000),
      assigned_to: 'rep-1',
      lead_id: null,
      deal_id: null,
      done,
      done_at: null,
      notes: '',
      overdue_notified_at: null,
      created_by: 'rep-1',
      created_at: now,
      updated_at: now,
    });
    await world.db.collection<TFollowUpRecord>('follow_ups').insertMany([followUp('fu_late', -10), followUp('fu_done', -10, true), followUp('fu_later', 30)]);

    expect(await scanOverdueFollowUps(context)).toEqual({ notified: 1 });
    expect(await scanOverdueFollowUps(context)).toEqual({ notified: 0 });
    const notifications = await world.db.collection<TNotificationRecord>('notifications').find({}).toArray();
    expect(notifications).toEqual([expect.objectContaining({ user_id: 'rep-1', kind: 'follow_up_overdue', title: 'Overdue: Task fu_late', href: '/' })]);
    expect(world.events).toEqual([expect.objectContaining({ type: 'follow_up_overdue', subject: { kind: 'follow_up', id: 'fu_late' } })]);

    // Marked after a crash-free run; were the mark lost, the notification would still not repeat.
    await world.db.collection<TFollowUpRecord>('follow_ups').updateOne({ _id: 'fu_late' }, { $set: { overdue_notified_at: null } });
    await scanOverdueFollowUps(context);
    expect(await world.db.collection<TNotificationRecord>('notifications').countDocuments({})).toBe(1);
  });
});
