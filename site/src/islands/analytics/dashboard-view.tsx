import { useEffect, useRef, useState } from 'react';
import type { TChartData, TDashboard, TDashboardName, TKpi, TTable } from '../../../../shared/analytics/analytics.schemas.ts';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { LazyChart } from '../../components/lazy-chart.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { compactMoney } from '../../lib/format.ts';
import { formatDelta, formatValue, rangeLabel, readView, todayIn, viewSearch, type TDashboardView, type TRangePreset } from '../../lib/analytics-view.ts';
import { DrilldownDrawer, type TDrillTarget } from './drilldown-drawer.tsx';
import { RangePicker } from './range-picker.tsx';

/** The organisation's time zone as last reported by the API (its days are the dashboards' days). */
const TZ_KEY = 'dc.analytics.tz';
const storedZone = (): string => {
  try {
    return localStorage.getItem(TZ_KEY) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return 'UTC';
  }
};

export interface DashboardViewProps {
  name: TDashboardName;
  /** The period shown when the URL names none. */
  defaultPreset?: Exclude<TRangePreset, 'custom'>;
  /** Show only these KPIs, charts and tables (by key), in the API's order; all when omitted. */
  only?: { kpis?: string[]; charts?: string[]; tables?: string[] };
  /** Big figures first, for a phone on the road. */
  compact?: boolean;
}

const pick = <T extends { key: string }>(items: T[], keys: string[] | undefined) => (keys ? items.filter((item) => keys.includes(item.key)) : items);
const PERIOD_NAMES = { previous: 'the previous period', last_year: 'the same period last year', none: '' } as const;

/**
 * A role dashboard (`GET /api/analytics/dashboards/:name`): the period and comparison from the
 * URL, KPI tiles with their change and the API's explanation, "what changed", charts (chart.js
 * loaded on demand) and tables. Any number, bar or cell with records behind it opens them.
 */
