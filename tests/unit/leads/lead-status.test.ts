import { describe, expect, it } from 'vitest';
import type { TRole } from '../../../shared/auth/principal.ts';
import { isAppError } from '../../../shared/errors/app-error.ts';
import { changeLeadStatus } from '../../../shared/leads/change-lead-status.ts';
import { createLead } from '../../../shared/leads/create-lead.ts';
import type { TLeadStatus } from '../../../shared/leads/lead.constants.ts';
import type { TActivityRecord } from '../../../shared/activities/activity-record.ts';
import { assertLeadTransition, assertManualLeadTransition } from '../../../shared/leads/lead-transitions.ts';
import { createServiceWorld } from '../../support/service-context.ts';

const codeOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    return isAppError(error) ? error.code : 'unexpected';
  }
};

describe('the lead pipeline', () => {
  it.each<[TLeadStatus, TLeadStatus, TRole, string | undefined, string | undefined]>([
    ['new', 'contacted', 'acquisition_rep', undefined, undefined],
    ['new', 'qualified', 'acquisition_rep', undefined, undefined],
    ['contacted', 'qualified', 'admin', undefined, undefined],
    ['qualified', 'under_contract', 'disposition_manager', undefined, undefined],
    ['under_contract', 'closed', 'disposition_manager', undefined, undefined],
    ['under_contract', 'qualified', 'disposition_manager', undefined, undefined],
    ['new', 'lost', 'acquisition_rep', 'Sold to another investor', undefined],
    ['qualified', 'lost', 'acquisition_rep', undefined, 'invalid'],
    ['new', 'lost', 'acquisition_rep', '   ', 'invalid'],
    ['lost', 'contacted', 'admin', undefined, undefined],
    ['lost', 'contacted', 'acquisition_rep', undefined, 'forbidden'],
    ['qualified', 'new', 'admin', undefined, 'conflict'],
    ['contacted', 'new', 'admin', undefined, 'conflict'],
    ['new', 'closed', 'admin', undefined, 'conflict'],
    ['closed', 'lost', 'admin', 'Mistake', 'conflict'],
    ['new', 'contacted', 'executive', undefined, 'forbidden'],
    ['new', 'contacted', 'disposition_manager', undefined, 'forbidden'],
  ])('%s → %s by %s (reason %j) answers %s', (from, to, role, reason, expected) => {
    expect(codeOf(() => assertLeadTransition(from, to, role, reason))).toBe(expected);
  });

  it.each<[TLeadStatus, TLeadStatus, boolean, string | undefined]>([
    ['qualified', 'under_contract', false, 'conflict'],
    ['under_contract', 'closed', false, 'conflict'],
    ['under_contract', 'qualified', true, 'conflict'],
    ['under_contract', 'lost', true, 'conflict'],
    ['under_contract', 'lost', false, undefined],
    ['contacted', 'qualified', false, undefined],
  ])('by hand, %s → %s (open deal: %s) answers %s', (from, to, hasOpenDeal, expected) => {
    expect(codeOf(() => assertManualLeadTransition(from, to, hasOpenDeal))).toBe(expected);
  });
});

describe('createLead, as inbound messages call it', () => {
  it('stores an unassigned new lead for the system and publishes lead_created', async () => {
    const world = await createServiceWorld();
    const system = await world.member('admin', 'twilio');
    const lead = await createLead(system, { first_name: 'Unknown caller', phone: '+1 512 555 0188', source: 'inbound_call' });
    expect(lead).toMatchObject({ status: 'new', assigned_to: null, phone: '+15125550188', source: 'inbound_call', created_by: 'twilio' });
    expect(world.events).toEqual([expect.objectContaining({ type: 'lead_created', actor: 'twilio', subject: { kind: 'lead', id: lead._id } })]);
    await expect(createLead(system, { first_name: 'Again', phone: '512-555-0188', source: 'inbound_call' })).rejects.toMatchObject({
      code: 'conflict',
      extensions: { existing_lead_id: lead._id, matched_on: ['phone'] },
    });
  });
});

describe('changeLeadStatus, as deals call it', () => {
  it('records who moved the lead when, from and to, on the lead, its timeline and as an event', async () => {
    const world = await createServiceWorld();
    const rep = await world.member('acquisition_rep');
    const lead = await createLead(rep, { first_name: 'Ada', last_name: 'Moss', phone: '512-555-0101', source: 'direct_mail' });
    world.clock.advance(60_000);
    const contacted = await changeLeadStatus(rep, lead._id, { status: 'contacted' });
    const dispo = await world.member('disposition_manager');
    world.clock.advance(60_000);
    await changeLeadStatus(rep, lead._id, { status: 'qualified' });
    const underContract = await changeLeadStatus(dispo, lead._id, { status: 'under_contract' });

    expect(contacted.first_contacted_at).toEqual(new Date('2026-03-02T09:01:00.000Z'));
    expect(underContract.status).toBe('under_contract');
    expect(underContract.status_history.map(({ from, to, by }) => ({ from, to, by }))).toEqual([
      { from: null, to: 'new', by: rep.principal.uid },
      { from: 'new', to: 'contacted', by: rep.principal.uid },
      { from: 'contacted', to: 'qualified', by: rep.principal.uid },
      { from: 'qualified', to: 'under_contract', by: dispo.principal.uid },
    ]);
    const events = world.events.filter((event) => event.type === 'lead_status_changed').map((event) => event.data);
    expect(events).toEqual([
      expect.objectContaining({ from: 'new', to: 'contacted' }),
      expect.objectContaining({ from: 'contacted', to: 'qualified' }),
      expect.objectContaining({ from: 'qualified', to: 'under_contract' }),
    ]);
    const timeline = await world.db.collection<TActivityRecord>('activities').find({ 'subject.id': lead._id, type: 'status_changed' }).toArray();
    expect(timeline.map((entry) => entry.summary)).toEqual(['Status New → Contacted', 'Status Contacted → Qualified', 'Status Qualified → Under contract']);
  });

  it('changes nothing when the lead already has the status (a retried deal step is harmless)', async () => {
    const world = await createServiceWorld();
    const admin = await world.member('admin');
    const lead = await createLead(admin, { first_name: 'Bo', source: 'other' });
    await changeLeadStatus(admin, lead._id, { status: 'qualified' });
    const again = await changeLeadStatus(admin, lead._id, { status: 'qualified' });
    expect(again.status_history).toHaveLength(2);
    expect(world.events.filter((event) => event.type === 'lead_status_changed')).toHaveLength(1);
  });

  it('keeps the lost reason while lost and clears it when an admin reopens the lead', async () => {
    const world = await createServiceWorld();
    const admin = await world.member('admin');
    const lead = await createLead(admin, { first_name: 'Cy', source: 'other' });
    const lost = await changeLeadStatus(admin, lead._id, { status: 'lost', reason: 'Listed with an agent' });
    expect(lost).toMatchObject({ status: 'lost', lost_reason: 'Listed with an agent' });
    expect(lost.status_history.at(-1)).toMatchObject({ reason: 'Listed with an agent' });
    const reopened = await changeLeadStatus(admin, lead._id, { status: 'contacted' });
    expect(reopened).toMatchObject({ status: 'contacted', lost_reason: null });
  });

  it("does not find another rep's lead for a rep", async () => {
    const world = await createServiceWorld();
    const owner = await world.member('acquisition_rep');
    const other = await world.member('acquisition_rep');
    const lead = await createLead(owner, { first_name: 'Di', source: 'other' });
    await expect(changeLeadStatus(other, lead._id, { status: 'contacted' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
