import { useEffect, useRef, useState } from 'react';
import type { TImport, TImportPreview } from '../../../../shared/imports/import.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert, Input, Select } from '../../components/field.tsx';
import { ProgressBar } from '../../components/progress-bar.tsx';
import { toast } from '../../components/toast.tsx';
import { api } from '../../lib/api-client.ts';
import { loadAssignees, type TAssignee } from '../../lib/assignees.ts';
import { plural } from '../../lib/format.ts';
import { problemToForm } from '../../lib/form-errors.ts';
import { duplicateFields, importStatusTone, isRunning, mappingFromPreview, type TImportKind } from '../../lib/import-steps.ts';
import { saveFile } from '../../lib/save-file.ts';
import type { TViewer } from '../../lib/use-role.ts';

const POLL_MS = 1000;
const MAX_BYTES = 40 * 1024 * 1024;

type TStep = { name: 'upload' } | { name: 'mapping'; preview: TImportPreview } | { name: 'running'; run: TImport };

const NOUN: Record<TImportKind, string> = { leads: 'leads', buyers: 'buyers' };

/** Downloads an import's rejected rows (with their line and problems) as CSV. */
export async function downloadErrors(run: Pick<TImport, 'id' | 'kind' | 'links'>): Promise<void> {
  try {
    saveFile(await api().download(run.links.errors_csv), `${run.kind}-import-${run.id}-errors.csv`);
  } catch (error) {
    toast('Could not download the error report', { body: error instanceof Error ? error.message : undefined, tone: 'danger' });
  }
}

export interface ImportWizardProps {
  kind: TImportKind;
  viewer: TViewer;
  /** An import finished (the history refreshes). */
  onFinished?: (run: TImport) => void;
}

/**
 * Importing a CSV in three steps: upload (the API detects encoding, delimiter and columns), map
 * the columns with a preview of the first rows (duplicate policy, tags, assignee), then follow
 * the background import on a progress bar to its result, with the rejected rows listed and
 * downloadable as an error report to fix and import again.
 */
