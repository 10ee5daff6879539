import { describe, expect, it } from 'vitest';
import { checkQuietHours } from '../../../shared/communications/quiet-hours.ts';
import { detectSmsKeyword, keywordReply } from '../../../shared/communications/sms-keywords.ts';
import { timeZoneForUsLocation } from '../../../shared/communications/us-time-zones.ts';
import { createManualClock } from '../../support/manual-clock.ts';

describe('carrier keywords', () => {
  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    [' Stop. ', 'stop'],
    ['STOPALL', 'stop'],
    ['unsubscribe', 'stop'],
    ['Cancel', 'stop'],
    ['END', 'stop'],
    ['quit!', 'stop'],
    ['Opt out', 'stop'],
    ['revoke', 'stop'],
    ['START', 'start'],
    ['unstop', 'start'],
    ['HELP', 'help'],
    ['info?', 'help'],
  ])('reads %j as %s', (body, keyword) => {
    expect(detectSmsKeyword(body)).toBe(keyword);
  });

  it.each(['Stop texting me about the house on Elm', 'yes', 'YES', 'Can you help me sell?', 'starting price?', 'the end of the month works', ''])('reads %j as an ordinary message', (body) => {
    expect(detectSmsKeyword(body)).toBeNull();
  });

  it('answers with the confirmations carriers expect', () => {
    expect(keywordReply('stop', 'Lone Star Home Buyers', null)).toMatch(/unsubscribed.*Reply START to resubscribe/);
    expect(keywordReply('start', 'Lone Star Home Buyers', null)).toMatch(/re-subscribed.*Reply STOP to unsubscribe/);
    expect(keywordReply('help', 'Lone Star Home Buyers', null)).toBe('Lone Star Home Buyers: reply STOP to unsubscribe. Msg&Data Rates May Apply.');
    expect(keywordReply('help', 'Lone Star Home Buyers', 'Call us at 512-555-0100. Reply STOP to opt out.')).toBe('Call us at 512-555-0100. Reply STOP to opt out.');
  });
});

describe('a recipient’s time zone from state and ZIP', () => {
  it.each([
    ['TX', '78701', 'America/Chicago'],
    ['TX', '79901', 'America/Denver'],
    ['tx', '88510', 'America/Denver'],
    ['FL', '33101', 'America/New_York'],
    ['FL', '32501', 'America/Chicago'],
    ['TN', '37902', 'America/New_York'],
    ['TN', '37203', 'America/Chicago'],
    ['AZ', '85001', 'America/Phoenix'],
    ['ID', '83814', 'America/Los_Angeles'],
    ['CA', null, 'America/Los_Angeles'],
  ])('%s %s is in %s', (state, zip, zone) => {
    expect(timeZoneForUsLocation(state, zip)).toBe(zone);
  });

  it('trusts no ZIP without a state, and knows no zone for nothing', () => {
    expect(timeZoneForUsLocation(null, '79901')).toBeNull();
    expect(timeZoneForUsLocation('ZZ', '79901')).toBeNull();
    // A prefix only moves the state it belongs to.
    expect(timeZoneForUsLocation('OK', '79901')).toBe('America/Chicago');
  });
});

describe('quiet hours in the recipient’s local time', () => {
  const window = { send_from: '09:00', send_until: '20:00' };

  it.each([
    // 15:00 UTC is 09:00 in Chicago (CST) on a winter day: the window just opened.
    ['2026-01-15T15:00:00Z', 'America/Chicago', true, '09:00'],
    ['2026-01-15T14:59:00Z', 'America/Chicago', false, '08:59'],
    // 02:00 UTC next day is 20:00 in Chicago: the window has closed.
    ['2026-01-16T02:00:00Z', 'America/Chicago', false, '20:00'],
    ['2026-01-16T01:59:00Z', 'America/Chicago', true, '19:59'],
    // The same instant is fine in Los Angeles (18:00) and late in New York (21:00).
    ['2026-01-16T02:00:00Z', 'America/Los_Angeles', true, '18:00'],
    ['2026-01-16T02:00:00Z', 'America/New_York', false, '21:00'],
    // Summer time: 14:00 UTC is 09:00 CDT.
    ['2026-07-15T14:00:00Z', 'America/Chicago', true, '09:00'],
    // Phoenix keeps standard time all year.
    ['2026-07-15T15:59:00Z', 'America/Phoenix', false, '08:59'],
  ])('at %s in %s allowed=%s (local %s)', (at, zone, allowed, local) => {
    const check = checkQuietHours(new Date(at), zone, window);
    expect(check).toMatchObject({ allowed, local_time: local, time_zone: zone });
  });

  it('defers an early text to 09:00 the same day, a late one to 09:00 the next day', () => {
    const clock = createManualClock('2026-01-15T12:30:00Z'); // 06:30 in Chicago
    expect(checkQuietHours(clock.now(), 'America/Chicago', window).next_allowed_at.toISOString()).toBe('2026-01-15T15:00:00.000Z');
    clock.set('2026-01-16T03:30:00Z'); // 21:30 on the 15th in Chicago
    expect(checkQuietHours(clock.now(), 'America/Chicago', window).next_allowed_at.toISOString()).toBe('2026-01-16T15:00:00.000Z');
  });

  it('opens at 09:00 local on the day the clocks change', () => {
    // 2026-03-08 is the spring-forward day in the US: 09:00 CDT is 14:00 UTC.
    const late = new Date('2026-03-08T04:00:00Z'); // 22:00 CST on the 7th
    expect(checkQuietHours(late, 'America/Chicago', window).next_allowed_at.toISOString()).toBe('2026-03-08T14:00:00.000Z');
  });

  it('crosses the month end', () => {
    const late = new Date('2026-02-01T03:00:00Z'); // 21:00 on Jan 31 in Chicago
    expect(checkQuietHours(late, 'America/Chicago', window).next_allowed_at.toISOString()).toBe('2026-02-01T15:00:00.000Z');
  });

  it('keeps an allowed instant as it is', () => {
    const at = new Date('2026-01-15T18:00:00Z');
    expect(checkQuietHours(at, 'America/Chicago', window).next_allowed_at).toEqual(at);
  });
});
