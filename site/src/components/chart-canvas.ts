import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJs,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { chartConfig, themeColors, type TChartProps } from './chart-config.ts';

// Only what the four kinds use is registered, so the bundle carries no other controller.
ChartJs.register(LineController, LineElement, PointElement, BarController, BarElement, DoughnutController, ArcElement, CategoryScale, LinearScale, Filler, Tooltip, Legend);

/**
 * Draws one of the design system's charts on a canvas; `onPick` gets the index of the bar,
 * point or slice clicked (drill-downs). Loaded with a dynamic import by `LazyChart`, so chart.js
 * never delays a page's first paint. Returns the cleanup.
 */
export function drawChart(canvas: HTMLCanvasElement, props: TChartProps, onPick?: (index: number) => void): () => void {
  const config = chartConfig(props, themeColors(canvas));
  if (onPick) {
    config.options = {
      ...config.options,
      onClick: (_event, elements) => {
        const index = elements[0]?.index;
        if (index !== undefined) onPick(index);
      },
      onHover: (event, elements) => {
        const target = event.native?.target;
        if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
      },
    };
  }
  const chart = new ChartJs(canvas, config);
  return () => chart.destroy();
}
