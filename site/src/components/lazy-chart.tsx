import { useEffect, useId, useRef, useState } from 'react';
import type { drawChart } from './chart-canvas.ts';
import type { TChartProps } from './chart-config.ts';

export interface LazyChartProps extends TChartProps {
  /** Opens the records behind a label (a bar, a point, a slice); null where there are none. */
  onDrill?: (index: number) => void;
  /** Which labels have records behind them (same order as `labels`). */
  drillable?: readonly boolean[];
}

type TDraw = typeof drawChart;
let loading: Promise<TDraw> | null = null;
/** chart.js arrives with the first chart that needs it, once per page. */
const loadDraw = (): Promise<TDraw> => (loading ??= import('./chart-canvas.ts').then((module) => module.drawChart));

/**
 * A chart whose chart.js is imported on demand (the page paints first; the canvas keeps its
 * height meanwhile, so nothing shifts), with its numbers as a table anyone can open — the
 * accessible fallback, and the keyboard way to drill into a bar.
 */
export function LazyChart(props: LazyChartProps) {
  const { title, labels, series, height = 260, format = (value: number) => value.toLocaleString('en-US'), onDrill, drillable } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState(false);
  const [failed, setFailed] = useState(false);
  const id = useId();
  const drill = useRef(onDrill);
  drill.current = onDrill;

  useEffect(() => {
    let cleanup: (() => void) | undefined;
    let cancelled = false;
    loadDraw()
      .then((draw) => {
        if (cancelled || !canvas.current) return;
        cleanup = draw(canvas.current, props, onDrill ? (index) => (drillable?.[index] ?? true) && drill.current?.(index) : undefined);
        setDrawn(true);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [props.kind, labels, series, props.stacked]);

  const empty = labels.length === 0 || series.every((entry) => entry.values.every((value) => value === 0));
  return (
    <figure className="dc-chart an-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="visually-hidden">
        {title}
      </figcaption>
      <div className="dc-chart-canvas an-chart-canvas" style={{ height: `${height}px` }}>
        {empty ? (
          <p className="an-chart-empty muted">Nothing in this period.</p>
        ) : (
          <canvas ref={canvas} role="img" aria-label={`${title} (chart; the numbers are in the table below)`} />
        )}
        {!drawn && !empty && !failed && <span className="an-chart-wait" aria-hidden="true" />}
        {failed && <p className="an-chart-empty muted">The chart could not load; the numbers are in the table.</p>}
      </div>
      <details className="an-chart-table">
        <summary>Show the numbers</summary>
        <div className="an-table-scroll" role="region" tabIndex={0} aria-label={`${title}: the numbers`}>
          <table className="an-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.kind === 'funnel' ? 'Stage' : 'Label'}</th>
                {series.map((entry) => (
                  <th key={entry.label} scope="col" className="an-num">
                    {entry.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, row) => (
                <tr key={`${label}-${row}`}>
                  <th scope="row">
                    {onDrill && (drillable?.[row] ?? true) ? (
                      <button type="button" className="an-link" onClick={() => onDrill(row)}>
                        {label}
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                  {series.map((entry) => (
                    <td key={entry.label} className="an-num">
                      {format(entry.values[row] ?? 0)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
