export interface SkeletonProps {
  /** Number of text lines to stand in for. */
  lines?: number;
  /** A block of fixed height (charts, cards) instead of lines; reserves space so nothing shifts. */
  height?: string;
  width?: string;
  /** Announced to screen readers while loading. */
  label?: string;
}

/** Placeholder shapes with the size of what will load, so the layout does not shift when it arrives. */
export function Skeleton({ lines = 1, height, width, label = 'Loading' }: SkeletonProps) {
  return (
    <div className="dc-skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {height ? (
        <span className="dc-skeleton-block" style={{ height, width }} aria-hidden="true" />
      ) : (
        Array.from({ length: lines }, (_, index) => <span key={index} className="dc-skeleton-line" style={{ width: index === lines - 1 && lines > 1 ? '60%' : width }} aria-hidden="true" />)
      )}
    </div>
  );
}
