/**
 * One entry of a record's timeline (`activities`): every status change, note, follow-up,
 * communication, appointment, offer and AI result about a lead, deal or buyer is written
 * here when it happens, so a timeline is one indexed query.
 */
export const ACTIVITY_TYPES = [
  'created',
  'updated',
  'status_changed',
  'assigned',
  'note',
  'follow_up',
  'appointment',
  'offer',
  'communication',
  'deal',
  'ai',
  'import',
  'workflow',
] as const;
export type TActivityType = (typeof ACTIVITY_TYPES)[number];

export type TActivityRecord = {
  _id: string;
  tenant_id: string;
  subject: { kind: 'lead' | 'deal' | 'buyer'; id: string };
  type: TActivityType;
  /** User id, `system`, `workflow:<id>`, `ai` or `twilio`. */
  actor: string;
  /** One line for the timeline ("Status new → contacted"). */
  summary: string;
  data: Record<string, unknown>;
  at: Date;
};
