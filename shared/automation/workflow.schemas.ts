import { z } from 'zod';
import { ROLES } from '../auth/principal.ts';
import { DEAL_STATUSES } from '../deals/deal.constants.ts';
import { LEAD_SOURCES, LEAD_STATUSES } from '../leads/lead.constants.ts';
import { requiredText, text, ZId } from '../schemas/common.ts';

/**
 * The workflow model: a trigger (an event plus conditions) and a graph of steps. The API
 * validates requests with these schemas; the portal's builder uses the same ones and the graph
 * validator (validate-workflow-graph.ts) to show errors on the step they name.
 */

/** A condition branch that finishes the execution. */
export const END = 'end';
/** A step id: short, stable, chosen by the builder (`s1`, `wait_3_days`). `end` is reserved. */
export const ZStepId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'Letters, digits, _ and - only')
  .refine((id) => id !== END, '"end" is reserved');
/** Where a step goes next: another step's id, or null to finish. */
export const ZNext = ZStepId.nullable();
/**
 * A condition's branch: a step id, `end` to finish, or null while not yet connected (the
 * builder's placeholder — the graph validator rejects it as a missing branch).
 */
export const ZBranch = z.union([ZStepId, z.literal(END)]).nullable();

// ---- conditions --------------------------------------------------------------------------

export const COMPARISONS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte'] as const;
export const ZComparison = z.enum(COMPARISONS);
export type TComparison = z.infer<typeof ZComparison>;

/** Lead fields a `field` condition may read (dotted paths into the lead record). */
export const LEAD_CONDITION_FIELDS = [
  'first_name',
  'last_name',
  'phone',
  'email',
  'status',
  'source',
  'property_type',
  'estimated_value',
  'lead_score',
  'assigned_to',
  'tags',
  'communication_count',
  'address.city',
  'address.state',
  'address.zip',
  'last_contacted',
  'first_contacted_at',
  'created_at',
] as const;
export const FIELD_OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'not_contains', 'is_empty', 'is_not_empty'] as const;

const ZScalar = z.union([z.string().max(200), z.number(), z.boolean()]);

/** One test against the lead (and, for `replied_since`, the execution). */
export const ZCondition = z.discriminatedUnion('kind', [
  /** The lead's estimated property value. */
  z.strictObject({ kind: z.literal('value'), operator: ZComparison, value: z.number().min(0).max(1e10) }),
  z.strictObject({ kind: z.literal('source'), operator: z.enum(['in', 'not_in']), values: z.array(z.enum(LEAD_SOURCES)).min(1).max(LEAD_SOURCES.length) }),
  z.strictObject({ kind: z.literal('status'), operator: z.enum(['in', 'not_in']), values: z.array(z.enum(LEAD_STATUSES)).min(1).max(LEAD_STATUSES.length) }),
  z.strictObject({ kind: z.literal('tag'), operator: z.enum(['has', 'not_has']), tag: requiredText(50) }),
  /** Messages with the lead (both directions unless `direction` says which). */
  z.strictObject({ kind: z.literal('communication_count'), operator: ZComparison, value: z.number().int().min(0).max(100000), direction: z.enum(['inbound', 'outbound', 'any']).default('any') }),
  /** Whether the lead sent us a text or email since step `step_id` of this execution ran (since the start when it has not). */
  z.strictObject({ kind: z.literal('replied_since'), step_id: ZStepId }),
  z.strictObject({ kind: z.literal('field'), field: z.enum(LEAD_CONDITION_FIELDS), operator: z.enum(FIELD_OPERATORS), value: ZScalar.optional() }),
]);
export type TCondition = z.infer<typeof ZCondition>;

// ---- triggers ----------------------------------------------------------------------------

export const TRIGGER_TYPES = ['lead_created', 'lead_status_changed', 'communication_received', 'communication_sent', 'deal_status_changed', 'follow_up_overdue', 'scheduled'] as const;
export type TTriggerType = (typeof TRIGGER_TYPES)[number];

/** Trigger conditions all have to hold (on the event's lead) for an execution to start. */
const ZTriggerConditions = z.array(ZCondition).max(20).default([]);
const ZChannelFilter = z.enum(['sms', 'email', 'call']).nullable().default(null);

