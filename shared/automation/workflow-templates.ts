import { z } from 'zod';
import { ZWorkflowDefinition } from './workflow.schemas.ts';
import type { TWorkflowDefinition, TWorkflowDefinitionInput } from './workflow.schemas.ts';

/** A workflow shipped with the product; "create from template" copies its definition into a draft. */
export interface TWorkflowTemplate {
  id: string;
  name: string;
  /** One line for the template picker. */
  description: string;
  definition: TWorkflowDefinitionInput;
}

export const ZWorkflowTemplate = z.object({ id: z.string(), name: z.string(), description: z.string(), definition: ZWorkflowDefinition });

const week = (amount: number) => ({ mode: 'duration' as const, amount, unit: 'days' as const });

/** The six templates of the automation issue. Texts use merge fields with fallbacks so they never read "Hi ,". */
export const WORKFLOW_TEMPLATES: readonly TWorkflowTemplate[] = [
  {
    id: 'speed_to_lead',
    name: 'Speed to lead',
    description: 'Texts every new lead within a minute and tells their rep.',
    definition: {
      name: 'Speed to lead',
      description: 'A text to each new lead as soon as it arrives, and a heads-up for the assigned rep.',
      trigger: { type: 'lead_created' },
      entry_step_id: 'text_lead',
      steps: [
        { id: 'text_lead', name: 'Text the lead', type: 'action', action: { kind: 'send_sms', body: 'Hi {{first_name|there}}, this is {{rep_first_name|the team}} with {{company_name}}. Thanks for reaching out about {{property_street|your property}} — is now a good time to talk?' }, next: 'tell_rep' },
        { id: 'tell_rep', name: 'Tell the rep', type: 'notification', channel: 'in_app', to: { kind: 'assignee' }, title: 'New lead texted', body: 'Speed to lead sent the first text. Call them next.', next: null },
      ],
    },
  },
  {
    id: 'missed_call_text_back',
    name: 'Missed-call text-back',
    description: 'Texts a caller back right away when nobody picked up.',
    definition: {
      name: 'Missed-call text-back',
      description: 'When a call to one of our numbers goes unanswered, the caller gets a text at once.',
      trigger: { type: 'communication_received', channel: 'call', missed_call_only: true },
      entry_step_id: 'text_back',
      stop_on_reply: false,
      steps: [
        { id: 'text_back', name: 'Text back', type: 'action', action: { kind: 'send_sms', body: 'Sorry we missed your call! This is {{rep_first_name|the team}} with {{company_name}}. How can we help with {{property_street|your property}}?' }, next: 'tell_rep' },
        { id: 'tell_rep', name: 'Tell the rep', type: 'action', action: { kind: 'notify', title: 'Missed call — texted back', body: 'Call them back when you can.' }, next: null },
      ],
    },
  },
  {
    id: 'seller_drip_4_weeks',
    name: '4-week seller drip',
    description: 'A text a week for four weeks to new sellers; stops as soon as they reply.',
    definition: {
      name: '4-week seller drip',
      description: 'Weekly check-ins for four weeks. A reply from the seller ends it (stop-on-reply).',
      trigger: { type: 'lead_created' },
      entry_step_id: 'week_1',
      stop_on_reply: true,
      steps: [
        { id: 'week_1', name: 'Week 1 text', type: 'action', action: { kind: 'send_sms', body: 'Hi {{first_name|there}}, {{rep_first_name|we}} at {{company_name}} can make a fair cash offer on {{property_street|your property}}, as-is. Any questions?' }, next: 'wait_1' },
        { id: 'wait_1', name: 'Wait a week', type: 'delay', delay: week(7), next: 'week_2' },
        { id: 'week_2', name: 'Week 2 text', type: 'action', action: { kind: 'send_sms', body: 'Hi {{first_name|there}}, just checking in — still thinking about selling {{property_street|your property}}? No repairs, no fees.' }, next: 'wait_2' },
        { id: 'wait_2', name: 'Wait a week', type: 'delay', delay: week(7), next: 'week_3' },
        { id: 'week_3', name: 'Week 3 text', type: 'action', action: { kind: 'send_sms', body: '{{first_name|Hi}}, we can close on your timeline, even in 2 weeks. Want a no-obligation offer?' }, next: 'wait_3' },
        { id: 'wait_3', name: 'Wait a week', type: 'delay', delay: week(7), next: 'week_4' },
        { id: 'week_4', name: 'Week 4 text', type: 'action', action: { kind: 'send_sms', body: 'Last note from {{company_name}}, {{first_name|there}}: if selling {{property_street|the property}} is ever on your mind, just reply here.' }, next: 'tag_cold' },
        { id: 'tag_cold', name: 'Tag as drip done', type: 'action', action: { kind: 'add_tag', tag: 'drip-complete' }, next: null },
      ],
    },
  },
  {
    id: 'hot_lead_alert',
    name: 'Hot-lead alert',
    description: 'Alerts the acquisitions manager when a high-value lead qualifies.',
    definition: {
      name: 'Hot-lead alert',
      description: 'A lead that becomes qualified with a property worth $250k or more alerts the admins (acquisitions manager) by text and in the app.',
      trigger: { type: 'lead_status_changed', to: 'qualified', conditions: [{ kind: 'value', operator: 'gte', value: 250_000 }] },
      entry_step_id: 'tag_hot',
      steps: [
        { id: 'tag_hot', name: 'Tag hot', type: 'action', action: { kind: 'add_tag', tag: 'hot' }, next: 'alert_app' },
        { id: 'alert_app', name: 'Alert in the app', type: 'notification', channel: 'in_app', to: { kind: 'role', role: 'admin' }, title: 'Hot lead qualified', body: 'A high-value lead just qualified: make the offer today.', next: 'alert_sms' },
        { id: 'alert_sms', name: 'Alert by text', type: 'notification', channel: 'sms', to: { kind: 'role', role: 'admin' }, title: 'Hot lead qualified', body: 'Make the offer today.', next: null },
      ],
    },
  },
  {
    id: 'deal_blast_on_marketing',
    name: 'Deal blast',
    description: 'Sends a deal to its matched buyers when it goes on the market.',
    definition: {
      name: 'Deal blast',
      description: 'When a deal enters marketing, its matched cash buyers get it by text and email.',
      trigger: { type: 'deal_status_changed', to: 'marketing' },
      entry_step_id: 'blast',
      stop_on_reply: false,
      steps: [
        { id: 'blast', name: 'Blast to buyers', type: 'action', action: { kind: 'deal_blast', channels: ['sms', 'email'] }, next: 'tell_dispo' },
        { id: 'tell_dispo', name: 'Tell disposition', type: 'notification', channel: 'in_app', to: { kind: 'role', role: 'disposition_manager' }, title: 'Deal sent to buyers', body: 'Watch the replies in the inbox.', next: null },
      ],
    },
  },
  {
    id: 'overdue_follow_up_nudge',
    name: 'Overdue follow-up nudge',
    description: 'Nudges the rep when a follow-up is overdue, and the admins a day later if the seller has not answered.',
    definition: {
      name: 'Overdue follow-up nudge',
      description: 'An overdue follow-up nudges its lead’s rep; if the seller has not answered a day later, the admins hear about it.',
      trigger: { type: 'follow_up_overdue' },
      entry_step_id: 'nudge',
      stop_on_reply: false,
      steps: [
        { id: 'nudge', name: 'Nudge the rep', type: 'action', action: { kind: 'notify', title: 'Follow-up overdue', body: 'A seller is waiting on you.' }, next: 'wait_day' },
        { id: 'wait_day', name: 'Wait a day', type: 'delay', delay: { mode: 'duration', amount: 1, unit: 'days' }, next: 'replied' },
        { id: 'replied', name: 'Seller answered since?', type: 'condition', conditions: [{ kind: 'replied_since', step_id: 'nudge' }], on_true: 'end', on_false: 'escalate' },
        { id: 'escalate', name: 'Tell the admins', type: 'notification', channel: 'in_app', to: { kind: 'role', role: 'admin' }, title: 'Follow-up still overdue', body: 'A rep has not contacted a seller a day after the follow-up was due.', next: null },
      ],
    },
  },
];

export const findTemplate = (id: string): TWorkflowTemplate | undefined => WORKFLOW_TEMPLATES.find((template) => template.id === id);

/** The templates with their definitions complete (defaults filled in), as the API and the builder show them. */
export const listWorkflowTemplates = (): (Omit<TWorkflowTemplate, 'definition'> & { definition: TWorkflowDefinition })[] =>
  WORKFLOW_TEMPLATES.map((template) => ({ ...template, definition: ZWorkflowDefinition.parse(template.definition) }));
