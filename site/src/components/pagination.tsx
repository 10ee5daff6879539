export interface PaginationProps {
  /** What is being paged, for screen readers ("Leads pages"). */
  label: string;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** e.g. "Showing 51–100". */
  summary?: string;
  loading?: boolean;
}

/** Cursor pagination (the API pages with `{items, nextCursor}`): previous / next, never page numbers. */
export function Pagination({ label, hasPrevious, hasNext, onPrevious, onNext, summary, loading }: PaginationProps) {
  return (
    <nav className="dc-pagination" aria-label={label}>
      <p className="muted" aria-live="polite">
        {summary}
      </p>
      <div className="cluster">
        <button type="button" className="dc-button dc-button--secondary dc-button--sm" disabled={!hasPrevious || loading} onClick={onPrevious}>
          Previous
        </button>
        <button type="button" className="dc-button dc-button--secondary dc-button--sm" disabled={!hasNext || loading} onClick={onNext}>
          Next
        </button>
      </div>
    </nav>
  );
}
