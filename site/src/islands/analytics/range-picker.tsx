import { useEffect, useId, useState } from 'react';
import { COMPARE_LABELS, COMPARE_MODES, PRESET_LABELS, presetRange, RANGE_PRESETS, type TCompareMode, type TDashboardView, type TRangePreset } from '../../lib/analytics-view.ts';

export interface RangePickerProps {
  view: TDashboardView;
  today: string;
  onChange: (view: TDashboardView) => void;
  /** Hide the comparison choice (pages without one). */
  noCompare?: boolean;
  /** One select instead of chips (phones on the road: the figures come first). */
  compact?: boolean;
}

/**
 * The period of a dashboard: presets as toggle chips, custom days (applied together, so a
 * half-typed range never loads), and what to compare with.
 */
export function RangePicker({ view, today, onChange, noCompare, compact }: RangePickerProps) {
  const id = useId();
  const [draft, setDraft] = useState({ from: view.from, to: view.to });
  const [custom, setCustom] = useState(view.preset === 'custom');
  useEffect(() => {
    setDraft({ from: view.from, to: view.to });
    setCustom(view.preset === 'custom');
  }, [view.from, view.to, view.preset]);
  const invalid = draft.from === '' || draft.to === '' || draft.to < draft.from;

  if (compact) {
    return (
      <div className="an-range">
        <label className="an-inline-field">
          <span>Period</span>
          <select
            className="dc-input dc-select"
            value={view.preset}
            onChange={(event) => {
              const preset = event.currentTarget.value as Exclude<TRangePreset, 'custom'>;
              onChange({ ...view, preset, ...presetRange(preset, today) });
            }}
          >
            {RANGE_PRESETS.filter((preset) => preset !== 'custom' || view.preset === 'custom').map((preset) => (
              <option key={preset} value={preset}>
                {PRESET_LABELS[preset]}
              </option>
            ))}
          </select>
        </label>
      </div>
    );
  }

  return (
    <div className="an-range" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="visually-hidden">
        Period
      </span>
      <div className="an-range-presets cluster">
        {RANGE_PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            className="dc-chip"
            aria-pressed={preset === 'custom' ? custom : !custom && view.preset === preset}
            onClick={() => {
              if (preset === 'custom') return setCustom(true);
              setCustom(false);
              onChange({ ...view, preset, ...presetRange(preset, today) });
            }}
          >
            {PRESET_LABELS[preset]}
          </button>
        ))}
      </div>
      {custom && (
        <form
          className="an-range-custom cluster"
          onSubmit={(event) => {
            event.preventDefault();
            if (!invalid) onChange({ ...view, preset: 'custom', ...draft });
          }}
        >
          <label className="an-inline-field">
            <span>From</span>
            <input className="dc-input" type="date" value={draft.from} max={draft.to || today} onInput={(event) => setDraft({ ...draft, from: event.currentTarget.value })} />
          </label>
          <label className="an-inline-field">
            <span>To</span>
            <input className="dc-input" type="date" value={draft.to} min={draft.from || undefined} max={today} onInput={(event) => setDraft({ ...draft, to: event.currentTarget.value })} />
          </label>
          <button type="submit" className="dc-button dc-button--secondary dc-button--sm" disabled={invalid}>
            Apply
          </button>
        </form>
      )}
      {!noCompare && (
        <label className="an-inline-field">
          <span>Compare with</span>
          <select className="dc-input dc-select" value={view.compare} onChange={(event) => onChange({ ...view, compare: event.currentTarget.value as TCompareMode })}>
            {COMPARE_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {COMPARE_LABELS[mode]}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
