import { useEffect, useRef, useState } from 'react';
import { ROLES } from '../../../../shared/auth/principal.ts';
import { MERGE_FIELDS } from '../../../../shared/communications/merge-fields.ts';
import { DEAL_STATUSES } from '../../../../shared/deals/deal.constants.ts';
import { LEAD_SOURCES, LEAD_STATUSES } from '../../../../shared/leads/lead.constants.ts';
import type { TGraphIssue } from '../../../../shared/automation/validate-workflow-graph.ts';
import type { TAction, TAudience, TCondition, TStep, TTrigger } from '../../../../shared/automation/workflow.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Checkbox, Input, Select, Textarea, type TOption } from '../../components/field.tsx';
import { loadAssignees, type TAssignee } from '../../lib/assignees.ts';
import { label } from '../../lib/format.ts';
import { defaultAction, defaultCondition, defaultTrigger } from './step-defaults.ts';

const options = (values: readonly string[]): TOption[] => values.map((value) => ({ value, label: label(value) }));
const ANY = { value: '', label: 'Any' };
const ACTIONS: TOption[] = [
  { value: 'send_sms', label: 'Send a text' },
  { value: 'send_email', label: 'Send an email' },
  { value: 'assign_lead', label: 'Assign the lead' },
  { value: 'update_status', label: 'Change the lead’s status' },
  { value: 'add_tag', label: 'Add a tag' },
  { value: 'create_follow_up', label: 'Create a follow-up' },
  { value: 'notify', label: 'Notify the lead’s rep (in-app)' },
  { value: 'deal_blast', label: 'Send the deal to matched buyers' },
];
const CONDITIONS: TOption[] = [
  { value: 'status', label: 'Lead status' },
  { value: 'source', label: 'Lead source' },
  { value: 'value', label: 'Property value' },
  { value: 'tag', label: 'Tag' },
  { value: 'communication_count', label: 'Number of messages' },
  { value: 'replied_since', label: 'Replied since a step' },
  { value: 'field', label: 'Any lead field' },
];
const COMPARISON: TOption[] = [
  { value: 'gte', label: 'at least' },
  { value: 'gt', label: 'more than' },
  { value: 'eq', label: 'exactly' },
  { value: 'neq', label: 'not' },
  { value: 'lte', label: 'at most' },
  { value: 'lt', label: 'less than' },
];
const UNITS = options(['minutes', 'hours', 'days']);
const TRIGGERS: TOption[] = [
  { value: 'lead_created', label: 'A lead is created' },
  { value: 'lead_status_changed', label: 'A lead’s status changes' },
  { value: 'communication_received', label: 'A message or call comes in' },
  { value: 'communication_sent', label: 'A message is sent' },
  { value: 'deal_status_changed', label: 'A deal’s status changes' },
  { value: 'follow_up_overdue', label: 'A follow-up becomes overdue' },
  { value: 'scheduled', label: 'On a schedule' },
];

function useMembers(): TAssignee[] {
  const [members, setMembers] = useState<TAssignee[]>([]);
  useEffect(() => {
    loadAssignees().then(setMembers).catch(() => undefined);
  }, []);
  return members;
}

const issueFor = (issues: TGraphIssue[], suffix: string) => issues.find((issue) => issue.path.endsWith(suffix))?.message;

