import { useEffect, useState } from 'react';
import type { TReportResult, TSavedReport } from '../../../../shared/analytics/analytics.schemas.ts';
import { KPIS } from '../../../../shared/analytics/kpi-catalog.ts';
import { sourceLabel } from '../../../../shared/analytics/load-names.ts';
import { LEAD_SOURCES, PROPERTY_TYPES } from '../../../../shared/leads/lead.constants.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert, Input, Select } from '../../components/field.tsx';
import { LazyChart } from '../../components/lazy-chart.tsx';
import { toast } from '../../components/toast.tsx';
import { act } from '../../lib/act.ts';
import { api, ApiError } from '../../lib/api-client.ts';
import { formatValue, rangeLabel } from '../../lib/analytics-view.ts';
import { label, shortDate } from '../../lib/format.ts';
import { EMPTY_DRAFT, fromDefinition, GROUPS, PRESET_NAMES, PRESETS, toDefinition, toggleMetric, type TReportDraft } from '../../lib/report-draft.ts';
import { saveFile } from '../../lib/save-file.ts';
import { useViewer } from '../../lib/use-role.ts';
import { GROUP_LABELS, ReportTable } from './report-table.tsx';

const ORDER = KPIS.map((kpi) => kpi.key);
const message = (failure: unknown, fallback: string) => {
  if (failure instanceof ApiError) return Object.values(failure.fieldErrors)[0] ?? failure.message;
  return failure instanceof Error ? failure.message : fallback;
};

/**
 * Custom reports: pick metrics, a grouping, filters and a period; run it (table and chart), save
 * it for the organisation, export it as CSV; the saved reports to open, export or delete.
 */
