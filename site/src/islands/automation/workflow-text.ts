import type { TAction, TStep, TTrigger } from '../../../../shared/automation/workflow.schemas.ts';

const words = (value: string) => value.replace(/_/g, ' ');

/** One line for a trigger ("Lead status changes to qualified"). */
export function triggerSummary(trigger: TTrigger): string {
  switch (trigger.type) {
    case 'lead_created':
      return 'A lead is created';
    case 'lead_status_changed':
    case 'deal_status_changed': {
      const what = trigger.type === 'lead_status_changed' ? 'Lead' : 'Deal';
      return `${what} status changes${trigger.from ? ` from ${words(trigger.from)}` : ''}${trigger.to ? ` to ${words(trigger.to)}` : ''}`;
    }
    case 'communication_received':
      return trigger.missed_call_only ? 'A call is missed' : `A ${trigger.channel ?? 'message'} is received`;
    case 'communication_sent':
      return `A ${trigger.channel ?? 'message'} is sent`;
    case 'follow_up_overdue':
      return 'A follow-up becomes overdue';
    case 'scheduled':
      return `On schedule ${trigger.cron} (${trigger.time_zone})`;
  }
}

const ACTION_TEXT: Record<TAction['kind'], string> = {
  send_sms: 'Send a text',
  send_email: 'Send an email',
  assign_lead: 'Assign the lead',
  update_status: 'Change the status',
  add_tag: 'Add a tag',
  create_follow_up: 'Create a follow-up',
  notify: 'Notify the rep',
  deal_blast: 'Send the deal to buyers',
};

/** The title a step card shows: its name, else what it does. */
export function stepTitle(step: TStep): string {
  if (step.name) return step.name;
  switch (step.type) {
    case 'action':
      return ACTION_TEXT[step.action.kind];
    case 'condition':
      return 'Condition';
    case 'delay':
      return step.delay.mode === 'duration' ? `Wait ${duration(step.delay.amount, step.delay.unit)}` : 'Wait for business hours';
    case 'notification':
      return `Notify by ${words(step.channel)}`;
  }
}

/** A short description under the title. */
export function stepSummary(step: TStep): string {
  switch (step.type) {
    case 'action': {
      const { action } = step;
      if (action.kind === 'send_sms' || action.kind === 'send_email') return action.body;
      if (action.kind === 'update_status') return `To ${words(action.status)}`;
      if (action.kind === 'add_tag') return `Tag “${action.tag}”`;
      if (action.kind === 'create_follow_up') return `${action.title}, due in ${duration(action.due_in.amount, action.due_in.unit)}`;
      if (action.kind === 'assign_lead') return action.to.mode === 'user' ? 'To one person' : `Round robin (${words(action.to.role)})`;
      if (action.kind === 'notify') return action.title;
      return `By ${action.channels.join(' and ')}`;
    }
    case 'condition':
      return step.conditions.map(conditionText).join(' and ');
    case 'delay':
      return step.delay.mode === 'duration' ? duration(step.delay.amount, step.delay.unit) : 'Mon–Fri 09:00–17:00, lead’s time zone';
    case 'notification':
      return `${step.title} → ${step.to.kind === 'role' ? words(step.to.role) : step.to.kind === 'user' ? 'a user' : 'the assignee'}`;
  }
}

export function conditionText(condition: Extract<TStep, { type: 'condition' }>['conditions'][number]): string {
  switch (condition.kind) {
    case 'value':
      return `value ${condition.operator} $${condition.value.toLocaleString('en-US')}`;
    case 'source':
    case 'status':
      return `${condition.kind} ${condition.operator === 'in' ? 'is' : 'is not'} ${condition.values.map(words).join(' or ')}`;
    case 'tag':
      return `${condition.operator === 'has' ? 'has' : 'does not have'} tag “${condition.tag}”`;
    case 'communication_count':
      return `${condition.direction === 'any' ? '' : `${condition.direction} `}messages ${condition.operator} ${condition.value}`;
    case 'replied_since':
      return `replied since “${condition.step_id}”`;
    case 'field':
      return `${words(condition.field)} ${words(condition.operator)}${condition.value === undefined ? '' : ` ${String(condition.value)}`}`;
  }
}

/** `1 day`, `3 days`: units are stored plural. */
function duration(amount: number, unit: string): string {
  return `${amount} ${amount === 1 ? unit.replace(/s$/, '') : unit}`;
}