/** A message body with merge-field chips that insert `{{field|fallback}}` at the cursor. */
function MessageBody({ value, onValue, disabled, rows = 4, error }: { value: string; onValue: (value: string) => void; disabled: boolean; rows?: number; error?: string | undefined }) {
  const wrapper = useRef<HTMLDivElement>(null);
  const insert = (field: string) => {
    const area = wrapper.current?.querySelector('textarea');
    const token = field === 'first_name' ? '{{first_name|there}}' : `{{${field}}}`;
    const start = area?.selectionStart ?? value.length;
    const end = area?.selectionEnd ?? value.length;
    onValue(`${value.slice(0, start)}${token}${value.slice(end)}`);
  };
  return (
    <div ref={wrapper}>
      <Textarea label="Message" rows={rows} maxLength={1600} required value={value} disabled={disabled} onValue={onValue} error={error} hint="Merge fields fill in per lead; {{field|fallback}} is used when it is empty." />
      {!disabled && (
        <div className="wf-chips" role="group" aria-label="Insert a merge field">
          {(['first_name', 'property_street', 'property_address', 'rep_first_name', 'company_name'] as (keyof typeof MERGE_FIELDS)[]).map((field) => (
            <button key={field} type="button" className="dc-chip" title={MERGE_FIELDS[field]} onClick={() => insert(field)}>
              {label(field)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function AudienceFields({ to, onChange, disabled, members }: { to: TAudience; onChange: (to: TAudience) => void; disabled: boolean; members: TAssignee[] }) {
  return (
    <>
      <Select
        label="To"
        options={[
          { value: 'assignee', label: 'The lead’s rep' },
          { value: 'role', label: 'Everyone with a role' },
          { value: 'user', label: 'One person' },
        ]}
        value={to.kind}
        disabled={disabled}
        onValue={(kind) => onChange(kind === 'role' ? { kind, role: 'admin' } : kind === 'user' ? { kind, user_id: members[0]?.id ?? '' } : { kind: 'assignee' })}
      />
      {to.kind === 'role' && <Select label="Role" options={options(ROLES)} value={to.role} disabled={disabled} onValue={(role) => onChange({ kind: 'role', role: role as (typeof ROLES)[number] })} />}
      {to.kind === 'user' && <Select label="Person" options={members.map((member) => ({ value: member.id, label: member.name }))} placeholder="Choose" value={to.user_id} disabled={disabled} onValue={(user_id) => onChange({ kind: 'user', user_id })} />}
    </>
  );
}

function ActionFields({ action, onChange, disabled, issues, members }: { action: TAction; onChange: (action: TAction) => void; disabled: boolean; issues: TGraphIssue[]; members: TAssignee[] }) {
  return (
    <>
      <Select label="Action" options={ACTIONS} value={action.kind} disabled={disabled} onValue={(kind) => onChange(defaultAction(kind as TAction['kind']))} />
      {action.kind === 'send_sms' && <MessageBody value={action.body} disabled={disabled} onValue={(body) => onChange({ ...action, body })} error={issueFor(issues, 'action.body')} />}
      {action.kind === 'send_email' && (
        <>
          <Input label="Subject" value={action.subject} maxLength={200} required disabled={disabled} onValue={(subject) => onChange({ ...action, subject })} error={issueFor(issues, 'action.subject')} />
          <MessageBody value={action.body} rows={6} disabled={disabled} onValue={(body) => onChange({ ...action, body })} error={issueFor(issues, 'action.body')} />
        </>
      )}
      {action.kind === 'update_status' && <Select label="New status" options={options(LEAD_STATUSES)} value={action.status} disabled={disabled} onValue={(status) => onChange({ ...action, status: status as (typeof LEAD_STATUSES)[number] })} />}
      {action.kind === 'add_tag' && <Input label="Tag" value={action.tag} maxLength={50} required disabled={disabled} onValue={(tag) => onChange({ ...action, tag })} error={issueFor(issues, 'action.tag')} />}
      {action.kind === 'notify' && (
        <>
          <Input label="Title" value={action.title} maxLength={200} required disabled={disabled} onValue={(title) => onChange({ ...action, title })} error={issueFor(issues, 'action.title')} />
          <Textarea label="Details" rows={2} maxLength={1000} value={action.body} disabled={disabled} onValue={(body) => onChange({ ...action, body })} />
        </>
      )}
      {action.kind === 'create_follow_up' && (
        <>
          <Input label="Title" value={action.title} maxLength={200} required disabled={disabled} onValue={(title) => onChange({ ...action, title })} error={issueFor(issues, 'action.title')} />
          <div className="wf-inline">
            <Input label="Due in" type="number" min={1} max={1000} value={String(action.due_in.amount)} disabled={disabled} onValue={(amount) => onChange({ ...action, due_in: { ...action.due_in, amount: Number(amount) } })} error={issueFor(issues, 'due_in.amount')} />
            <Select label="Unit" options={UNITS} value={action.due_in.unit} disabled={disabled} onValue={(unit) => onChange({ ...action, due_in: { ...action.due_in, unit: unit as 'days' } })} />
          </div>
        </>
      )}
      {action.kind === 'assign_lead' && (
        <>
          <Select
            label="How"
            options={[
              { value: 'round_robin', label: 'Round robin' },
              { value: 'user', label: 'To one person' },
            ]}
            value={action.to.mode}
            disabled={disabled}
            onValue={(mode) => onChange({ ...action, to: mode === 'user' ? { mode: 'user', user_id: members[0]?.id ?? '' } : { mode: 'round_robin', user_ids: [], role: 'acquisition_rep' } })}
          />
          {action.to.mode === 'round_robin' && (
            <Select label="Among everyone with the role" options={options(['acquisition_rep', 'admin'])} value={action.to.role} disabled={disabled} onValue={(role) => onChange({ ...action, to: { mode: 'round_robin', user_ids: [], role: role as 'admin' } })} />
          )}
          {action.to.mode === 'user' && (
            <Select label="Person" options={members.map((member) => ({ value: member.id, label: member.name }))} placeholder="Choose" value={action.to.user_id} disabled={disabled} onValue={(user_id) => onChange({ ...action, to: { mode: 'user', user_id } })} error={issueFor(issues, 'user_id')} />
          )}
        </>
      )}
      {action.kind === 'deal_blast' &&
        (['sms', 'email'] as const).map((channel) => (
          <Checkbox
            key={channel}
            label={channel === 'sms' ? 'By text' : 'By email'}
            checked={action.channels.includes(channel)}
            disabled={disabled}
            onChecked={(on) => onChange({ ...action, channels: on ? [...new Set([...action.channels, channel])] : action.channels.filter((value) => value !== channel) })}
          />
        ))}
    </>
  );
}

function ConditionFields({ condition, onChange, disabled, steps, issues }: { condition: TCondition; onChange: (condition: TCondition) => void; disabled: boolean; steps: readonly TStep[]; issues: TGraphIssue[] }) {
  return (
    <div className="wf-condition">
      <Select
        label="Check"
        options={CONDITIONS}
        value={condition.kind}
        disabled={disabled}
        onValue={(kind) => {
          const next = defaultCondition(kind as TCondition['kind']);
          onChange(next.kind === 'replied_since' ? { ...next, step_id: steps[0]?.id ?? 's1' } : next);
        }}
      />
      {(condition.kind === 'status' || condition.kind === 'source') && (
        <>
          <Select label="Is" options={[{ value: 'in', label: 'one of' }, { value: 'not_in', label: 'none of' }]} value={condition.operator} disabled={disabled} onValue={(operator) => onChange({ ...condition, operator: operator as 'in' })} />
          <fieldset className="wf-checks">
            <legend>{condition.kind === 'status' ? 'Statuses' : 'Sources'}</legend>
            {(condition.kind === 'status' ? LEAD_STATUSES : LEAD_SOURCES).map((value) => (
              <Checkbox
                key={value}
                label={label(value)}
                checked={(condition.values as string[]).includes(value)}
                disabled={disabled}
                onChecked={(on) => onChange({ ...condition, values: (on ? [...condition.values, value] : (condition.values as string[]).filter((item) => item !== value)) as never })}
              />
            ))}
          </fieldset>
        </>
      )}
      {(condition.kind === 'value' || condition.kind === 'communication_count') && (
        <div className="wf-inline">
          <Select label="Is" options={COMPARISON} value={condition.operator} disabled={disabled} onValue={(operator) => onChange({ ...condition, operator: operator as 'gte' })} />
          <Input label={condition.kind === 'value' ? 'Value ($)' : 'Messages'} type="number" min={0} value={String(condition.value)} disabled={disabled} onValue={(value) => onChange({ ...condition, value: Number(value) })} error={issueFor(issues, '.value')} />
        </div>
      )}
      {condition.kind === 'tag' && (
        <div className="wf-inline">
          <Select label="Lead" options={[{ value: 'has', label: 'has' }, { value: 'not_has', label: 'does not have' }]} value={condition.operator} disabled={disabled} onValue={(operator) => onChange({ ...condition, operator: operator as 'has' })} />
          <Input label="Tag" value={condition.tag} maxLength={50} disabled={disabled} onValue={(tag) => onChange({ ...condition, tag })} error={issueFor(issues, '.tag')} />
        </div>
      )}
      {condition.kind === 'replied_since' && (
        <Select label="Since step" options={steps.map((step) => ({ value: step.id, label: `${step.name || step.id}` }))} value={condition.step_id} disabled={disabled} onValue={(step_id) => onChange({ ...condition, step_id })} error={issueFor(issues, '.step_id')} />
      )}
      {condition.kind === 'field' && (
        <div className="wf-inline">
          <Select label="Field" options={options(['first_name', 'last_name', 'phone', 'email', 'property_type', 'estimated_value', 'lead_score', 'assigned_to', 'address.city', 'address.zip'])} value={condition.field} disabled={disabled} onValue={(field) => onChange({ ...condition, field: field as 'first_name' })} />
          <Select label="Is" options={options(['is_not_empty', 'is_empty', 'eq', 'neq', 'contains', 'gt', 'lt'])} value={condition.operator} disabled={disabled} onValue={(operator) => onChange({ ...condition, operator: operator as 'eq' })} />
          {condition.operator !== 'is_empty' && condition.operator !== 'is_not_empty' && <Input label="Value" value={String(condition.value ?? '')} maxLength={200} disabled={disabled} onValue={(value) => onChange({ ...condition, value })} />}
        </div>
      )}
    </div>
  );
}

/** The side panel's inputs for one step. */
export function StepEditor({ step, steps, disabled, issues, onChange }: { step: TStep; steps: readonly TStep[]; disabled: boolean; issues: TGraphIssue[]; onChange: (step: TStep) => void }) {
  const members = useMembers();
  return (
    <div className="dc-form">
      <Input label="Name" hint="Shown on the card and in the history" value={step.name} maxLength={80} disabled={disabled} onValue={(name) => onChange({ ...step, name })} />
      {step.type === 'action' && <ActionFields action={step.action} onChange={(action) => onChange({ ...step, action })} disabled={disabled} issues={issues} members={members} />}
      {step.type === 'delay' && (
        <>
          <Select
            label="Wait"
            options={[
              { value: 'duration', label: 'For a time' },
              { value: 'business_hours', label: 'Until business hours (lead’s time zone)' },
            ]}
            value={step.delay.mode}
            disabled={disabled}
            onValue={(mode) => onChange({ ...step, delay: mode === 'business_hours' ? { mode: 'business_hours' } : { mode: 'duration', amount: 1, unit: 'days' } })}
          />
          {step.delay.mode === 'duration' && (
            <div className="wf-inline">
              <Input label="Amount" type="number" min={1} max={1000} value={String(step.delay.amount)} disabled={disabled} onValue={(amount) => step.delay.mode === 'duration' && onChange({ ...step, delay: { ...step.delay, amount: Number(amount) } })} error={issueFor(issues, 'delay.amount')} />
              <Select label="Unit" options={UNITS} value={step.delay.unit} disabled={disabled} onValue={(unit) => step.delay.mode === 'duration' && onChange({ ...step, delay: { ...step.delay, unit: unit as 'days' } })} />
            </div>
          )}
        </>
      )}
      {step.type === 'notification' && (
        <>
          <Select label="Channel" options={[{ value: 'in_app', label: 'In the app' }, { value: 'email', label: 'Email' }, { value: 'sms', label: 'Text' }]} value={step.channel} disabled={disabled} onValue={(channel) => onChange({ ...step, channel: channel as 'in_app' })} />
          <AudienceFields to={step.to} onChange={(to) => onChange({ ...step, to })} disabled={disabled} members={members} />
          <Input label="Title" value={step.title} maxLength={200} required disabled={disabled} onValue={(title) => onChange({ ...step, title })} error={issueFor(issues, '.title')} />
          <Textarea label="Details" rows={2} maxLength={1000} value={step.body} disabled={disabled} onValue={(body) => onChange({ ...step, body })} />
        </>
      )}
      {step.type === 'condition' && (
        <>
          <p className="dc-hint">All of these must hold for the “Yes” branch.</p>
          {step.conditions.map((condition, index) => (
            <div key={index} className="wf-condition-row">
              <ConditionFields
                condition={condition}
                steps={steps}
                disabled={disabled}
                issues={issues.filter((issue) => issue.path.includes(`conditions.${index}`))}
                onChange={(next) => onChange({ ...step, conditions: step.conditions.map((item, position) => (position === index ? next : item)) })}
              />
              {!disabled && step.conditions.length > 1 && (
                <Button size="sm" variant="ghost" onClick={() => onChange({ ...step, conditions: step.conditions.filter((_, position) => position !== index) })}>
                  Remove this check
                </Button>
              )}
            </div>
          ))}
          {!disabled && step.conditions.length < 10 && (
            <Button size="sm" onClick={() => onChange({ ...step, conditions: [...step.conditions, defaultCondition('status')] })}>
              Add a check
            </Button>
          )}
        </>
      )}
      {issues.length > 0 && (
        <ul className="wf-card-issues" aria-label="Problems with this step">
          {issues.map((issue) => (
            <li key={issue.path + issue.message} className="dc-error">
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The trigger's inputs: event, from/to statuses, channel, or cron and time zone. */
export function TriggerEditor({ trigger, disabled, onChange, issues }: { trigger: TTrigger; disabled: boolean; onChange: (trigger: TTrigger) => void; issues: TGraphIssue[] }) {
  return (
    <div className="dc-form">
      <Select label="When" options={TRIGGERS} value={trigger.type} disabled={disabled} onValue={(type) => onChange(defaultTrigger(type as TTrigger['type']))} />
      {(trigger.type === 'lead_status_changed' || trigger.type === 'deal_status_changed') && (
        <div className="wf-inline">
          {(['from', 'to'] as const).map((end) => (
            <Select
              key={end}
              label={end === 'from' ? 'From' : 'To'}
              options={[ANY, ...options(trigger.type === 'lead_status_changed' ? LEAD_STATUSES : DEAL_STATUSES)]}
              value={trigger[end] ?? ''}
              disabled={disabled}
              onValue={(value) => onChange({ ...trigger, [end]: value || null } as TTrigger)}
            />
          ))}
        </div>
      )}
      {(trigger.type === 'communication_received' || trigger.type === 'communication_sent') && (
        <Select label="Channel" options={[ANY, { value: 'sms', label: 'Text' }, { value: 'email', label: 'Email' }, { value: 'call', label: 'Call' }]} value={trigger.channel ?? ''} disabled={disabled} onValue={(channel) => onChange({ ...trigger, channel: (channel || null) as 'sms' | null })} />
      )}
      {trigger.type === 'communication_received' && <Checkbox label="Only calls nobody answered" checked={trigger.missed_call_only} disabled={disabled} onChecked={(missed_call_only) => onChange({ ...trigger, missed_call_only })} />}
      {trigger.type === 'scheduled' && (
        <>
          <Input label="Cron" hint="Minute hour day month weekday, e.g. 0 9 * * 1 for Mondays at 09:00" value={trigger.cron} maxLength={100} disabled={disabled} onValue={(cron) => onChange({ ...trigger, cron })} error={issueFor(issues, 'cron')} />
          <Input label="Time zone" value={trigger.time_zone} maxLength={64} disabled={disabled} onValue={(time_zone) => onChange({ ...trigger, time_zone })} error={issueFor(issues, 'time_zone')} />
        </>
      )}
      {trigger.conditions.length > 0 && <p className="dc-hint">Also only when {trigger.conditions.length} condition(s) on the lead hold (from the template).</p>}
    </div>
  );
}