export function ReportBuilder() {
  const viewer = useViewer();
  const canSave = viewer.role === 'admin' || viewer.role === 'executive';
  const [draft, setDraft] = useState<TReportDraft>(EMPTY_DRAFT);
  const [openId, setOpenId] = useState<string | null>(null);
  const [result, setResult] = useState<TReportResult | null>(null);
  const [busy, setBusy] = useState<'run' | 'save' | 'export' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<TSavedReport[] | null>(null);

  const loadSaved = () =>
    api()
      .get<{ items: TSavedReport[] }>('/api/analytics/reports', { query: { limit: 50 } })
      .then((page) => setSaved(page.items))
      .catch(() => setSaved([]));
  useEffect(() => {
    void loadSaved();
  }, []);

  const set = (patch: Partial<TReportDraft>) => setDraft((current) => ({ ...current, ...patch }));

  const run = async (definitionDraft = draft) => {
    setBusy('run');
    setError(null);
    try {
      setResult(await api().post<TReportResult>('/api/analytics/reports/run', toDefinition(definitionDraft), { idempotent: true }));
    } catch (failure) {
      setError(message(failure, 'Could not run the report.'));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    if (!draft.name.trim()) return setError('Name the report to save it.');
    setBusy('save');
    setError(null);
    try {
      const body = { name: draft.name.trim(), definition: toDefinition(draft) };
      const report = openId ? await api().patch<TSavedReport>(`/api/analytics/reports/${encodeURIComponent(openId)}`, body) : await api().post<TSavedReport>('/api/analytics/reports', body);
      setOpenId(report.id);
      toast(`Saved “${report.name}”`, { tone: 'success' });
      void loadSaved();
    } catch (failure) {
      setError(message(failure, 'Could not save the report.'));
    } finally {
      setBusy(null);
    }
  };

  const exportCsv = async (report?: TSavedReport) => {
    setBusy('export');
    setError(null);
    try {
      const file = report
        ? await api().download(`/api/analytics/reports/${encodeURIComponent(report.id)}/export.csv`)
        : await api().post<{ blob: Blob; filename: string | null }>('/api/analytics/reports/export.csv', toDefinition(draft), { asFile: true, idempotent: true });
      saveFile(file, 'report.csv');
    } catch (failure) {
      setError(message(failure, 'Could not export the report.'));
    } finally {
      setBusy(null);
    }
  };

  const open = (report: TSavedReport) => {
    const next = fromDefinition(report.name, report.definition);
    setDraft(next);
    setOpenId(report.id);
    void run(next);
  };

  const remove = async (report: TSavedReport) => {
    if (!(await act(() => api().delete(`/api/analytics/reports/${encodeURIComponent(report.id)}`), { done: `Deleted “${report.name}”`, failed: 'Not deleted' }))) return;
    if (openId === report.id) setOpenId(null);
    void loadSaved();
  };

  return (
    <div className="stack">
      <Card title="Build a report" description="Metrics per source, rep, status, property type, week or month, over any period.">
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void run();
          }}
        >
          <fieldset className="an-picks">
            <legend className="dc-label">Metrics</legend>
            {KPIS.map((kpi) => (
              <label key={kpi.key} className="an-pick">
                <input type="checkbox" checked={draft.metrics.includes(kpi.key)} onChange={(event) => set({ metrics: toggleMetric(draft.metrics, kpi.key, event.currentTarget.checked, ORDER) })} />
                {kpi.label}
              </label>
            ))}
          </fieldset>
          <div className="grid">
            <Select label="Group by" value={draft.group_by} options={GROUPS.map((group) => ({ value: group, label: GROUP_LABELS[group] ?? group }))} onValue={(value) => set({ group_by: value as TReportDraft['group_by'] })} />
            <Select label="Period" value={draft.preset} options={PRESETS.map((preset) => ({ value: preset, label: PRESET_NAMES[preset] }))} onValue={(value) => set({ preset: value as TReportDraft['preset'] })} />
            {draft.preset === 'custom' && <Input label="From" type="date" value={draft.from} onValue={(value) => set({ from: value })} />}
            {draft.preset === 'custom' && <Input label="To" type="date" value={draft.to} onValue={(value) => set({ to: value })} />}
            <Select label="Lead source" value={draft.source} placeholder="All sources" options={LEAD_SOURCES.map((source) => ({ value: source, label: sourceLabel(source) }))} onValue={(value) => set({ source: value })} />
            <Select label="Property type" value={draft.property_type} placeholder="All property types" options={PROPERTY_TYPES.map((type) => ({ value: type, label: label(type) }))} onValue={(value) => set({ property_type: value })} />
            <Select
              label="Show as"
              value={draft.chart}
              options={[
                { value: 'bar', label: 'Bar chart and table' },
                { value: 'line', label: 'Line chart and table' },
                { value: 'table', label: 'Table only' },
              ]}
              onValue={(value) => set({ chart: value as TReportDraft['chart'] })}
            />
            {canSave && <Input label="Report name" value={draft.name} maxLength={120} placeholder="e.g. Direct mail by month" onValue={(value) => set({ name: value })} />}
          </div>
          <FormAlert message={error} />
          <div className="cluster">
            <Button type="submit" variant="primary" loading={busy === 'run'}>
              Run report
            </Button>
            {canSave && (
              <Button onClick={() => void save()} loading={busy === 'save'}>
                {openId ? 'Save changes' : 'Save report'}
              </Button>
            )}
            <Button onClick={() => void exportCsv()} loading={busy === 'export'}>
              Export CSV
            </Button>
          </div>
        </form>
      </Card>
      {result && (
        <Card title={result.name ?? 'Report'} description={`${rangeLabel(result.range.from, result.range.to)} · ${GROUP_LABELS[result.group_by] ?? ''}`}>
          <div className="stack">
            {result.chart && draft.chart !== 'table' && (
              <LazyChart kind={result.chart.kind} title={result.chart.title} labels={result.chart.labels} series={result.chart.series} format={(value) => formatValue(value, result.chart?.unit ?? 'count')} />
            )}
            <ReportTable result={result} caption="Report results" />
            {result.notes.map((note) => (
              <p key={note} className="dc-hint">
                {note}
              </p>
            ))}
          </div>
        </Card>
      )}
      <Card title="Saved reports" description="Shared with the organisation.">
        {saved === null && <p className="muted">Loading…</p>}
        {saved?.length === 0 && <p className="muted">No saved reports yet.</p>}
        {saved && saved.length > 0 && (
          <ul className="dc-list" aria-label="Saved reports">
            {saved.map((report) => (
              <li key={report.id} className="dc-list-item an-drill-item">
                <div>
                  <p className="an-drill-title">{report.name}</p>
                  <p className="dc-hint">
                    {report.definition.metrics.length} metrics · {GROUP_LABELS[report.definition.group_by]} · {PRESET_NAMES[report.definition.range.preset]} · changed {shortDate(report.updated_at)}
                  </p>
                </div>
                <div className="cluster">
                  <Button size="sm" onClick={() => open(report)} aria-label={`Open ${report.name}`}>
                    Open
                  </Button>
                  <Button size="sm" onClick={() => void exportCsv(report)} aria-label={`Export ${report.name} as CSV`}>
                    CSV
                  </Button>
                  {canSave && (
                    <Button size="sm" variant="ghost" onClick={() => void remove(report)} aria-label={`Delete ${report.name}`}>
                      Delete
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
