import { describe, expect, it } from 'vitest';
import { addGroup, appendPacked, emptyFacts, factKey, histogramMedian, mergeFacts, packFacts, readFacts, shareFacts, sumFacts, type TFactGroup } from '../../../shared/analytics/facts.ts';
import { compareValues, explainChange, whatChanged } from '../../../shared/analytics/explain-change.ts';
import { formatDelta, formatKpi } from '../../../shared/analytics/format-kpi.ts';
import { KPIS, kpiByKey } from '../../../shared/analytics/kpi-catalog.ts';
import { metricsOfKpi } from '../../../shared/analytics/kpi-metrics.ts';
import type { TNames } from '../../../shared/analytics/load-names.ts';
import { reportToCsv, spreadsheetSafe } from '../../../shared/analytics/reports/report-csv.ts';

const group = (fields: Partial<TFactGroup>): TFactGroup => ({ metric: 'leads_created', source: null, rep: null, property_type: null, extra: null, bucket: null, n: 1, v: 0, ...fields });
const kpiOf = (key: string) => {
  const found = kpiByKey(key);
  if (!found) throw new Error(`No KPI ${key}`);
  return found;
};
const names: TNames = { user: (uid) => `User ${uid}`, buyer: (id) => `Buyer ${id}`, of: (_dim, value) => value.replace(/_/g, ' '), members: [] };

