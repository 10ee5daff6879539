import { describe, expect, it } from 'vitest';
import { ApiError } from '../../site/src/lib/api-client.ts';
import { callDuration, insertAt, percent, refusalOf, smsCounter, statusTone, threadHref, threadQuery, threadRefFrom } from '../../site/src/lib/comms-compose.ts';

describe('the composer’s SMS counter', () => {
  it('counts a plain text against 160 GSM-7 characters in one segment', () => {
    expect(smsCounter('Hi Maria, still thinking about selling?')).toMatchObject({ encoding: 'GSM-7', segments: 1, units: 39, remaining: 121, tooLong: false, text: '39 / 160 · 1 segment (GSM-7)' });
  });

  it('moves to 153-character parts after 160', () => {
    const counter = smsCounter('a'.repeat(161));
    expect(counter).toMatchObject({ segments: 2, units: 161, remaining: 145 });
    expect(counter.text).toBe('161 / 306 · 2 segments (GSM-7)');
  });

  it('counts GSM extension characters twice', () => {
    expect(smsCounter('{}').units).toBe(4);
  });

  it('switches to UCS-2 (70, then 67 per part) for an emoji or an en dash', () => {
    expect(smsCounter('Deal – call me 🙂')).toMatchObject({ encoding: 'UCS-2', segments: 1, units: 17, remaining: 53 });
    expect(smsCounter('–'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2, remaining: 63 });
  });

  it('flags a text over ten segments as too long', () => {
    expect(smsCounter('a'.repeat(153 * 10)).tooLong).toBe(false);
    expect(smsCounter('a'.repeat(153 * 10 + 1)).tooLong).toBe(true);
  });

  it('shows an empty box as one segment', () => {
    expect(smsCounter('').text).toBe('0 / 160 · 1 segment (GSM-7)');
  });
});

describe('inserting a merge field', () => {
  it('replaces the selection and puts the caret after the field', () => {
    expect(insertAt('Hi there, ok', '{{first_name}}', 3, 8)).toEqual({ value: 'Hi {{first_name}}, ok', caret: 17 });
  });

  it('appends when the caret is past the end', () => {
    expect(insertAt('Hi ', '{{first_name}}', 99)).toEqual({ value: 'Hi {{first_name}}', caret: 17 });
  });
});

const problem = (status: number, extra: Record<string, unknown>) => new ApiError({ type: 'about:blank', title: 'Refused', status, detail: 'Not sent: Maria cannot be contacted', ...extra });

describe('reading the API’s compliance refusals', () => {
  it('recognises an opt-out and a do-not-contact entry (403 with a reason)', () => {
    expect(refusalOf(problem(403, { code: 'forbidden', reason: 'opted_out' }))).toEqual({ reason: 'opted_out', message: 'Not sent: Maria cannot be contacted', nextAllowedAt: null });
    expect(refusalOf(problem(403, { code: 'forbidden', reason: 'do_not_contact' }))?.reason).toBe('do_not_contact');
  });

  it('recognises quiet hours (409) with when the window opens', () => {
    expect(refusalOf(problem(409, { code: 'conflict', reason: 'quiet_hours', next_allowed_at: '2026-11-25T15:00:00.000Z' }))).toMatchObject({ reason: 'quiet_hours', nextAllowedAt: '2026-11-25T15:00:00.000Z' });
  });

  it('leaves other failures alone', () => {
    expect(refusalOf(problem(403, { code: 'forbidden' }))).toBeNull();
    expect(refusalOf(problem(409, { code: 'conflict', reason: 'recent_blast' }))).toBeNull();
    expect(refusalOf(new Error('network'))).toBeNull();
  });
});

describe('a thread’s address', () => {
  it('reads the lead or buyer from the query, the lead first', () => {
    expect(threadRefFrom('?lead_id=ld_1')).toEqual({ kind: 'lead', id: 'ld_1' });
    expect(threadRefFrom('?buyer_id=by_2')).toEqual({ kind: 'buyer', id: 'by_2' });
    expect(threadRefFrom('?lead_id=ld_1&buyer_id=by_2')).toEqual({ kind: 'lead', id: 'ld_1' });
    expect(threadRefFrom('?lead_id=')).toBeNull();
  });

  it('builds the page link and the API query back', () => {
    expect(threadHref({ kind: 'buyer', id: 'by 2' })).toBe('/communications/thread?buyer_id=by%202');
    expect(threadQuery({ kind: 'lead', id: 'ld_1' })).toEqual({ lead_id: 'ld_1' });
  });
});

describe('thread display', () => {
  it('tones statuses by outcome', () => {
    expect(statusTone('delivered')).toBe('success');
    expect(statusTone('failed')).toBe('danger');
    expect(statusTone('scheduled')).toBe('secondary');
    expect(statusTone('queued')).toBe('neutral');
  });

  it('formats call lengths and rates', () => {
    expect(callDuration(95)).toBe('1:35');
    expect(callDuration(3725)).toBe('1:02:05');
    expect(callDuration(null)).toBe('—');
    expect(percent(0.9234)).toBe('92.3%');
    expect(percent(null)).toBe('—');
  });
});
