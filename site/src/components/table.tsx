import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ComponentChildren } from 'preact';

export interface TColumn<T> {
  key: string;
  header: string;
  /** Cell content; defaults to the row's `key` property as text. */
  cell?: (row: T) => ComponentChildren;
  /** The value to sort by; giving one makes the column sortable. */
  sortValue?: (row: T) => string | number | null | undefined;
  /** CSS grid track, e.g. `minmax(10rem, 2fr)`; defaults to `minmax(8rem, 1fr)`. */
  width?: string;
  align?: 'start' | 'end';
}

export type TSortDirection = 'ascending' | 'descending';
export interface TSort {
  key: string;
  direction: TSortDirection;
}

export interface TableProps<T> {
  /** Accessible name of the grid ("Leads"). */
  label: string;
  columns: readonly TColumn<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Enter or click on a row. */
  onRowActivate?: (row: T) => void;
  /** Controlled sort (server-side sorting); without it the table sorts in memory. */
  sort?: TSort | null;
  onSortChange?: (sort: TSort) => void;
  /** Height of the scrolling viewport in px; rows outside it are not rendered. */
  height?: number;
  rowHeight?: number;
  /** Minimum width before the table scrolls sideways inside itself (phones). */
  minWidth?: string;
  loading?: boolean;
  empty?: ComponentChildren;
  /** Checkbox selection (bulk actions): a first column of checkboxes; Space on a row toggles it. */
  selection?: TTableSelection<T>;
  /** Called when the last rows come into view (the next page of a cursor list); again only after rows grow. */
  onEndReached?: () => void;
}

export interface TTableSelection<T> {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  /** Accessible name of a row's checkbox ("Select Jane Doe"). */
  rowLabel: (row: T) => string;
}

const compare = (a: string | number | null | undefined, b: string | number | null | undefined): number => {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
};

/**
 * A data grid: sortable columns (`aria-sort`), one tab stop with arrow-key row navigation
 * (Up/Down, Page Up/Down, Home/End, Enter to open), and virtualised rows so 100k items scroll
 * with a few dozen DOM nodes. The header stays visible while the body scrolls. Optionally a
 * checkbox column for selection (Space toggles the focused row) and a callback when the end of
 * the rows comes into view, for lists that load the next page on scroll.
 */