export const ZTrigger = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('lead_created'), conditions: ZTriggerConditions }),
  /** null `from`/`to` means any status. */
  z.strictObject({ type: z.literal('lead_status_changed'), from: z.enum(LEAD_STATUSES).nullable().default(null), to: z.enum(LEAD_STATUSES).nullable().default(null), conditions: ZTriggerConditions }),
  /** `missed_call_only`: only calls nobody answered (the missed-call text-back). */
  z.strictObject({ type: z.literal('communication_received'), channel: ZChannelFilter, missed_call_only: z.boolean().default(false), conditions: ZTriggerConditions }),
  z.strictObject({ type: z.literal('communication_sent'), channel: ZChannelFilter, conditions: ZTriggerConditions }),
  z.strictObject({ type: z.literal('deal_status_changed'), from: z.enum(DEAL_STATUSES).nullable().default(null), to: z.enum(DEAL_STATUSES).nullable().default(null), conditions: ZTriggerConditions }),
  z.strictObject({ type: z.literal('follow_up_overdue'), conditions: ZTriggerConditions }),
  /**
   * A cron expression (5 fields, croner syntax) in an IANA time zone; each occurrence starts
   * one execution per lead matching `conditions` (at most `max_leads`), or one without a lead
   * when there are no conditions and `per_lead` is false.
   */
  z.strictObject({
    type: z.literal('scheduled'),
    cron: z.string().trim().min(9).max(100),
    time_zone: z.string().min(1).max(64),
    per_lead: z.boolean().default(true),
    max_leads: z.number().int().min(1).max(5000).default(500),
    conditions: ZTriggerConditions,
  }),
]);
export type TTrigger = z.infer<typeof ZTrigger>;

// ---- steps -------------------------------------------------------------------------------

export const DURATION_UNITS = ['minutes', 'hours', 'days'] as const;
const ZDuration = z.strictObject({ amount: z.number().int().min(1).max(1000), unit: z.enum(DURATION_UNITS) });
export type TDuration = z.infer<typeof ZDuration>;

/** Who a notification or assignment goes to. `assignee`: the lead's (or deal's) assigned user. */
export const ZAudience = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), user_id: ZId }),
  z.strictObject({ kind: z.literal('role'), role: z.enum(ROLES) }),
  z.strictObject({ kind: z.literal('assignee') }),
]);
export type TAudience = z.infer<typeof ZAudience>;

export const ACTION_KINDS = ['send_sms', 'send_email', 'assign_lead', 'update_status', 'add_tag', 'create_follow_up', 'notify', 'deal_blast'] as const;
export type TActionKind = (typeof ACTION_KINDS)[number];

/** What an action step does to (or for) the execution's lead. Message bodies take merge fields (`{{first_name|there}}`). */
export const ZAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('send_sms'), body: requiredText(1600) }),
  z.strictObject({ kind: z.literal('send_email'), subject: requiredText(200), body: requiredText(10000) }),
  /** Round robin over `user_ids` (or every active member of `role` when empty), or to one user. */
  z.strictObject({
    kind: z.literal('assign_lead'),
    to: z.discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('round_robin'), user_ids: z.array(ZId).max(50).default([]), role: z.enum(ROLES).default('acquisition_rep') }),
      z.strictObject({ mode: z.literal('user'), user_id: ZId }),
    ]),
  }),
  z.strictObject({ kind: z.literal('update_status'), status: z.enum(LEAD_STATUSES) }),
  z.strictObject({ kind: z.literal('add_tag'), tag: requiredText(50) }),
  z.strictObject({ kind: z.literal('create_follow_up'), title: requiredText(200), due_in: ZDuration }),
  /** An in-app notification to the lead's assignee (the `notification` step reaches anyone, on any channel). */
  z.strictObject({ kind: z.literal('notify'), title: requiredText(200), body: text(1000).default('') }),
  /** The execution's deal to its matched buyers through the deal-blast path (deal triggers only). */
  z.strictObject({ kind: z.literal('deal_blast'), channels: z.array(z.enum(['sms', 'email'])).min(1).max(2), min_score: z.number().int().min(0).max(100).default(50), limit: z.number().int().min(1).max(200).default(50) }),
]);
export type TAction = z.infer<typeof ZAction>;

const stepBase = { id: ZStepId, name: text(80).default('') };

export const STEP_TYPES = ['action', 'condition', 'delay', 'notification'] as const;
export type TStepType = (typeof STEP_TYPES)[number];

