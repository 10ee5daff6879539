import type { ChartConfiguration } from 'chart.js';

/**
 * chart.js configurations for the design system's chart kinds, kept apart from the component so
 * they can be checked without a browser.
 */
export type TChartKind = 'line' | 'bar' | 'doughnut' | 'funnel';

export interface TSeries {
  label: string;
  values: readonly number[];
}

export interface TChartProps {
  kind: TChartKind;
  /** Accessible name; also the caption of the data table screen readers get. */
  title: string;
  labels: readonly string[];
  series: readonly TSeries[];
  /** Reserved height in px (the canvas never changes the layout once drawn). */
  height?: number;
  /** Formats values in tooltips, axes and the data table (currency, percent…). */
  format?: (value: number) => string;
  stacked?: boolean;
}

export const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

export interface TChartColors {
  series: string[];
  text: string;
  grid: string;
}

/** Reads the palette from the design tokens (CSS custom properties) where the chart is drawn. */
export function themeColors(element: Element): TChartColors {
  const style = getComputedStyle(element);
  const read = (name: string) => style.getPropertyValue(name).trim();
  return { series: PALETTE.map(read), text: read('--color-text-muted'), grid: read('--color-border') };
}

/** Builds the chart.js configuration for one of our kinds; a funnel is a horizontal bar chart of centred floating bars. */
export function chartConfig(props: TChartProps, colors: TChartColors): ChartConfiguration {
  const { kind, labels, series, format = (value: number) => value.toLocaleString(), stacked = false } = props;
  const color = (index: number) => colors.series[index % colors.series.length] ?? '#2563eb';
  const tooltipLabel = (chartKind: TChartKind, all: readonly TSeries[], context: { dataset: { label?: string }; raw: unknown; dataIndex: number }) => {
    const values = all[0]?.values ?? [];
    if (chartKind === 'funnel') {
      const value = values[context.dataIndex] ?? 0;
      const first = values[0] ?? 0;
      return `${format(value)} (${first > 0 ? Math.round((value / first) * 100) : 0}% of ${labels[0] ?? 'first'})`;
    }
    return `${context.dataset.label ?? ''}: ${format(Number(context.raw))}`;
  };
  const common = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: {
      legend: { display: series.length > 1 || kind === 'doughnut', labels: { color: colors.text } },
      tooltip: { callbacks: { label: (context: { dataset: { label?: string }; raw: unknown; dataIndex: number }) => tooltipLabel(kind, series, context) } },
    },
  };
  const axes = {
    x: { stacked, ticks: { color: colors.text }, grid: { color: colors.grid } },
    y: { stacked, ticks: { color: colors.text, callback: (value: string | number) => format(Number(value)) }, grid: { color: colors.grid } },
  };
  if (kind === 'doughnut') {
    const values = series[0]?.values ?? [];
    return {
      type: 'doughnut',
      data: { labels: [...labels], datasets: [{ label: series[0]?.label ?? props.title, data: [...values], backgroundColor: values.map((_, index) => color(index)) }] },
      options: common,
    };
  }
  if (kind === 'funnel') {
    const values = series[0]?.values ?? [];
    const widest = Math.max(0, ...values);
    return {
      type: 'bar',
      data: { labels: [...labels], datasets: [{ label: series[0]?.label ?? props.title, data: values.map((value) => [(widest - value) / 2, (widest + value) / 2] as [number, number]), backgroundColor: values.map((_, index) => color(index)) }] },
      options: { ...common, indexAxis: 'y', plugins: { ...common.plugins, legend: { display: false } }, scales: { x: { display: false, min: 0, max: widest }, y: { ticks: { color: colors.text }, grid: { display: false } } } },
    };
  }
  return {
    type: kind,
    data: {
      labels: [...labels],
      datasets: series.map((entry, index) => ({
        label: entry.label,
        data: [...entry.values],
        borderColor: color(index),
        backgroundColor: kind === 'line' ? `${color(index)}22` : color(index),
        fill: kind === 'line' && series.length === 1,
        tension: 0.3,
      })),
    },
    options: { ...common, scales: axes },
  };
}
