import { useId } from 'react';

/** An inclusive range of calendar days as ISO dates (`YYYY-MM-DD`), in the tenant's timezone. */
export interface TDateRange {
  from: string;
  to: string;
}

export interface DateRangeProps {
  label: string;
  value: TDateRange;
  onChange: (range: TDateRange) => void;
  /** Quick choices in days back from `today` (inclusive); e.g. [7, 30, 90]. */
  presets?: readonly number[];
  /** Today's date, injected so pages and tests agree on "today". */
  today: string;
  error?: string;
}

/** ISO day arithmetic in UTC, so a range never shifts with the viewer's timezone. */
export function shiftDay(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export function DateRange({ label, value, onChange, presets = [7, 30, 90], today, error }: DateRangeProps) {
  const id = useId();
  const invalid = value.from !== '' && value.to !== '' && value.to < value.from;
  const message = error ?? (invalid ? 'The end date is before the start date' : undefined);
  return (
    <fieldset className={['dc-date-range', message ? 'has-error' : ''].join(' ')} aria-describedby={message ? `${id}-error` : undefined}>
      <legend className="dc-label">{label}</legend>
      <div className="cluster">
        <label className="dc-date-part">
          <span className="visually-hidden">From</span>
          <input className="dc-input" type="date" value={value.from} max={value.to || undefined} aria-invalid={invalid || undefined} onInput={(event) => onChange({ ...value, from: event.currentTarget.value })} />
        </label>
        <span aria-hidden="true">–</span>
        <label className="dc-date-part">
          <span className="visually-hidden">To</span>
          <input className="dc-input" type="date" value={value.to} min={value.from || undefined} aria-invalid={invalid || undefined} onInput={(event) => onChange({ ...value, to: event.currentTarget.value })} />
        </label>
        {presets.map((days) => {
          const range = { from: shiftDay(today, -(days - 1)), to: today };
          const pressed = range.from === value.from && range.to === value.to;
          return (
            <button key={days} type="button" className="dc-chip" aria-pressed={pressed} onClick={() => onChange(range)}>
              {days} days
            </button>
          );
        })}
      </div>
      {message && (
        <p id={`${id}-error`} className="dc-error" role="alert">
          {message}
        </p>
      )}
    </fieldset>
  );
}
