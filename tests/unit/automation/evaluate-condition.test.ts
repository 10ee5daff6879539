import { describe, expect, it } from 'vitest';
import { nextBusinessHours } from '../../../shared/automation/business-hours.ts';
import { evaluateCondition } from '../../../shared/automation/evaluate-condition.ts';
import type { TConditionFacts } from '../../../shared/automation/evaluate-condition.ts';
import { ZCondition } from '../../../shared/automation/workflow.schemas.ts';
import type { TLeadRecord } from '../../../shared/leads/lead-record.ts';

const started = new Date('2030-03-04T16:00:00Z');
const lead = {
  _id: 'ld_1',
  first_name: 'Maria',
  status: 'contacted',
  source: 'direct_mail',
  estimated_value: 310_000,
  tags: ['Probate'],
  auto_tags: ['motivated'],
  assigned_to: null,
  email: null,
  address: { city: 'Austin', state: 'TX', zip: '78704' },
  created_at: new Date('2030-03-01T12:00:00Z'),
} as unknown as TLeadRecord;

const facts = (overrides: Partial<TConditionFacts> = {}): TConditionFacts => ({
  lead,
  communications: { inbound: 2, outbound: 5 },
  lastReplyAt: null,
  stepRanAt: (stepId) => (stepId === 'text_1' ? new Date('2030-03-04T16:05:00Z') : null),
  startedAt: started,
  ...overrides,
});

const cases: [string, unknown, boolean, Partial<TConditionFacts>?][] = [
  ['value at least 250k', { kind: 'value', operator: 'gte', value: 250_000 }, true],
  ['value below 250k', { kind: 'value', operator: 'lt', value: 250_000 }, false],
  ['source in a list', { kind: 'source', operator: 'in', values: ['direct_mail', 'ppc'] }, true],
  ['source not in a list', { kind: 'source', operator: 'not_in', values: ['direct_mail'] }, false],
  ['status in', { kind: 'status', operator: 'in', values: ['contacted'] }, true],
  ['tag, any case, manual or automatic', { kind: 'tag', operator: 'has', tag: 'probate' }, true],
  ['automatic tag', { kind: 'tag', operator: 'has', tag: 'Motivated' }, true],
  ['missing tag', { kind: 'tag', operator: 'not_has', tag: 'vacant' }, true],
  ['messages both ways', { kind: 'communication_count', operator: 'eq', value: 7 }, true],
  ['inbound messages only', { kind: 'communication_count', operator: 'gte', value: 3, direction: 'inbound' }, false],
  ['no reply at all', { kind: 'replied_since', step_id: 'text_1' }, false],
  ['a reply after the step ran', { kind: 'replied_since', step_id: 'text_1' }, true, { lastReplyAt: new Date('2030-03-05T10:00:00Z') }],
  ['a reply before the step ran', { kind: 'replied_since', step_id: 'text_1' }, false, { lastReplyAt: new Date('2030-03-04T16:01:00Z') }],
  ['since a step that has not run: since the start', { kind: 'replied_since', step_id: 'later' }, true, { lastReplyAt: new Date('2030-03-04T16:01:00Z') }],
  ['field equals, any case', { kind: 'field', field: 'address.city', operator: 'eq', value: 'austin' }, true],
  ['field contains', { kind: 'field', field: 'first_name', operator: 'contains', value: 'ari' }, true],
  ['array field contains', { kind: 'field', field: 'tags', operator: 'contains', value: 'probate' }, true],
  ['empty field', { kind: 'field', field: 'email', operator: 'is_empty' }, true],
  ['not empty field', { kind: 'field', field: 'assigned_to', operator: 'is_not_empty' }, false],
  ['number field compared', { kind: 'field', field: 'estimated_value', operator: 'gt', value: 300_000 }, true],
  ['date field compared with an ISO date', { kind: 'field', field: 'created_at', operator: 'lt', value: '2030-03-02T00:00:00Z' }, true],
  ['a text compared as a number is false', { kind: 'field', field: 'first_name', operator: 'gt', value: 3 }, false],
];

describe('evaluateCondition', () => {
  it.each(cases)('%s', (_name, condition, expected, overrides) => {
    expect(evaluateCondition(ZCondition.parse(condition), facts(overrides))).toBe(expected);
  });

  it('treats lead conditions as false without a lead', () => {
    expect(evaluateCondition(ZCondition.parse({ kind: 'value', operator: 'gte', value: 0 }), facts({ lead: null }))).toBe(false);
  });
});

describe('nextBusinessHours', () => {
  it.each([
    ['inside hours: now', '2030-03-04T16:00:00Z', '2030-03-04T16:00:00.000Z'],
    ['Monday evening in Chicago: Tuesday 09:00', '2030-03-05T00:30:00Z', '2030-03-05T15:00:00.000Z'],
    ['early Monday: 09:00 the same day', '2030-03-04T12:00:00Z', '2030-03-04T15:00:00.000Z'],
    ['Friday evening: Monday 09:00', '2030-03-09T01:00:00Z', '2030-03-11T14:00:00.000Z'],
  ])('%s', (_name, at, expected) => {
    expect(nextBusinessHours(new Date(at), 'America/Chicago').toISOString()).toBe(expected);
  });
});
