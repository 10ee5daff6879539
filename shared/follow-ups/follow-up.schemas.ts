import { z } from 'zod';
import { ZPageQuery, queryBoolean, requiredText, text } from '../schemas/common.ts';

/** A task with a due time for one person, about a lead or a deal. */
export const ZCreateFollowUpRequest = z
  .strictObject({
    title: requiredText(200),
    due_at: z.iso.datetime({ offset: true }),
    assigned_to: z.string().max(128).optional(),
    lead_id: z.string().max(64).optional(),
    deal_id: z.string().max(64).optional(),
    notes: text(2000).optional(),
  })
  .refine((task) => !(task.lead_id && task.deal_id), { message: 'A follow-up is about a lead or a deal, not both', path: ['deal_id'] });

export const ZUpdateFollowUpRequest = z
  .strictObject({
    title: requiredText(200).optional(),
    due_at: z.iso.datetime({ offset: true }).optional(),
    assigned_to: z.string().max(128).optional(),
    done: z.boolean().optional(),
    notes: text(2000).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });

export type TCreateFollowUpRequest = z.infer<typeof ZCreateFollowUpRequest>;
export type TUpdateFollowUpRequest = z.infer<typeof ZUpdateFollowUpRequest>;

export const ZListFollowUpsQuery = ZPageQuery.extend({
  /** `today` = due before the end of today in the tenant's time zone and not done; `overdue` = due in the past and not done. */
  view: z.enum(['today', 'overdue', 'upcoming', 'done', 'all']).default('all'),
  assigned_to: z.string().max(128).optional(),
  /** Shortcut for `assigned_to=<caller>`. */
  mine: queryBoolean,
  lead_id: z.string().max(64).optional(),
  deal_id: z.string().max(64).optional(),
}).strict();
export type TListFollowUpsQuery = z.infer<typeof ZListFollowUpsQuery>;

export const ZFollowUp = z.object({
  id: z.string(),
  title: z.string(),
  due_at: z.string(),
  assigned_to: z.string(),
  lead_id: z.string().nullable(),
  deal_id: z.string().nullable(),
  done: z.boolean(),
  done_at: z.string().nullable(),
  overdue: z.boolean(),
  notes: z.string(),
  /** What it is about, for display and linking (`href` is the portal path). */
  subject: z.object({ kind: z.enum(['lead', 'deal']), id: z.string(), title: z.string(), href: z.string() }).nullable(),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TFollowUp = z.infer<typeof ZFollowUp>;

/** The caller's open follow-ups for the dashboard: overdue (due before now) and due later today (tenant time zone). */
export const ZFollowUpSummary = z.object({ overdue: z.number(), due_today: z.number(), next_due_at: z.string().nullable() });
export type TFollowUpSummary = z.infer<typeof ZFollowUpSummary>;