describe('facts', () => {
  it('keep totals and one marginal per dimension, and add up across days', () => {
    const monday = emptyFacts();
    addGroup(monday, group({ source: 'ppc', rep: 'u1', n: 2 }));
    addGroup(monday, group({ metric: 'deals_closed', source: 'ppc', extra: 'by_1', n: 1, v: 12_000 }));
    const tuesday = emptyFacts();
    addGroup(tuesday, group({ source: 'direct_mail', rep: 'u1', n: 3 }));
    const week = readFacts(mergeFacts(mergeFacts(emptyFacts(), monday), tuesday));
    expect(week.count('leads_created')).toBe(5);
    expect(week.count('leads_created', { rep: 'u1' })).toBe(5);
    expect(week.count('leads_created', { source: 'ppc' })).toBe(2);
    expect(week.amount('deals_closed', { extra: 'by_1' })).toBe(12_000);
    expect(readFacts(monday, { rep: 'u1' }).count('leads_created')).toBe(2);
    expect(week.breakdown('leads_created', 'source').sort((a, b) => a.value.localeCompare(b.value))).toEqual([
      { value: 'direct_mail', n: 3, v: 0 },
      { value: 'ppc', n: 2, v: 0 },
    ]);
  });

  it('sum many days to what merging them one by one gives, histograms (summed when read) included', () => {
    const days = Array.from({ length: 12 }, (_, index) => {
      const day = emptyFacts();
      for (let row = 0; row < 20; row++) {
        addGroup(day, group({ metric: 'first_contacts', source: ['ppc', 'seo', 'direct_mail'][row % 3] as string, rep: `u${(row + index) % 4}`, bucket: (row * 7 + index) % 45, n: 1, v: (row * 7 + index) % 45 }));
      }
      return day;
    });
    const merged = days.reduce((total, day) => mergeFacts(total, day), emptyFacts());
    const summed = sumFacts(days);
    // One median read first (merges that histogram only), then everything compared.
    expect(readFacts(summed, { rep: 'u2' }).median('first_contacts')).toBe(readFacts(merged, { rep: 'u2' }).median('first_contacts'));
    expect(JSON.parse(JSON.stringify(summed))).toEqual(JSON.parse(JSON.stringify(merged)));
    // Adding to a sum later works like adding to a merge.
    addGroup(summed, group({ metric: 'first_contacts', source: 'ppc', bucket: 3, n: 2 }));
    addGroup(merged, group({ metric: 'first_contacts', source: 'ppc', bucket: 3, n: 2 }));
    expect(JSON.parse(JSON.stringify(mergeFacts(emptyFacts(), summed)))).toEqual(JSON.parse(JSON.stringify(merged)));
    expect(sumFacts([])).toEqual(emptyFacts());
  });

  it('read and add up the same whether a day is packed (as rollups store it) or not', () => {
    const days = Array.from({ length: 5 }, (_, index) => {
      const day = emptyFacts();
      for (let row = 0; row < 12; row++) {
        addGroup(day, group({ metric: 'first_contacts', source: ['ppc', 'seo'][row % 2] as string, rep: `u${(row + index) % 3}`, bucket: (row * 5 + index) % 17, n: 1, v: row + index }));
        addGroup(day, group({ metric: 'deals_closed', extra: `by_${row % 4}`, n: 1, v: 1_000 * (row + 1) }));
      }
      return day;
    });
    const plain = JSON.parse(JSON.stringify(sumFacts(days)));
    const packed = days.map(packFacts);
    expect(JSON.parse(JSON.stringify(sumFacts(packed)))).toEqual(plain);
    expect(JSON.parse(JSON.stringify(sumFacts([days[0], ...packed.slice(1)].filter((day) => day !== undefined))))).toEqual(plain);
    expect(JSON.parse(JSON.stringify(packed.reduce((total, day) => mergeFacts(total, day), emptyFacts())))).toEqual(plain);
    // A packed day read on its own, and with more facts appended after it (spend on a rolled-up day).
    const [first, second] = packed as [ReturnType<typeof packFacts>, ReturnType<typeof packFacts>];
    expect(readFacts(first, { rep: 'u1' }).median('first_contacts')).toBe(readFacts(days[0] ?? emptyFacts(), { rep: 'u1' }).median('first_contacts'));
    const both = readFacts(appendPacked(first, second));
    const expected = readFacts(sumFacts(days.slice(0, 2)));
    expect(both.amount('deals_closed', { extra: 'by_2' })).toBe(expected.amount('deals_closed', { extra: 'by_2' }));
    expect(both.count('first_contacts', { rep: 'u2' })).toBe(expected.count('first_contacts', { rep: 'u2' }));
    expect(readFacts(first, { rep: 'u0' }).count('first_contacts')).toBe(readFacts(days[0] ?? emptyFacts(), { rep: 'u0' }).count('first_contacts'));
    expect(both.count('leads_created')).toBe(0);
    expect(both.median('first_contacts', { source: 'seo' })).toBe(expected.median('first_contacts', { source: 'seo' }));
    expect(both.breakdown('deals_closed', 'extra')).toEqual(expected.breakdown('deals_closed', 'extra'));
  });

  it('keep the sum of shared days, give each caller its own copy, and sum other days anew', () => {
    const day = (index: number) => {
      const facts = emptyFacts();
      for (let row = 0; row < 15; row++) {
        addGroup(facts, group({ metric: 'first_contacts', source: ['ppc', 'seo'][row % 2] as string, rep: `u${(row + index) % 3}`, bucket: (row * 3 + index) % 23, n: 1, v: row }));
        addGroup(facts, group({ metric: 'deals_closed', extra: `by_${(row + index) % 4}`, n: 1, v: 500 * (row + index) }));
      }
      return facts;
    };
    const plain = Array.from({ length: 8 }, (_, index) => day(index));
    const shared = plain.map((facts) => shareFacts(packFacts(facts)));
    const today = day(99);
    const json = (facts: unknown) => JSON.parse(JSON.stringify(facts));
    const expected = json(sumFacts([...plain, today]));

    const first = sumFacts([...shared, today]);
    expect(readFacts(first).median('first_contacts', { rep: 'u1' })).toBe(readFacts(sumFacts([...plain, today])).median('first_contacts', { rep: 'u1' }));
    expect(json(first)).toEqual(expected);
    // What a caller does with its sum stays in its sum: the kept one gives the next caller the same figures.
    addGroup(first, group({ metric: 'first_contacts', rep: 'u1', bucket: 1, n: 40 }));
    (first.h['first_contacts|r|u2'] as Record<string, number>)[5] = 1_000;
    first.n['deals_closed'] = -1;
    expect(json(sumFacts([...shared, today]))).toEqual(expected);
    // Another set of days (one replaced, as a day rolled up again is) is another sum.
    const replaced = day(50);
    const again = [...shared.slice(0, 3), shareFacts(packFacts(replaced)), ...shared.slice(4)];
    expect(json(sumFacts(again))).toEqual(json(sumFacts([...plain.slice(0, 3), replaced, ...plain.slice(4)])));
    const middle = json(sumFacts(plain.slice(2, 6)));
    const onlyShared = sumFacts(shared.slice(2, 6));
    expect(json(onlyShared)).toEqual(middle);
    onlyShared.n['deals_closed'] = -1;
    (onlyShared.h['first_contacts'] as Record<string, number>)[0] = 1_000;
    expect(json(sumFacts(shared.slice(2, 6)))).toEqual(middle);
    expect(Object.isFrozen(shared[0]) && Object.isFrozen(shared[0]?.h.counts[0])).toBe(true);
  });

  it('encode dimension values into valid MongoDB field names, and read them back', () => {
    const key = factKey('leads_lost', { extra: 'Sold. To $someone|else' });
    expect(key).toBe('leads_lost|x|Sold%2E%20To%20%24someone%7Celse');
    expect(key.includes('.')).toBe(false);
    const facts = emptyFacts();
    addGroup(facts, group({ metric: 'leads_lost', extra: 'Sold. To $someone|else' }));
    expect(readFacts(facts).breakdown('leads_lost', 'extra')).toEqual([{ value: 'Sold. To $someone|else', n: 1, v: 0 }]);
  });

  it.each([
    [{}, null],
    [{ 5: 1 }, 5],
    [{ 3: 1, 9: 1 }, 6],
    [{ 1: 2, 4: 1, 100: 1 }, 2.5],
    [{ 0: 3, 7: 1 }, 0],
    // Negative buckets enumerate after the others; empty buckets count for nothing.
    [{ 10: 1, '-2': 1, 4: 0 }, 4],
    [{ 3: 1, '-5': 2 }, -5],
  ])('take the median of histogram %j as %s', (histogram, expected) => {
    expect(histogramMedian(histogram)).toBe(expected);
  });
});

