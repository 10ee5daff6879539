import { useEffect, useState } from 'react';
import type { TReportResult } from '../../../../shared/analytics/analytics.schemas.ts';
import { sourceLabel } from '../../../../shared/analytics/load-names.ts';
import type { TSpend } from '../../../../shared/analytics/spend/marketing-spend.schemas.ts';
import { LEAD_SOURCES } from '../../../../shared/leads/lead.constants.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert, Input, Select } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { act } from '../../lib/act.ts';
import { api } from '../../lib/api-client.ts';
import { money, parseMoney } from '../../lib/format.ts';
import { useApiForm } from '../../lib/use-api-form.ts';
import { useViewer } from '../../lib/use-role.ts';
import { ReportTable } from './report-table.tsx';

/** Return on marketing per source over the last 90 days: the report the spend entries feed. */
const ROI_REPORT = { metrics: ['marketing_spend', 'leads', 'cost_per_lead', 'contracts', 'revenue', 'roi'], group_by: 'source', range: { preset: 'last_90_days' }, chart: 'table' } as const;

const thisMonth = () => new Date().toISOString().slice(0, 7);

/**
 * Marketing spend per month and source (admins enter it; entering a month and source again
 * replaces it) and the ROI by source it produces.
 */
export function MarketingSpend() {
  const viewer = useViewer();
  const isAdmin = viewer.role === 'admin';
  const [entries, setEntries] = useState<TSpend[] | null>(null);
  const [roi, setRoi] = useState<TReportResult | null>(null);
  const [form, setForm] = useState({ month: '', source: 'direct_mail', amount: '', notes: '' });
  const [alert, setAlert] = useState<string | null>(null);
  const save = useApiForm({
    schema: async () => (await import('../../../../shared/analytics/spend/marketing-spend.schemas.ts')).ZPutSpendRequest,
    send: (value) => api().put<TSpend>('/api/analytics/spend', value, { idempotent: true }),
    onDone: (saved) => {
      toast(`${sourceLabel(saved.source)} ${saved.month}: ${money(saved.amount)}`, { tone: 'success' });
      setForm((current) => ({ ...current, amount: '', notes: '' }));
      load();
    },
  });

  const load = () => {
    api()
      .get<{ items: TSpend[] }>('/api/analytics/spend')
      .then((page) => setEntries(page.items))
      .catch((failure: unknown) => {
        setEntries([]);
        setAlert(failure instanceof Error ? failure.message : 'Could not load the spend.');
      });
    api()
      .post<TReportResult>('/api/analytics/reports/run', ROI_REPORT, { idempotent: true })
      .then(setRoi)
      .catch(() => setRoi(null));
  };
  useEffect(() => {
    setForm((current) => ({ ...current, month: thisMonth() }));
    load();
  }, []);

  // A blank or unreadable amount goes to the schema as such, so it answers under the field.
  const submit = () => {
    const amount = parseMoney(form.amount);
    void save.submit({ source: form.source, month: form.month, amount: amount === undefined || Number.isNaN(amount) ? undefined : amount, ...(form.notes ? { notes: form.notes } : {}) });
  };

  const remove = async (entry: TSpend) => {
    if (await act(() => api().delete(`/api/analytics/spend/${encodeURIComponent(entry.id)}`), { done: 'Spend deleted', failed: 'Not deleted' })) load();
  };

  return (
    <div className="stack">
      <Card title="ROI by source" description="Last 90 days: spend, leads, cost per lead, contracts, revenue and return.">
        {roi ? <ReportTable result={roi} caption="ROI by source" /> : <p className="muted">Loading…</p>}
      </Card>
      <Card title="Marketing spend" description={isAdmin ? 'What each source cost per month; it feeds cost per lead and ROI.' : 'What each source cost per month (admins enter it).'}>
        <div className="stack">
          {isAdmin && (
            <form
              className="stack"
              onSubmit={(event) => {
                event.preventDefault();
                submit();
              }}
            >
              <div className="grid">
                <Input label="Month" type="month" value={form.month} required error={save.errors.month} onValue={(month) => setForm({ ...form, month })} />
                <Select label="Source" value={form.source} error={save.errors.source} options={LEAD_SOURCES.map((source) => ({ value: source, label: sourceLabel(source) }))} onValue={(source) => setForm({ ...form, source })} />
                <Input label="Amount ($)" inputMode="decimal" value={form.amount} required error={save.errors.amount} onValue={(amount) => setForm({ ...form, amount })} />
                <Input label="Notes" value={form.notes} maxLength={500} error={save.errors.notes} onValue={(notes) => setForm({ ...form, notes })} />
              </div>
              <FormAlert message={save.message ?? alert} />
              <div>
                <Button type="submit" variant="primary" loading={save.busy}>
                  Save spend
                </Button>
              </div>
            </form>
          )}
          {!isAdmin && <FormAlert message={alert} />}
          {entries && entries.length === 0 && <p className="muted">No spend entered yet.</p>}
          {entries && entries.length > 0 && (
            <div className="an-table-scroll an-table-scroll--tall" role="region" tabIndex={0} aria-label="Marketing spend by month and source">
              <table className="an-table">
                <caption className="visually-hidden">Marketing spend by month and source</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col">Source</th>
                    <th scope="col" className="an-num">
                      Amount
                    </th>
                    {isAdmin && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {entries.map((entry) => (
                    <tr key={entry.id}>
                      <td>{entry.month}</td>
                      <th scope="row">{sourceLabel(entry.source)}</th>
                      <td className="an-num">{money(entry.amount)}</td>
                      {isAdmin && (
                        <td>
                          <button type="button" className="an-link" onClick={() => void remove(entry)} aria-label={`Delete ${sourceLabel(entry.source)} ${entry.month}`}>
                            Delete
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </Card>
    </div>
  );
}