export function Table<T>({
  label,
  columns,
  rows,
  rowKey,
  onRowActivate,
  sort: controlledSort,
  onSortChange,
  height = 480,
  rowHeight = 44,
  minWidth = '40rem',
  loading = false,
  empty,
  selection,
  onEndReached,
}: TableProps<T>) {
  const [ownSort, setOwnSort] = useState<TSort | null>(null);
  const sort = controlledSort === undefined ? ownSort : controlledSort;
  const [active, setActiveState] = useState(0);
  // Keys can arrive faster than renders: the handlers read the latest position from a ref.
  const activeRef = useRef(0);
  const setActive = (index: number) => {
    activeRef.current = index;
    setActiveState(index);
  };
  const scroller = useRef<HTMLDivElement>(null);
  const id = useId();
  const template = [selection ? '3rem' : '', ...columns.map((column) => column.width ?? 'minmax(8rem, 1fr)')].filter(Boolean).join(' ');
  const offset = selection ? 1 : 0;

  const sorted = useMemo(() => {
    if (!sort || controlledSort !== undefined) return rows;
    const column = columns.find((entry) => entry.key === sort.key);
    if (!column?.sortValue) return rows;
    const value = column.sortValue;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(value(a), value(b)));
  }, [rows, sort, columns, controlledSort]);

  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    scrollMargin: rowHeight,
    initialRect: { width: 0, height },
  });

  useEffect(() => {
    if (active > sorted.length - 1) setActive(Math.max(0, sorted.length - 1));
  }, [sorted.length, active]);

  /**
   * Focuses a row as soon as it is rendered: at once when it already is, otherwise on one of the
   * next frames, once the scroll that `scrollToIndex` started has rendered it (a jump to End).
   */
  const focusRow = (index: number, framesLeft: number) => {
    if (activeRef.current !== index) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`);
    if (row) row.focus({ preventScroll: true });
    else if (framesLeft > 0) requestAnimationFrame(() => focusRow(index, framesLeft - 1));
  };

  const moveTo = (index: number) => {
    const next = Math.min(sorted.length - 1, Math.max(0, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    focusRow(next, 60);
  };

  const pageSize = Math.max(1, Math.floor((height - rowHeight) / rowHeight) - 1);
  const onKeyDown = (event: KeyboardEvent) => {
    const active = activeRef.current;
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + pageSize, PageUp: active - pageSize, Home: 0, End: sorted.length - 1 };
    const target = moves[event.key];
    if (target !== undefined && (event.target as HTMLElement).getAttribute('role') === 'row') {
      event.preventDefault();
      moveTo(target);
      return;
    }
    if (event.key === ' ' && selection && (event.target as HTMLElement).getAttribute('role') === 'row') {
      event.preventDefault();
      const row = sorted[activeRef.current];
      if (row !== undefined) toggleRow(row);
      return;
    }
    if (event.key === 'Enter' && (event.target as HTMLElement).getAttribute('role') === 'row') {
      const row = sorted[activeRef.current];
      if (row !== undefined) onRowActivate?.(row);
    }
  };

  const toggleSort = (key: string) => {
    const next: TSort = { key, direction: sort?.key === key && sort.direction === 'ascending' ? 'descending' : 'ascending' };
    setOwnSort(next);
    onSortChange?.(next);
  };

  const toggleRow = (row: T) => {
    if (!selection) return;
    const next = new Set(selection.selected);
    const key = rowKey(row);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    selection.onChange(next);
  };
  const selectedCount = selection ? sorted.reduce((count, row) => count + (selection.selected.has(rowKey(row)) ? 1 : 0), 0) : 0;
  const toggleAll = () => selection?.onChange(selectedCount === sorted.length ? new Set() : new Set(sorted.map(rowKey)));

  const items = virtualizer.getVirtualItems();
  const lastRendered = items.at(-1)?.index ?? -1;
  // Once per length: asking again for the same rows would fetch the same page twice.
  const askedAt = useRef(-1);
  useEffect(() => {
    if (!onEndReached || loading || sorted.length === 0) return;
    if (lastRendered >= sorted.length - 5 && askedAt.current !== sorted.length) {
      askedAt.current = sorted.length;
      onEndReached();
    }
  }, [lastRendered, sorted.length, loading, onEndReached]);
  // One tab stop: the active row, or the first rendered row when the active one is scrolled away.
  const tabStop = items.some((item) => item.index === active) ? active : items[0]?.index;
  const showEmpty = !loading && sorted.length === 0;
  return (
    <div
      ref={scroller}
      role="grid"
      aria-label={label}
      aria-rowcount={sorted.length + 1}
      aria-colcount={columns.length + offset}
      aria-multiselectable={selection ? true : undefined}
      aria-busy={loading || undefined}
      className="dc-table"
      style={{ maxHeight: `${height}px` }}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="dc-table-head">
        <div role="row" aria-rowindex={1} className="dc-table-row dc-table-row--head" style={{ gridTemplateColumns: template, minWidth, height: `${rowHeight}px` }}>
          {selection && (
            <div role="columnheader" aria-colindex={1} className="dc-table-cell dc-table-cell--select">
              <input
                type="checkbox"
                aria-label={selectedCount === sorted.length && sorted.length > 0 ? 'Clear the selection' : `Select all ${sorted.length} loaded rows`}
                checked={sorted.length > 0 && selectedCount === sorted.length}
                ref={(element) => {
                  if (element) element.indeterminate = selectedCount > 0 && selectedCount < sorted.length;
                }}
                disabled={sorted.length === 0}
                onChange={toggleAll}
              />
            </div>
          )}
          {columns.map((column, index) => {
            const direction = sort?.key === column.key ? sort.direction : undefined;
            return (
              <div
                key={column.key}
                role="columnheader"
                aria-colindex={index + 1 + offset}
                aria-sort={column.sortValue ? (direction ?? 'none') : undefined}
                className={`dc-table-cell dc-table-cell--${column.align ?? 'start'}`}
              >
                {column.sortValue ? (
                  <button type="button" className="dc-sort" onClick={() => toggleSort(column.key)}>
                    {column.header}
                    <span aria-hidden="true" className="dc-sort-mark">
                      {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                    </span>
                  </button>
                ) : (
                  column.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="dc-table-body" style={{ height: showEmpty || loading ? 'auto' : `${virtualizer.getTotalSize()}px`, minWidth }}>
        {loading &&
          Array.from({ length: 4 }, (_, index) => (
            <div key={index} role="row" className="dc-table-row" aria-hidden="true" style={{ gridTemplateColumns: template, height: `${rowHeight}px` }}>
              {[...(selection ? [{ key: '__select' }] : []), ...columns].map((column) => (
                <div key={column.key} role="gridcell" className="dc-table-cell">
                  <span className="dc-skeleton-line" />
                </div>
              ))}
            </div>
          ))}
        {showEmpty && (
          <div role="row" className="dc-table-empty">
            <div role="gridcell" aria-colspan={columns.length + offset}>
              {empty ?? <p className="muted">Nothing to show.</p>}
            </div>
          </div>
        )}
        {!loading &&
          items.map((item) => {
            const row = sorted[item.index];
            if (row === undefined) return null;
            const key = rowKey(row);
            const checked = selection?.selected.has(key) ?? false;
            return (
              <div
                key={key}
                id={`${id}-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selection ? checked : undefined}
                data-row-index={item.index}
                tabIndex={item.index === tabStop ? 0 : -1}
                className={['dc-table-row', onRowActivate ? 'is-interactive' : '', checked ? 'is-selected' : ''].filter(Boolean).join(' ')}
                style={{ gridTemplateColumns: template, height: `${item.size}px`, transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
                onClick={() => {
                  setActive(item.index);
                  onRowActivate?.(row);
                }}
                onFocus={() => setActive(item.index)}
              >
                {selection && (
                  <div role="gridcell" aria-colindex={1} className="dc-table-cell dc-table-cell--select">
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={selection.rowLabel(row)}
                      checked={checked}
                      onClick={(event) => event.stopPropagation()}
                      onChange={() => toggleRow(row)}
                    />
                  </div>
                )}
                {columns.map((column, index) => (
                  <div key={column.key} role="gridcell" aria-colindex={index + 1 + offset} className={`dc-table-cell dc-table-cell--${column.align ?? 'start'}`}>
                    {column.cell ? column.cell(row) : String((row as Record<string, unknown>)[column.key] ?? '')}
                  </div>
                ))}
              </div>
            );
          })}
      </div>
    </div>
  );
}
