import { h, type ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { TKpi, TTable } from '../analytics.schemas.ts';
import { formatKpi } from '../format-kpi.ts';
import type { TWeeklyReport } from './build-weekly-report.ts';

/** Content ids of the inline chart images (`cid:` references in the HTML). */
export const CHART_CIDS = { funnel: 'funnel@dealcycle', revenue: 'revenue@dealcycle' } as const;

export interface TEmailLinks {
  unsubscribeUrl: string;
  dashboardUrl: string;
}

const FONT = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const COLORS = { text: '#0f172a', muted: '#64748b', border: '#e2e8f0', card: '#f8fafc', good: '#15803d', bad: '#b91c1c', accent: '#2563eb' };

const dateLabel = (day: string, withYear = false) =>
  new Date(`${day}T12:00:00.000Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' });
export const weekLabel = (week: { from: string; to: string }) => `${dateLabel(week.from)} – ${dateLabel(week.to, true)}`;

function change(kpi: TKpi): string {
  if (kpi.delta === null || kpi.delta === 0) return kpi.previous === null ? 'no comparison' : 'no change';
  const arrow = kpi.delta > 0 ? '▲' : '▼';
  const size = kpi.delta_pct !== null && kpi.unit !== 'percent' ? `${Math.round(Math.abs(kpi.delta_pct) * 100)}%` : formatKpi(Math.abs(kpi.delta), kpi.unit);
  return `${arrow} ${size} vs last week`;
}

/** Components are plain functions returning elements (this file is not JSX: Node strips types, not JSX). */
const section = (title: string, ...children: ComponentChildren[]): ComponentChildren =>
  h('tr', null, h('td', { style: { padding: '20px 24px 4px' } }, h('h2', { style: { margin: '0 0 12px', fontSize: '17px', color: COLORS.text, fontFamily: FONT } }, title), ...children));

function headlines(kpis: TKpi[]): ComponentChildren {
  const rows: TKpi[][] = [];
  for (let index = 0; index < kpis.length; index += 2) rows.push(kpis.slice(index, index + 2));
  return h(
    'table',
    { role: 'presentation', width: '100%', cellPadding: 0, cellSpacing: 0, style: { borderCollapse: 'separate', borderSpacing: '8px' } },
    h(
      'tbody',
      null,
      rows.map((pair) =>
        h(
          'tr',
          { key: pair[0]?.key },
          pair.map((kpi) =>
            h(
              'td',
              { key: kpi.key, width: '50%', valign: 'top', style: { background: COLORS.card, border: `1px solid ${COLORS.border}`, borderRadius: '8px', padding: '12px 14px', fontFamily: FONT } },
              h('div', { style: { fontSize: '13px', color: COLORS.muted } }, kpi.label),
              h('div', { style: { fontSize: '24px', fontWeight: 700, color: COLORS.text, margin: '2px 0' } }, formatKpi(kpi.value, kpi.unit)),
              h('div', { style: { fontSize: '13px', fontWeight: 600, color: kpi.good === null ? COLORS.muted : kpi.good ? COLORS.good : COLORS.bad } }, change(kpi)),
              h('div', { style: { fontSize: '12px', color: COLORS.muted, marginTop: '6px', lineHeight: '1.4' } }, kpi.explanation),
            ),
          ),
        ),
      ),
    ),
  );
}

function dataTable(table: TTable, first: string): ComponentChildren {
  const cellStyle = { padding: '6px 8px', borderBottom: `1px solid ${COLORS.border}`, fontSize: '13px', fontFamily: FONT, color: COLORS.text };
  return h(
    'table',
    { role: 'table', width: '100%', cellPadding: 0, cellSpacing: 0, style: { borderCollapse: 'collapse' } },
    h('thead', null, h('tr', null, h('th', { align: 'left', scope: 'col', style: { ...cellStyle, color: COLORS.muted } }, first), table.columns.map((column) => h('th', { key: column.key, align: 'right', scope: 'col', style: { ...cellStyle, color: COLORS.muted } }, column.label)))),
    h(
      'tbody',
      null,
      table.rows.map((row) =>
        h(
          'tr',
          { key: row.key },
          h('th', { align: 'left', scope: 'row', style: { ...cellStyle, fontWeight: 600 } }, row.label),
          table.columns.map((column) => h('td', { key: column.key, align: 'right', style: cellStyle }, formatKpi(row.cells[column.key]?.value ?? null, column.unit))),
        ),
      ),
    ),
  );
}

const chartImage = (cid: string, alt: string): ComponentChildren =>
  h('img', { src: `cid:${cid}`, alt, width: 560, height: 260, style: { display: 'block', width: '100%', maxWidth: '560px', height: 'auto', border: 0, margin: '4px 0 12px' } });

/** The HTML part: table layout and inline styles (mail clients ignore stylesheets), charts as `cid:` images. */
export function renderWeeklyHtml(report: TWeeklyReport, links: TEmailLinks): string {
  const paragraph = (text: string) => h('p', { style: { margin: '0 0 8px', fontSize: '14px', lineHeight: '1.5', color: COLORS.text, fontFamily: FONT } }, text);
  const body = h(
    'table',
    { role: 'presentation', width: '100%', cellPadding: 0, cellSpacing: 0, style: { background: '#eef2f7', padding: '24px 0' } },
    h(
      'tbody',
      null,
      h(
        'tr',
        null,
        h(
          'td',
          { align: 'center' },
          h(
            'table',
            { role: 'presentation', width: 640, cellPadding: 0, cellSpacing: 0, style: { width: '100%', maxWidth: '640px', background: '#ffffff', borderRadius: '10px', border: `1px solid ${COLORS.border}` } },
            h(
              'tbody',
              null,
              h(
                'tr',
                null,
                h(
                  'td',
                  { style: { padding: '24px 24px 8px', fontFamily: FONT } },
                  h('div', { style: { fontSize: '13px', color: COLORS.muted } }, `${report.organisation} · weekly report`),
                  h('h1', { style: { margin: '4px 0 0', fontSize: '22px', color: COLORS.text } }, `Your week: ${weekLabel(report.week)}`),
                ),
              ),
              h('tr', null, h('td', { style: { padding: '8px 16px' } }, headlines(report.headlines))),
              report.whatChanged.length > 0
                ? section('What changed', h('ul', { style: { margin: '0 0 8px', paddingLeft: '20px' } }, report.whatChanged.map((item) => h('li', { key: item.kpi, style: { fontSize: '14px', lineHeight: '1.5', color: COLORS.text, fontFamily: FONT, marginBottom: '4px' } }, item.sentence))))
                : null,
              section('Funnel', chartImage(CHART_CIDS.funnel, `Funnel: ${report.funnel.chart.labels.map((stage, index) => `${stage} ${report.funnel.chart.series[0]?.values[index] ?? 0}`).join(', ')}`), dataTable(report.funnel.table, 'Stage')),
              section(
                'Revenue',
                paragraph(`${formatKpi(report.revenue.total, 'currency')} in assignment fees closed this week.`),
                chartImage(CHART_CIDS.revenue, `Revenue per week: ${report.revenue.chart.labels.map((week, index) => `${week} ${formatKpi(report.revenue.chart.series[0]?.values[index] ?? 0, 'currency')}`).join(', ')}`),
              ),
              report.sources ? section(report.sources.columns.some((column) => column.key === 'roi') ? 'Top sources by ROI' : 'Top lead sources', dataTable(report.sources, 'Source')) : null,
              section('Rep leaderboard', dataTable(report.leaderboard, 'Rep')),
              h(
                'tr',
                null,
                h(
                  'td',
                  { style: { padding: '20px 24px 24px', fontFamily: FONT, fontSize: '12px', color: COLORS.muted, lineHeight: '1.5' } },
                  h('a', { href: links.dashboardUrl, style: { color: COLORS.accent, fontWeight: 600 } }, 'Open the executive dashboard'),
                  h('br', null),
                  `Figures for ${weekLabel(report.week)} (${report.timeZone}) compared with ${weekLabel(report.previous)}. You receive this report because you opted in. `,
                  h('a', { href: links.unsubscribeUrl, style: { color: COLORS.muted } }, 'Unsubscribe from the weekly report'),
                  '.',
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title>${escapeHtml(`${report.organisation} weekly report`)}</title></head><body style="margin:0;padding:0;background:#eef2f7">${renderToString(body)}</body></html>`;
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character] ?? character);