export function DashboardView({ name, defaultPreset = '30d', only, compact = false }: DashboardViewProps) {
  const [today, setToday] = useState<string | null>(null);
  const [view, setView] = useState<TDashboardView | null>(null);
  const [data, setData] = useState<TDashboard | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<TDrillTarget | null>(null);
  const zone = useRef('UTC');

  useEffect(() => {
    zone.current = storedZone();
    const day = todayIn(zone.current);
    setToday(day);
    setView(readView(location.search, day, defaultPreset));
    const onPop = () => setView(readView(location.search, todayIn(zone.current), defaultPreset));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    if (!view) return;
    const search = viewSearch(view, location.search);
    if (search !== location.search.replace(/^\?/, '')) history.replaceState(history.state, '', `${location.pathname}?${search}`);
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    api()
      .get<TDashboard>(`/api/analytics/dashboards/${name}`, { query: { from: view.from, to: view.to, compare: view.compare }, signal: controller.signal })
      .then((dashboard) => {
        if (dashboard.range.timezone !== zone.current) {
          // First visit (or the organisation moved): presets count days in its zone, not the browser's.
          zone.current = dashboard.range.timezone;
          try {
            localStorage.setItem(TZ_KEY, zone.current);
          } catch {
            // Private mode: recomputed on each visit.
          }
          const day = todayIn(zone.current);
          setToday(day);
          if (view.preset !== 'custom') {
            const again = readView(viewSearch(view), day, defaultPreset);
            if (again.from !== view.from || again.to !== view.to) return setView(again);
          }
        }
        setData(dashboard);
        setLoading(false);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted) return;
        setLoading(false);
        setError(failure instanceof ApiError && failure.status === 403 ? failure.message : failure instanceof Error ? failure.message : 'Could not load the dashboard.');
      });
    return () => controller.abort();
  }, [view]);

  const periodName = data?.comparison ? PERIOD_NAMES[data.comparison.compare] : '';
  const kpis = data ? pick(data.kpis, only?.kpis) : [];
  const charts = data ? pick(data.charts, only?.charts) : [];
  const tables = data ? pick(data.tables, only?.tables) : [];
  const skeletonTiles = only?.kpis?.length ?? (compact ? 4 : 8);

  return (
    <div className={['stack', 'an-dashboard', compact ? 'an-dashboard--compact' : ''].join(' ')} aria-busy={loading}>
      <div className="an-toolbar">
        {/* Drawn before the URL is read (static HTML) so the figures below never move when it is. */}
        <RangePicker view={view ?? { preset: defaultPreset, from: '', to: '', compare: 'previous' }} today={today ?? ''} onChange={(next) => view && setView(next)} compact={compact} />
        <p className="dc-hint an-period" aria-live="polite">
          {data
            ? `${rangeLabel(data.range.from, data.range.to)}${data.comparison ? ` · compared with ${rangeLabel(data.comparison.from, data.comparison.to)}` : ''}${data.scope.rep ? ' · your own figures' : ''}`
            : '\u00a0'}
        </p>
      </div>
      <FormAlert message={error} />
      <section aria-label="Key figures" className={compact ? 'an-kpis an-kpis--big' : 'an-kpis'}>
        {data
          ? kpis.map((kpi) => <KpiTile key={kpi.key} kpi={kpi} periodName={periodName} short={compact} onDrill={() => setDrill({ title: `${kpi.label}: the records`, link: kpi.drilldown })} />)
          : !error && Array.from({ length: skeletonTiles }, (_, index) => <div key={index} className="dc-card an-kpi an-kpi--loading"><Skeleton lines={3} label="Loading the figures" /></div>)}
      </section>
      {data && data.what_changed.items.length > 0 && !only && (
        <Card title="What changed" description={data.what_changed.source === 'ai' ? 'Insights on the biggest changes' : `The biggest moves against ${periodName}`}>
          <ul className="an-changes">
            {data.what_changed.items.map((item) => (
              <li key={item.kpi} className={item.good ? 'an-good' : 'an-bad'}>
                <span aria-hidden="true">{item.direction === 'up' ? '▲' : '▼'}</span> {item.sentence}
              </li>
            ))}
          </ul>
        </Card>
      )}
      {charts.length > 0 && (
        <div className="an-charts">
          {charts.map((chart) => (
            <ChartCard key={chart.key} chart={chart} onDrill={(index) => openChartDrill(chart, index, setDrill)} />
          ))}
        </div>
      )}
      {!data && !error && <div className="an-charts">{Array.from({ length: only?.charts?.length ?? (compact ? 1 : 2) }, (_, index) => <div key={index} className="dc-card an-chart-card"><Skeleton height="300px" label="Loading the chart" /></div>)}</div>}
      {tables.map((table) => (
        <TableCard key={table.key} table={table} onDrill={setDrill} />
      ))}
      <DrilldownDrawer target={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

function openChartDrill(chart: TChartData, index: number, open: (target: TDrillTarget) => void) {
  const link = chart.drilldowns?.[index];
  if (link) open({ title: `${chart.title}: ${chart.labels[index] ?? ''}`, link });
}

function KpiTile({ kpi, periodName, short, onDrill }: { kpi: TKpi; periodName: string; short: boolean; onDrill: () => void }) {
  const delta = formatDelta(kpi, periodName);
  return (
    <article className="dc-card an-kpi" data-kpi={kpi.key}>
      <h2 className="an-kpi-label" title={kpi.definition}>
        {kpi.label}
      </h2>
      {/* Big figures on the road: money as $334K so it fits half a phone's width. */}
      <p className="an-kpi-value">{short && kpi.unit === 'currency' ? compactMoney(kpi.value) : formatValue(kpi.value, kpi.unit)}</p>
      <p className="an-kpi-change">
        {delta.text && (
          <span className={`an-delta an-delta--${delta.tone}`}>
            <span aria-hidden="true">{delta.text}</span>
            <span className="visually-hidden">{delta.spoken}</span>
          </span>
        )}
        {kpi.previous !== null && <span className="dc-hint"> vs {formatValue(kpi.previous, kpi.unit)}</span>}
      </p>
      <p className="dc-hint an-kpi-why">{kpi.explanation}</p>
      <button type="button" className="an-link an-kpi-drill" onClick={onDrill} aria-label={`${kpi.label}: see the records`}>
        See the records
      </button>
    </article>
  );
}

function ChartCard({ chart, onDrill }: { chart: TChartData; onDrill: (index: number) => void }) {
  const format = (value: number) => formatValue(value, chart.unit);
  const drillable = chart.drilldowns?.map((link) => link !== null);
  return (
    <Card title={chart.title} className="an-chart-card" description={drillable ? 'Select a bar or a row to see its records.' : undefined}>
      <LazyChart
        kind={chart.kind}
        title={chart.title}
        labels={chart.labels}
        series={chart.series}
        format={format}
        height={chart.kind === 'doughnut' ? 240 : 260}
        onDrill={drillable ? onDrill : undefined}
        drillable={drillable}
      />
    </Card>
  );
}

function TableCard({ table, onDrill }: { table: TTable; onDrill: (target: TDrillTarget) => void }) {
  if (table.rows.length === 0) {
    return (
      <Card title={table.title}>
        <p className="muted">Nothing in this period.</p>
      </Card>
    );
  }
  return (
    <Card title={table.title} flush>
      <div className="an-table-scroll" role="region" tabIndex={0} aria-label={table.title}>
        <table className="an-table">
          <caption className="visually-hidden">{table.title}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {table.columns.map((column) => (
                <th key={column.key} scope="col" className="an-num">
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {table.columns.map((column) => {
                  const cell = row.cells[column.key];
                  const text = formatValue(cell?.value ?? null, column.unit);
                  const link = cell?.drilldown ?? null;
                  return (
                    <td key={column.key} className="an-num">
                      {link && cell?.value ? (
                        <button type="button" className="an-link" aria-label={`${row.label}, ${column.label}: ${text}, see the records`} onClick={() => onDrill({ title: `${row.label}: ${column.label}`, link })}>
                          {text}
                        </button>
                      ) : (
                        text
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
