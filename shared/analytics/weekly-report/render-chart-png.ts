import type { ChartConfiguration, Plugin } from 'chart.js';
import type { TChartData } from '../analytics.schemas.ts';
import { formatKpi } from '../format-kpi.ts';

/** Email colours: readable on white, also in clients that darken images. */
const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2'];
const TEXT = '#334155';
const GRID = '#e2e8f0';

/** A white background: PNGs are transparent otherwise, and dark-mode mail clients would show black. */
const whiteBackground: Plugin = {
  id: 'white-background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** The chart.js configuration of a chart for a still image (no animation, fixed size, values formatted). */
export function emailChartConfig(chart: TChartData): ChartConfiguration {
  const format = (value: number) => formatKpi(value, chart.unit);
  const common = { responsive: false, animation: false as const, devicePixelRatio: 2, plugins: { legend: { display: chart.series.length > 1, labels: { color: TEXT, font: { size: 12 } } }, title: { display: false } } };
  if (chart.kind === 'funnel') {
    const values = chart.series[0]?.values ?? [];
    const widest = Math.max(1, ...values);
    return {
      type: 'bar',
      data: { labels: chart.labels, datasets: [{ label: chart.title, data: values.map((value) => [(widest - value) / 2, (widest + value) / 2] as [number, number]), backgroundColor: values.map((_, index) => PALETTE[index % PALETTE.length] as string) }] },
      options: { ...common, indexAxis: 'y', plugins: { ...common.plugins, legend: { display: false } }, scales: { x: { display: false, min: 0, max: widest }, y: { ticks: { color: TEXT, font: { size: 13 } }, grid: { display: false } } } },
    };
  }
  if (chart.kind === 'doughnut') {
    const values = chart.series[0]?.values ?? [];
    return {
      type: 'doughnut',
      data: { labels: chart.labels, datasets: [{ label: chart.title, data: values, backgroundColor: values.map((_, index) => PALETTE[index % PALETTE.length] as string) }] },
      options: { ...common, plugins: { ...common.plugins, legend: { display: true, position: 'right', labels: { color: TEXT } } } },
    };
  }
  return {
    type: chart.kind,
    data: {
      labels: chart.labels,
      datasets: chart.series.map((series, index) => ({
        label: series.label,
        data: series.values,
        borderColor: PALETTE[index % PALETTE.length],
        backgroundColor: chart.kind === 'line' ? `${PALETTE[index % PALETTE.length]}33` : PALETTE[index % PALETTE.length],
        fill: chart.kind === 'line' && chart.series.length === 1,
        tension: 0.3,
        borderRadius: chart.kind === 'bar' ? 4 : 0,
      })),
    },
    options: {
      ...common,
      scales: {
        x: { ticks: { color: TEXT, font: { size: 12 } }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { color: TEXT, font: { size: 12 }, callback: (value: string | number) => format(Number(value)) }, grid: { color: GRID } },
      },
    },
  };
}

/**
 * Draws a chart with chart.js 4 on a server-side canvas (@napi-rs/canvas) into a PNG, at twice
 * the CSS size for sharp images on high-density screens. Both libraries load on first use.
 */
export async function renderChartPng(chart: TChartData, size: { width: number; height: number } = { width: 560, height: 260 }): Promise<Buffer> {
  const [{ createCanvas }, chartJs] = await Promise.all([import('@napi-rs/canvas'), import('chart.js')]);
  const { Chart, BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Filler } = chartJs;
  Chart.register(BarController, BarElement, LineController, LineElement, PointElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Legend, Filler);
  // The canvas has the CSS size; chart.js's devicePixelRatio (2) doubles its pixels and scales the drawing.
  const canvas = createCanvas(size.width, size.height);
  const drawn = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, { ...emailChartConfig(chart), plugins: [whiteBackground] });
  try {
    return canvas.toBuffer('image/png');
  } finally {
    drawn.destroy();
  }
}
