import { useEffect, useId, useRef } from 'react';
import type { TChartProps } from './chart-config.ts';
import { drawChart } from './chart-canvas.ts';

/**
 * A chart drawn as soon as the island mounts (`LazyChart` loads the same drawing on demand):
 * line, bar, doughnut and funnel in the design system's colours, with a fixed height (no layout
 * shift) and a data table for screen readers.
 */
export function Chart(props: TChartProps) {
  const { title, labels, series, height = 280, format = (value: number) => value.toLocaleString() } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const id = useId();
  useEffect(() => {
    if (!canvas.current) return;
    return drawChart(canvas.current, props);
    // Redraw when the data or the kind changes; formatting functions are assumed stable.
  }, [props.kind, labels, series, props.stacked]);
  return (
    <figure className="dc-chart" aria-labelledby={`${id}-caption`}>
      <div className="dc-chart-canvas" style={{ height: `${height}px` }}>
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <figcaption id={`${id}-caption`} className="visually-hidden">
        {title}
      </figcaption>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            {series.map((entry) => (
              <th key={entry.label} scope="col">
                {entry.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, row) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              {series.map((entry) => (
                <td key={entry.label}>{format(entry.values[row] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