describe('KPIs', () => {
  it('list the metrics each formula reads, for reports to fetch', () => {
    expect(metricsOfKpi(kpiOf('roi'))).toEqual(['deals_closed', 'marketing_spend']);
    expect(metricsOfKpi(kpiOf('contact_rate')).sort()).toEqual(['calls', 'calls_answered']);
    for (const kpi of KPIS) expect(metricsOfKpi(kpi)).toContain(kpi.drill);
  });

  it('explain a change in a sentence naming the biggest mover', () => {
    const leads = kpiOf('leads');
    const current = emptyFacts();
    addGroup(current, group({ source: 'ppc', n: 9 }));
    addGroup(current, group({ source: 'direct_mail', n: 3 }));
    const previous = emptyFacts();
    addGroup(previous, group({ source: 'ppc', n: 3 }));
    addGroup(previous, group({ source: 'direct_mail', n: 5 }));
    const change = compareValues(leads, 12, 8);
    expect(change).toMatchObject({ delta: 4, deltaPct: 0.5, good: true });
    expect(explainChange(leads, change, { current: readFacts(current), previous: readFacts(previous) }, names, 'the previous period')).toBe(
      'Leads up 50% to 12 from 8 the previous period; the biggest change: ppc (+6).',
    );
    const speed = kpiOf('speed_to_lead');
    expect(compareValues(speed, 10, 20).good).toBe(true);
    expect(explainChange(speed, compareValues(speed, 10, 20), { current: readFacts(current), previous: readFacts(previous) }, names, 'last week')).toBe('Speed to lead down 50% to 10 min from 20 min last week.');
    expect(explainChange(leads, compareValues(leads, 12, null), { current: readFacts(current), previous: null }, names, '')).toBe('Leads: 12 (no comparison period).');
  });

  it('rank what changed by relative size and leave out small-count noise', () => {
    const item = (key: string, value: number, previous: number) => {
      const kpi = kpiOf(key);
      return { kpi, change: compareValues(kpi, value, previous), sentence: key };
    };
    const items = whatChanged([item('leads', 120, 100), item('contracts', 2, 1), item('revenue', 30_000, 10_000), item('calls', 50, 50), item('offers', 10, 20)]);
    expect(items.map((entry) => [entry.kpi, entry.direction, entry.good])).toEqual([
      ['revenue', 'up', true],
      ['offers', 'down', false],
      ['leads', 'up', true],
    ]);
  });

  it('format values in their unit', () => {
    expect([formatKpi(12_300.4, 'currency'), formatKpi(0.375, 'percent'), formatKpi(14, 'minutes'), formatKpi(185, 'minutes'), formatKpi(3.25, 'days'), formatKpi(null, 'count')]).toEqual([
      '$12,300',
      '37.5%',
      '14 min',
      '3.1 h',
      '3.3 days',
      '—',
    ]);
    expect([formatDelta(-2_100, 'currency'), formatDelta(0.042, 'percent')]).toEqual(['−$2,100', '+4.2 pts']);
  });
});

describe('report CSV', () => {
  it('neutralises cells a spreadsheet would run as formulas, not numbers', () => {
    expect(['=SUM(A1)', '+1', '-2', '@cmd', 'Direct mail', '\tx'].map(spreadsheetSafe)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@cmd", 'Direct mail', "'\tx"]);
    const csv = reportToCsv({
      name: 'x',
      range: { from: '2026-03-01', to: '2026-03-31', timezone: 'UTC' },
      group_by: 'source',
      columns: [{ key: 'roi', label: 'Marketing ROI', unit: 'percent' }],
      rows: [
        { key: 'a', label: '=evil', values: { roi: -0.25 } },
        { key: 'b', label: 'PPC', values: { roi: null } },
      ],
      totals: { roi: -0.1 },
      chart: null,
      notes: [],
    });
    expect(csv).toBe("Source,Marketing ROI (fraction)\n'=evil,-0.25\nPPC,\nTotal,-0.1\n");
  });
});
