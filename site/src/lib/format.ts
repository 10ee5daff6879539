import type { TAddress } from '../../../shared/schemas/address.ts';

/**
 * Display formats shared by every page: US dollars in whole amounts, dates in the viewer's
 * locale, US phone numbers from the API's E.164, one-line addresses. Pure, so unit tests pin them.
 */
const WHOLE_DOLLARS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const COMPACT_DOLLARS = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

/** `$123,456`; `—` when unknown. */
export const money = (amount: number | null | undefined): string => (amount === null || amount === undefined ? '—' : WHOLE_DOLLARS.format(amount));

/** `$1.2M`, `$245K`: cards and board columns where space is short. */
export const compactMoney = (amount: number | null | undefined): string => (amount === null || amount === undefined ? '—' : COMPACT_DOLLARS.format(amount));

/** `Nov 2, 2026`. */
export const shortDate = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric' }) : '—');

/** `Nov 2, 3:00 PM` (the year only when it is not this one). */
export function dateTime(iso: string | null | undefined, now = new Date()): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return date.toLocaleString('en-US', { month: 'short', day: 'numeric', ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }), hour: 'numeric', minute: '2-digit' });
}

const RELATIVE = new Intl.RelativeTimeFormat('en-US', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_629_800],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** `3 hours ago`, `in 2 days`, `yesterday`, `just now` — for timelines and due times. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = (Date.parse(iso) - now) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? ['minute', 60];
  return RELATIVE.format(Math.round(seconds / size), unit);
}

/** `+15125550142` → `(512) 555-0142`; other numbers as stored. */
export function phone(e164: string | null | undefined): string {
  if (!e164) return '—';
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

/** `123 Main St, Austin, TX 78701`; empty when there is no address. */
export const oneLineAddress = (address: TAddress | null | undefined): string => (address ? `${address.line1}, ${address.city}, ${address.state} ${address.zip}` : '');

/** `snake_case` values as words: `under_contract` → `Under contract`. */
export const label = (value: string): string => value.replace(/_/g, ' ').replace(/^\w/, (first) => first.toUpperCase());

/** `1 lead`, `2 leads`. */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;

/** A `datetime-local` input's value (local time, minutes) for an ISO instant, and back. */
export function toLocalInput(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The ISO instant of a `datetime-local` value in the viewer's zone; undefined when blank or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** A whole-dollar amount typed by a person (`$120,000`, `120000`, `120k`) as a number; undefined when blank, NaN when not a number. */
export function parseMoney(value: string): number | undefined {
  const cleaned = value.replace(/[$,\s]/g, '').toLowerCase();
  if (cleaned === '') return undefined;
  const match = /^(\d+(?:\.\d+)?)(k|m)?$/.exec(cleaned);
  if (!match) return Number.NaN;
  const scale = match[2] === 'k' ? 1_000 : match[2] === 'm' ? 1_000_000 : 1;
  return Math.round(Number(match[1]) * scale);
}