/** The plain-text part: the same content, readable in any client. */
export function renderWeeklyText(report: TWeeklyReport, links: TEmailLinks): string {
  const lines: string[] = [`${report.organisation} — weekly report`, `Week of ${weekLabel(report.week)} (${report.timeZone})`, ''];
  for (const kpi of report.headlines) lines.push(`${kpi.label}: ${formatKpi(kpi.value, kpi.unit)} (${change(kpi)})`, `  ${kpi.explanation}`);
  if (report.whatChanged.length > 0) lines.push('', 'What changed', ...report.whatChanged.map((item) => `- ${item.sentence}`));
  const table = (title: string, data: TTable) => {
    lines.push('', title);
    for (const row of data.rows) lines.push(`- ${row.label}: ${data.columns.map((column) => `${column.label.toLowerCase()} ${formatKpi(row.cells[column.key]?.value ?? null, column.unit)}`).join(', ')}`);
  };
  table('Funnel', report.funnel.table);
  lines.push('', `Revenue: ${formatKpi(report.revenue.total, 'currency')} this week`);
  lines.push(...report.revenue.chart.labels.map((week, index) => `- week of ${week}: ${formatKpi(report.revenue.chart.series[0]?.values[index] ?? 0, 'currency')}`));
  if (report.sources) table('Top sources', report.sources);
  table('Rep leaderboard', report.leaderboard);
  lines.push('', `Executive dashboard: ${links.dashboardUrl}`, `Unsubscribe: ${links.unsubscribeUrl}`);
  return `${lines.join('\n')}\n`;
}

export function weeklySubject(report: TWeeklyReport): string {
  const revenue = report.headlines.find((kpi) => kpi.key === 'revenue');
  const contracts = report.headlines.find((kpi) => kpi.key === 'contracts');
  return `${report.organisation} weekly report, ${weekLabel(report.week)}: ${formatKpi(revenue?.value ?? 0, 'currency')} revenue, ${formatKpi(contracts?.value ?? 0, 'count')} contracts`;
}
