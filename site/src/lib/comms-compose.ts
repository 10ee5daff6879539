import { countSmsSegments, MAX_SMS_SEGMENTS, type TSegmentCount } from '../../../shared/communications/sms-segments.ts';
import type { TBadgeTone } from '../components/badge.tsx';
import { ApiError } from './api-client.ts';

/**
 * The composer's and thread's pure rules: the SMS counter (the carriers' GSM-7 / UCS-2 count from
 * shared/communications/sms-segments.ts), merge-field insertion, reading the API's compliance
 * refusals, the thread's address and status tones. Pure, so tests/unit pins them.
 */

export interface TSmsCounter extends TSegmentCount {
  /** Characters (septets or UTF-16 units) left before the next segment starts. */
  remaining: number;
  /** Over the 10 segments we keep to: the API refuses it. */
  tooLong: boolean;
  /** `42 / 160 · 1 segment (GSM-7)`. */
  text: string;
}

/** The counter under the SMS box: units used against the current segment's capacity. */
export function smsCounter(body: string): TSmsCounter {
  const count = countSmsSegments(body);
  const single = count.encoding === 'GSM-7' ? 160 : 70;
  const part = count.encoding === 'GSM-7' ? 153 : 67;
  const capacity = count.segments <= 1 ? single : count.segments * part;
  const segments = Math.max(1, count.segments);
  return {
    ...count,
    remaining: capacity - count.units,
    tooLong: count.segments > MAX_SMS_SEGMENTS,
    text: `${count.units} / ${capacity} · ${segments} ${segments === 1 ? 'segment' : 'segments'} (${count.encoding})`,
  };
}

/** Puts `insert` in place of the selection `[start, end)`; the caret lands after it. */
export function insertAt(value: string, insert: string, start: number, end = start): { value: string; caret: number } {
  const from = Math.max(0, Math.min(start, value.length));
  const to = Math.max(from, Math.min(end, value.length));
  return { value: value.slice(0, from) + insert + value.slice(to), caret: from + insert.length };
}

export type TRefusalReason = 'opted_out' | 'do_not_contact' | 'quiet_hours';

export interface TRefusal {
  reason: TRefusalReason;
  message: string;
  /** Quiet hours: when the recipient's window opens (ISO), to offer scheduling for then. */
  nextAllowedAt: string | null;
}

/**
 * The API's compliance refusals of a send: 403 `reason: opted_out | do_not_contact`, 409
 * `reason: quiet_hours` (with `next_allowed_at`). Anything else is not a refusal (null).
 */
export function refusalOf(error: unknown): TRefusal | null {
  if (!(error instanceof ApiError)) return null;
  const reason = error.problem.reason;
  if ((error.status === 403 && (reason === 'opted_out' || reason === 'do_not_contact')) || (error.status === 409 && reason === 'quiet_hours')) {
    const next = error.problem.next_allowed_at;
    return { reason, message: error.message, nextAllowedAt: typeof next === 'string' ? next : null };
  }
  return null;
}

/** Short titles for the refusal banner. */
export const REFUSAL_TITLE: Record<TRefusalReason, string> = {
  opted_out: 'Opted out — not sent',
  do_not_contact: 'On the do-not-contact list — not sent',
  quiet_hours: 'Outside quiet hours',
};

export type TThreadRef = { kind: 'lead' | 'buyer'; id: string };

/** `?lead_id=…` or `?buyer_id=…` of an inbox or thread address; null without one. */
export function threadRefFrom(search: string): TThreadRef | null {
  const params = new URLSearchParams(search);
  const lead = params.get('lead_id')?.trim();
  if (lead) return { kind: 'lead', id: lead };
  const buyer = params.get('buyer_id')?.trim();
  return buyer ? { kind: 'buyer', id: buyer } : null;
}

/** The query naming a thread's contact (`{lead_id}` / `{buyer_id}`), as the API takes it. */
export const threadQuery = (ref: TThreadRef): { lead_id: string } | { buyer_id: string } => (ref.kind === 'lead' ? { lead_id: ref.id } : { buyer_id: ref.id });

/** `/communications/thread?lead_id=…`. */
export const threadHref = (ref: TThreadRef): string => `/communications/thread?${ref.kind}_id=${encodeURIComponent(ref.id)}`;

const STATUS_TONE: Record<string, TBadgeTone> = {
  delivered: 'success',
  received: 'primary',
  completed: 'success',
  read: 'success',
  failed: 'danger',
  undelivered: 'danger',
  busy: 'danger',
  no_answer: 'warning',
  canceled: 'neutral',
  scheduled: 'secondary',
};

/** A message's or call's status badge tone (pending states are neutral). */
export const statusTone = (status: string): TBadgeTone => STATUS_TONE[status] ?? 'neutral';

/** `1:35`, `1:02:05`: a call's length. */
export function callDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** `0.923` → `92.3%`; `—` when there is nothing to rate. */
export const percent = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`);