export const ZActionStep = z.strictObject({ ...stepBase, type: z.literal('action'), action: ZAction, next: ZNext.default(null) });
/** All `conditions` must hold (an empty list is true) → `on_true`, else `on_false`. */
export const ZConditionStep = z.strictObject({ ...stepBase, type: z.literal('condition'), conditions: z.array(ZCondition).min(1).max(10), on_true: ZBranch.default(null), on_false: ZBranch.default(null) });
/** Wait a duration, or until the next business-hours window (Mon–Fri 09:00–17:00) in the lead's time zone. */
export const ZDelayStep = z.strictObject({
  ...stepBase,
  type: z.literal('delay'),
  delay: z.discriminatedUnion('mode', [z.strictObject({ mode: z.literal('duration'), ...ZDuration.shape }), z.strictObject({ mode: z.literal('business_hours') })]),
  next: ZNext.default(null),
});
export const ZNotificationStep = z.strictObject({
  ...stepBase,
  type: z.literal('notification'),
  channel: z.enum(['in_app', 'email', 'sms']),
  to: ZAudience,
  title: requiredText(200),
  body: text(1000).default(''),
  next: ZNext.default(null),
});
export const ZStep = z.discriminatedUnion('type', [ZActionStep, ZConditionStep, ZDelayStep, ZNotificationStep]);
export type TStep = z.infer<typeof ZStep>;
export type TActionStep = z.infer<typeof ZActionStep>;
export type TConditionStep = z.infer<typeof ZConditionStep>;
export type TDelayStep = z.infer<typeof ZDelayStep>;
export type TNotificationStep = z.infer<typeof ZNotificationStep>;

export const MAX_STEPS = 100;
/** Safety net against loops that do contain a delay: an execution stops after this many steps. */
export const MAX_STEPS_PER_EXECUTION = 500;

/** A workflow's definition: what the builder edits and a version freezes. */
export const ZWorkflowDefinition = z.strictObject({
  name: requiredText(120),
  description: text(500).default(''),
  trigger: ZTrigger,
  /** The first step; null while the workflow has none. */
  entry_step_id: ZStepId.nullable().default(null),
  steps: z.array(ZStep).max(MAX_STEPS).default([]),
  /** A reply from the lead (text or email) ends this workflow's running executions for that lead: drips stop when the seller answers. */
  stop_on_reply: z.boolean().default(true),
});
export type TWorkflowDefinition = z.infer<typeof ZWorkflowDefinition>;
export type TWorkflowDefinitionInput = z.input<typeof ZWorkflowDefinition>;

// ---- API shapes --------------------------------------------------------------------------

export const WORKFLOW_STATUSES = ['draft', 'active', 'paused'] as const;
export type TWorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

export const ZCreateWorkflowRequest = ZWorkflowDefinition;
export type TCreateWorkflowRequest = z.infer<typeof ZCreateWorkflowRequest>;
/** A save replaces the definition and makes a new version (running executions keep theirs). */
export const ZUpdateWorkflowRequest = ZWorkflowDefinition;
export const ZCreateFromTemplateRequest = z.strictObject({ template_id: z.string().min(1).max(60), name: text(120).optional() });
export const ZListWorkflowsQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(WORKFLOW_STATUSES).optional(),
});

export const ZStepStats = z.object({ runs: z.number(), succeeded: z.number(), failed: z.number(), skipped: z.number() });
export type TStepStats = z.infer<typeof ZStepStats>;

/** Counters kept on every write (never a scan): executions by outcome and runs per step. */
export const ZWorkflowStats = z.object({
  executions: z.number(),
  running: z.number(),
  completed: z.number(),
  failed: z.number(),
  cancelled: z.number(),
  /** completed / (completed + failed), null before any finished. */
  success_rate: z.number().nullable(),
  last_run_at: z.string().nullable(),
  steps: z.record(z.string(), ZStepStats),
});
export type TWorkflowStats = z.infer<typeof ZWorkflowStats>;

export const ZWorkflow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(WORKFLOW_STATUSES),
  version: z.number(),
  trigger: ZTrigger,
  entry_step_id: z.string().nullable(),
  steps: z.array(ZStep),
  stop_on_reply: z.boolean(),
  template_id: z.string().nullable(),
  stats: ZWorkflowStats,
  created_at: z.string(),
  updated_at: z.string(),
  activated_at: z.string().nullable(),
});
export type TWorkflow = z.infer<typeof ZWorkflow>;
