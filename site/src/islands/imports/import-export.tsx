import { useEffect, useState } from 'react';
import type { TImport } from '../../../../shared/imports/import.schemas.ts';
import { LEAD_STATUSES } from '../../../../shared/leads/lead.constants.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Select } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { canWriteBuyers } from '../../lib/deal-rules.ts';
import { dateTime, label } from '../../lib/format.ts';
import { importStatusTone, isRunning, type TImportKind } from '../../lib/import-steps.ts';
import { canWriteLeads } from '../../lib/lead-rules.ts';
import { saveFile } from '../../lib/save-file.ts';
import { useViewer } from '../../lib/use-role.ts';
import { downloadErrors, ImportWizard } from './import-wizard.tsx';

/**
 * The import and export page of leads (or buyers): the import wizard for those who may import,
 * an export of any status for everyone (what they may see), and the recent imports with their
 * results and error reports.
 */
export function ImportExport({ kind }: { kind: TImportKind }) {
  const viewer = useViewer();
  const [history, setHistory] = useState<TImport[] | null>(null);
  const [reload, setReload] = useState(0);
  const canImport = kind === 'leads' ? canWriteLeads(viewer.role) : canWriteBuyers(viewer.role);

  useEffect(() => {
    api()
      .get<{ items: TImport[] }>(`/api/${kind}/imports`, { query: { limit: 10 } })
      .then((page) => setHistory(page.items.filter((run) => run.status !== 'draft')))
      .catch(() => setHistory([]));
  }, [reload]);

  return (
    <div className="dc-record">
      <div className="dc-record-main">
        {canImport && <ImportWizard kind={kind} viewer={viewer} onFinished={() => setReload((value) => value + 1)} />}
        {viewer.role && !canImport && (
          <Card title="Import">
            <p className="muted">{kind === 'leads' ? 'Admins and acquisition reps import leads.' : 'Admins and disposition managers import buyers.'}</p>
          </Card>
        )}
      </div>
      <div className="dc-record-side">
        <ExportCard kind={kind} />
        <Card title="Recent imports">
          {history === null && <Skeleton lines={3} label="Loading imports" />}
          {history?.length === 0 && <p className="muted">No imports yet.</p>}
          {history && history.length > 0 && (
            <ul className="dc-list">
              {history.map((run) => (
                <li key={run.id} className="dc-list-item dc-list-item--wrap">
                  <div>
                    <strong>{run.file.name ?? 'CSV file'}</strong> <Badge tone={importStatusTone(run.status)}>{isRunning(run.status) ? 'Running' : label(run.status)}</Badge>
                    <p className="dc-hint">
                      {dateTime(run.created_at)} · {run.result.created} created, {run.result.updated} updated, {run.result.skipped} skipped, {run.result.rejected} rejected
                    </p>
                  </div>
                  {run.result.rejected > 0 && (
                    <Button size="sm" variant="ghost" onClick={() => void downloadErrors(run)} aria-label={`Download the error report of ${run.file.name ?? 'this import'}`}>
                      Error report
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}

function ExportCard({ kind }: { kind: TImportKind }) {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      saveFile(await api().download(`/api/${kind}/export`, { query: status ? { status } : {} }), `${kind}.csv`);
    } catch (error) {
      toast('Export failed', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Export" description={kind === 'leads' ? 'A CSV of the leads you can see, with columns the import reads back. The leads list exports its current filters too.' : 'A CSV of your buyers with their buy box.'}>
      <div className="dc-form">
        <Select
          label="Which"
          options={kind === 'leads' ? LEAD_STATUSES.map((value) => ({ value, label: `${label(value)} leads` })) : [{ value: 'active', label: 'Active buyers' }, { value: 'inactive', label: 'Inactive buyers' }]}
          placeholder={kind === 'leads' ? 'All leads' : 'All buyers'}
          value={status}
          onValue={setStatus}
        />
        <div className="dc-form-actions">
          <Button variant="primary" loading={busy} onClick={() => void download()}>
            Download CSV
          </Button>
        </div>
      </div>
    </Card>
  );
}
