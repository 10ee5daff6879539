export interface ProgressBarProps {
  label: string;
  value: number;
  max?: number;
  /** Text shown beside the label; defaults to the percentage. */
  valueText?: string;
  tone?: 'primary' | 'success' | 'danger';
}

/** A determinate progress bar (imports, goals, plan usage). */
export function ProgressBar({ label, value, max = 100, valueText, tone = 'primary' }: ProgressBarProps) {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const text = valueText ?? `${Math.round(ratio * 100)}%`;
  return (
    <div className="dc-progress">
      <div className="dc-progress-label">
        <span>{label}</span>
        <span className="muted">{text}</span>
      </div>
      <div className="dc-progress-track" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-valuetext={text}>
        <div className={`dc-progress-fill dc-progress-fill--${tone}`} style={{ width: `${ratio * 100}%` }} />
      </div>
    </div>
  );
}
