import type { TAction, TCondition, TStep, TStepType, TTrigger } from '../../../../shared/automation/workflow.schemas.ts';

/** A new step of a type, with defaults the schema accepts (the builder then edits it). */
export function newStep(type: TStepType, id: string): TStep {
  switch (type) {
    case 'action':
      return { id, name: '', type, action: defaultAction('send_sms'), next: null };
    case 'condition':
      return { id, name: '', type, conditions: [defaultCondition('status')], on_true: 'end', on_false: 'end' };
    case 'delay':
      return { id, name: '', type, delay: { mode: 'duration', amount: 1, unit: 'days' }, next: null };
    case 'notification':
      return { id, name: '', type, channel: 'in_app', to: { kind: 'assignee' }, title: 'Workflow update', body: '', next: null };
  }
}

export function defaultAction(kind: TAction['kind']): TAction {
  switch (kind) {
    case 'send_sms':
      return { kind, body: 'Hi {{first_name|there}}, ' };
    case 'send_email':
      return { kind, subject: 'About {{property_street|your property}}', body: 'Hi {{first_name|there}},\n\n' };
    case 'assign_lead':
      return { kind, to: { mode: 'round_robin', user_ids: [], role: 'acquisition_rep' } };
    case 'update_status':
      return { kind, status: 'contacted' };
    case 'add_tag':
      return { kind, tag: 'workflow' };
    case 'create_follow_up':
      return { kind, title: 'Call the seller', due_in: { amount: 1, unit: 'days' } };
    case 'notify':
      return { kind, title: 'Heads-up', body: '' };
    case 'deal_blast':
      return { kind, channels: ['sms', 'email'], min_score: 50, limit: 50 };
  }
}

export function defaultCondition(kind: TCondition['kind']): TCondition {
  switch (kind) {
    case 'value':
      return { kind, operator: 'gte', value: 250_000 };
    case 'source':
      return { kind, operator: 'in', values: ['direct_mail'] };
    case 'status':
      return { kind, operator: 'in', values: ['new'] };
    case 'tag':
      return { kind, operator: 'has', tag: 'hot' };
    case 'communication_count':
      return { kind, operator: 'gte', value: 1, direction: 'inbound' };
    case 'replied_since':
      return { kind, step_id: 'end' };
    case 'field':
      return { kind, field: 'first_name', operator: 'is_not_empty' };
  }
}

export function defaultTrigger(type: TTrigger['type']): TTrigger {
  switch (type) {
    case 'lead_status_changed':
    case 'deal_status_changed':
      return { type, from: null, to: null, conditions: [] };
    case 'communication_received':
      return { type, channel: null, missed_call_only: false, conditions: [] };
    case 'communication_sent':
      return { type, channel: null, conditions: [] };
    case 'scheduled':
      return { type, cron: '0 9 * * 1', time_zone: 'America/Chicago', per_lead: true, max_leads: 500, conditions: [] };
    default:
      return { type, conditions: [] };
  }
}

/** The next free `s<n>` id. */
export function freeStepId(steps: readonly TStep[]): string {
  const taken = new Set(steps.map((step) => step.id));
  let index = steps.length + 1;
  while (taken.has(`s${index}`)) index += 1;
  return `s${index}`;
}