export function ImportWizard({ kind, viewer, onFinished }: ImportWizardProps) {
  const [step, setStep] = useState<TStep>({ name: 'upload' });
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [mapping, setMapping] = useState<(string | null)[]>([]);
  const [duplicates, setDuplicates] = useState<'skip' | 'update'>('skip');
  const [tags, setTags] = useState('');
  const [assignee, setAssignee] = useState('');
  const [people, setPeople] = useState<TAssignee[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const base = `/api/${kind}/imports`;

  useEffect(() => {
    if (kind === 'leads' && viewer.role === 'admin')
      loadAssignees()
        .then(setPeople)
        .catch(() => undefined);
    if (kind === 'leads' && viewer.role === 'acquisition_rep') setAssignee('me');
  }, [viewer.role]);

  // Follow a running import until it ends.
  const runId = step.name === 'running' ? step.run.id : null;
  const running = step.name === 'running' && isRunning(step.run.status);
  useEffect(() => {
    if (!runId || !running) return;
    const timer = setInterval(() => {
      api()
        .get<TImport>(`${base}/${encodeURIComponent(runId)}`)
        .then((run) => {
          setStep({ name: 'running', run });
          if (!isRunning(run.status)) onFinished?.(run);
        })
        .catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [runId, running]);

  const upload = async (event: Event) => {
    event.preventDefault();
    setMessage(null);
    setFileError(null);
    if (!file) return setFileError('Choose a CSV file');
    if (file.size > MAX_BYTES) return setFileError('The file is larger than 40 MB: split it and import the parts');
    setBusy(true);
    try {
      const preview = await api().upload<TImportPreview>(`${base}/preview`, file, { query: { filename: file.name.slice(0, 200) } });
      setMapping(mappingFromPreview(preview));
      setStep({ name: 'mapping', preview });
    } catch (error) {
      const problem = problemToForm(error);
      setFileError(problem.fields.file ?? null);
      setMessage(problem.fields.file ? null : problem.message);
    } finally {
      setBusy(false);
    }
  };

  const start = async (preview: TImportPreview) => {
    setMessage(null);
    const repeated = duplicateFields(mapping, preview.fields);
    if (repeated.length > 0) return setMessage(`Each of these fields can take one column only: ${repeated.join(', ')}`);
    setBusy(true);
    try {
      const tagList = tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean);
      const run = await api().post<TImport>(`${base}/${encodeURIComponent(preview.id)}/start`, {
        mapping,
        duplicates,
        tags: tagList,
        ...(kind === 'leads' && assignee ? { assigned_to: assignee } : {}),
      });
      setStep({ name: 'running', run });
    } catch (error) {
      const problem = problemToForm(error);
      setMessage([problem.message, ...Object.values(problem.fields)].filter(Boolean).join(' '));
    } finally {
      setBusy(false);
    }
  };

  const startOver = async () => {
    if (step.name === 'mapping') await api().delete(`${base}/${encodeURIComponent(step.preview.id)}`, { idempotent: true }).catch(() => undefined);
    setStep({ name: 'upload' });
    setFile(null);
    setMessage(null);
    setFileError(null);
    if (input.current) input.current.value = '';
  };

  return (
    <Card title={`Import ${NOUN[kind]} from a CSV`} description="Any list export works: columns are recognised by their headers, and you can correct the mapping before anything is written.">
      <ol className="dc-steps" aria-label="Import steps">
        {(['Upload', 'Map columns', 'Import'] as const).map((name, index) => {
          const current = step.name === 'upload' ? 0 : step.name === 'mapping' ? 1 : 2;
          return (
            <li key={name} className={index === current ? 'is-current' : index < current ? 'is-done' : ''} aria-current={index === current ? 'step' : undefined}>
              {name}
            </li>
          );
        })}
      </ol>

      {step.name === 'upload' && (
        <form className="dc-form" onSubmit={(event) => void upload(event)} noValidate>
          <div className={fileError ? 'dc-field has-error' : 'dc-field'}>
            <label className="dc-label" htmlFor={`${kind}-import-file`}>
              CSV file
            </label>
            <input
              ref={input}
              id={`${kind}-import-file`}
              className="dc-input dc-file"
              type="file"
              accept=".csv,text/csv,text/plain,application/vnd.ms-excel"
              aria-describedby={`${kind}-import-file-hint${fileError ? ` ${kind}-import-file-error` : ''}`}
              aria-invalid={fileError ? true : undefined}
              onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
            />
            <p id={`${kind}-import-file-hint`} className="dc-hint">
              Up to 40 MB. UTF-8 or Windows (Excel) encoding; comma, semicolon or tab separated; a header row naming every column.
            </p>
            {fileError && (
              <p id={`${kind}-import-file-error`} className="dc-error" role="alert">
                {fileError}
              </p>
            )}
          </div>
          <FormAlert message={message} />
          <div className="dc-form-actions">
            <Button type="submit" variant="primary" loading={busy}>
              Upload and preview
            </Button>
          </div>
        </form>
      )}

      {step.name === 'mapping' && (
        <div className="dc-form">
          <p className="muted">
            <strong>{step.preview.file.name ?? 'Your file'}</strong>: {plural(step.preview.columns.length, 'column')}, the first {plural(step.preview.sample.rows, 'row')} shown. Choose what each column holds; “Ignore” leaves it out.
          </p>
          {step.preview.warnings.map((warning) => (
            <p key={warning} className="dc-alert dc-alert--info">
              {warning}
            </p>
          ))}
          {step.preview.mapping_problems.map((problem) => (
            <p key={problem} className="dc-alert" role="alert">
              {problem}
            </p>
          ))}
          <div className="dc-mapping-scroll">
            <table className="dc-mapping">
              <caption className="visually-hidden">Columns of the file, what each fills, and its first values</caption>
              <thead>
                <tr>
                  <th scope="col">Column in the file</th>
                  <th scope="col">Imports as</th>
                  <th scope="col">First values</th>
                </tr>
              </thead>
              <tbody>
                {step.preview.sample.columns.map((column) => (
                  <tr key={column.index}>
                    <th scope="row">{column.header}</th>
                    <td>
                      <select
                        className="dc-input dc-select"
                        aria-label={`Field for the column ${column.header}`}
                        value={mapping[column.index] ?? ''}
                        onChange={(event) => {
                          const value = event.currentTarget.value || null;
                          setMapping((current) => current.map((field, index) => (index === column.index ? value : field)));
                        }}
                      >
                        <option value="">Ignore</option>
                        {step.preview.fields.map((field) => (
                          <option key={field.name} value={field.name}>
                            {field.label}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td className="dc-mapping-values">{column.values.slice(0, 3).filter(Boolean).join(' · ') || <span className="muted">empty</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="dc-form-row">
            <Select
              label={`${kind === 'leads' ? 'Leads' : 'Buyers'} already in DealCycle`}
              options={[
                { value: 'skip', label: 'Skip them (count as duplicates)' },
                { value: 'update', label: 'Update them with the file’s values' },
              ]}
              value={duplicates}
              onValue={(value) => setDuplicates(value === 'update' ? 'update' : 'skip')}
              hint="Matched by phone, email or property address"
            />
            <Input label="Tag every imported record" value={tags} onValue={setTags} hint="Comma-separated, e.g. probate list, nov 2026" />
            {kind === 'leads' && viewer.role !== 'acquisition_rep' && (
              <Select
                label="Assign new leads to"
                options={[{ value: 'me', label: 'Me' }, ...people.filter((person) => person.id !== viewer.uid).map((person) => ({ value: person.id, label: person.name || 'Teammate' }))]}
                placeholder="Nobody (unassigned)"
                value={assignee}
                onValue={setAssignee}
              />
            )}
          </div>
          <FormAlert message={message} />
          <div className="dc-form-actions">
            <Button onClick={() => void startOver()}>Start over</Button>
            <Button variant="primary" loading={busy} onClick={() => void start(step.preview)}>
              Import {NOUN[kind]}
            </Button>
          </div>
        </div>
      )}

      {step.name === 'running' && <ImportProgress run={step.run} onAgain={() => void startOver()} />}
    </Card>
  );
}

/** An import under way (a progress bar) or finished (what it did, and the rows it could not take). */
export function ImportProgress({ run, onAgain }: { run: TImport; onAgain: () => void }) {
  const { result, progress } = run;
  const done = !isRunning(run.status);
  const total = progress.rows_total;
  return (
    <div className="stack" aria-live="polite">
      <p>
        <Badge tone={importStatusTone(run.status)}>{run.status === 'completed' ? 'Completed' : run.status === 'failed' ? 'Failed' : run.status === 'validating' ? 'Checking the file' : run.status === 'importing' ? 'Importing' : 'Queued'}</Badge>{' '}
        {run.file.name}
      </p>
      <ProgressBar
        label={done ? 'Import finished' : 'Import progress'}
        value={run.status === 'completed' ? 100 : (progress.percent ?? 0)}
        tone={run.status === 'failed' ? 'danger' : run.status === 'completed' ? 'success' : 'primary'}
        valueText={total !== null ? `${progress.rows_done.toLocaleString('en-US')} of ${plural(total, 'row')}` : run.status === 'queued' ? 'Waiting to start' : 'Reading the file'}
      />
      <dl className="dc-figures dc-figures--compact" aria-label="Import result">
        <div>
          <dt>Created</dt>
          <dd>{result.created.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{result.updated.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Duplicates skipped</dt>
          <dd>{result.skipped.toLocaleString('en-US')}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd>{result.rejected.toLocaleString('en-US')}</dd>
        </div>
      </dl>
      {run.status === 'failed' && run.error && (
        <div className="dc-alert" role="alert">
          <p>
            <strong>{run.error.message}</strong> Nothing was imported.
          </p>
          <ul>
            {run.error.problems.map((problem, index) => (
              <li key={index}>
                {problem.line !== null ? `Line ${problem.line}: ` : ''}
                {problem.detail}
              </li>
            ))}
          </ul>
        </div>
      )}
      {done && result.rejected > 0 && (
        <>
          <p>
            {plural(result.rejected, 'row')} could not be imported. Download the error report (the rows as they were, with each problem), fix them and import that file.
          </p>
          {run.rejections && run.rejections.length > 0 && (
            <div className="dc-mapping-scroll">
              <table className="dc-mapping">
                <caption className="visually-hidden">Rejected rows</caption>
                <thead>
                  <tr>
                    <th scope="col">Line</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {run.rejections.slice(0, 20).map((rejection) => (
                    <tr key={rejection.line}>
                      <th scope="row">{rejection.line}</th>
                      <td>{rejection.problems.map((problem) => `${problem.column ?? problem.field}: ${problem.detail}`).join('; ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {done && (
        <div className="dc-form-actions">
          {result.rejected > 0 && (
            <Button variant="primary" onClick={() => void downloadErrors(run)}>
              Download error report
            </Button>
          )}
          <Button onClick={onAgain}>Import another file</Button>
        </div>
      )}
    </div>
  );
}
