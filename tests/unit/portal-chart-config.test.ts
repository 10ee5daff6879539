import { describe, expect, it } from 'vitest';
import { chartConfig } from '../../site/src/components/chart-config.ts';

const colors = { series: ['#111111', '#222222', '#333333'], text: '#444444', grid: '#555555' };

describe('chart configuration', () => {
  it('draws a funnel as centred floating horizontal bars', () => {
    const config = chartConfig({ kind: 'funnel', title: 'Pipeline', labels: ['Leads', 'Offers', 'Contracts'], series: [{ label: 'Count', values: [100, 40, 10] }] }, colors);
    expect(config.type).toBe('bar');
    expect(config.options?.indexAxis).toBe('y');
    expect(config.data.datasets[0]?.data).toEqual([
      [0, 100],
      [30, 70],
      [45, 55],
    ]);
  });

  it('colours doughnut slices from the palette in order and shows a legend', () => {
    const config = chartConfig({ kind: 'doughnut', title: 'Deals', labels: ['A', 'B'], series: [{ label: 'Deals', values: [3, 4] }] }, colors);
    expect(config.data.datasets[0]?.backgroundColor).toEqual(['#111111', '#222222']);
    expect(config.options?.plugins?.legend?.display).toBe(true);
  });

  it('gives each line its own palette colour and hides the legend for a single series', () => {
    const single = chartConfig({ kind: 'line', title: 'Fees', labels: ['Jan'], series: [{ label: 'Fees', values: [1] }] }, colors);
    expect(single.options?.plugins?.legend?.display).toBe(false);
    const double = chartConfig({ kind: 'bar', title: 'Sources', labels: ['Mail'], series: [{ label: 'Leads', values: [1] }, { label: 'Contracts', values: [2] }] }, colors);
    expect(double.data.datasets.map((dataset) => dataset.backgroundColor)).toEqual(['#111111', '#222222']);
  });
});
