import { useEffect, useState } from 'react';
import type { TWorkflow } from '../../../../shared/automation/workflow.schemas.ts';
import { Badge, type TBadgeTone } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { Card } from '../../components/card.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { act } from '../../lib/act.ts';
import { api } from '../../lib/api-client.ts';
import { relativeTime } from '../../lib/format.ts';
import { useCursorList } from '../../lib/use-cursor-list.ts';
import { useViewer } from '../../lib/use-role.ts';
import { triggerSummary } from './workflow-text.ts';

type TTemplate = { id: string; name: string; description: string };

export const STATUS_TONE: Record<TWorkflow['status'], TBadgeTone> = { active: 'success', paused: 'warning', draft: 'neutral' };

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** Workflows with their trigger, status, version and counters; admins activate, pause and start new ones from templates. */
export function WorkflowList() {
  const viewer = useViewer();
  const admin = viewer.role === 'admin';
  const list = useCursorList<TWorkflow>('/api/automation/workflows', { limit: 50 });
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [rows, setRows] = useState<TWorkflow[]>([]);
  useEffect(() => setRows(list.items), [list.items]);

  const setStatus = async (workflow: TWorkflow, action: 'activate' | 'pause') => {
    setBusy(workflow.id);
    await act(
      async () => {
        const updated = await api().post<TWorkflow>(`/api/automation/workflows/${encodeURIComponent(workflow.id)}/${action}`);
        setRows((current) => current.map((row) => (row.id === updated.id ? updated : row)));
      },
      action === 'activate' ? { done: `${workflow.name} is active`, failed: 'Not activated' } : { done: `${workflow.name} is paused`, failed: 'Not paused' },
    );
    setBusy(null);
  };

  return (
    <div className="stack">
      <Card
        title="Workflows"
        description="What starts each one, how often it ran and how often it finished."
        actions={
          admin ? (
            <Button variant="primary" size="sm" onClick={() => setPicking(true)}>
              New from template
            </Button>
          ) : undefined
        }
      >
        {list.loading && <Skeleton lines={4} label="Loading workflows" />}
        <FormAlert message={list.error} />
        {!list.loading && rows.length === 0 && !list.error && (
          <EmptyState title="No workflows yet" description="Start from a template: a text to every new lead within a minute is a good first one." icon="bolt" />
        )}
        {rows.length > 0 && (
          <ul className="dc-list wf-list" aria-label="Workflows">
            {rows.map((workflow) => (
              <li key={workflow.id} className="dc-list-item dc-list-item--wrap wf-row">
                <div className="wf-row-main">
                  <a className="wf-row-name" href={`/automation/builder?id=${encodeURIComponent(workflow.id)}`}>
                    {workflow.name}
                  </a>{' '}
                  <Badge tone={STATUS_TONE[workflow.status]}>{workflow.status}</Badge>
                  <p className="dc-hint">
                    {triggerSummary(workflow.trigger)} · v{workflow.version}
                  </p>
                </div>
                <dl className="wf-row-stats">
                  <div>
                    <dt>Executions</dt>
                    <dd>{workflow.stats.executions.toLocaleString('en-US')}</dd>
                  </div>
                  <div>
                    <dt>Success</dt>
                    <dd>{percent(workflow.stats.success_rate)}</dd>
                  </div>
                  <div>
                    <dt>Last run</dt>
                    <dd>{workflow.stats.last_run_at ? relativeTime(workflow.stats.last_run_at) : 'never'}</dd>
                  </div>
                </dl>
                {admin && (
                  <div className="wf-row-actions">
                    {workflow.status === 'active' ? (
                      <Button size="sm" loading={busy === workflow.id} onClick={() => void setStatus(workflow, 'pause')} aria-label={`Pause ${workflow.name}`}>
                        Pause
                      </Button>
                    ) : (
                      <Button size="sm" variant="primary" loading={busy === workflow.id} onClick={() => void setStatus(workflow, 'activate')} aria-label={`Activate ${workflow.name}`}>
                        Activate
                      </Button>
                    )}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        <LoadMore list={list} label="Show more" />
      </Card>
      <TemplatePicker open={picking} onClose={() => setPicking(false)} />
    </div>
  );
}

function TemplatePicker({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [templates, setTemplates] = useState<TTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<string | null>(null);
  useEffect(() => {
    if (!open || templates) return;
    api()
      .get<{ items: TTemplate[] }>('/api/automation/templates')
      .then((answer) => setTemplates(answer.items))
      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : 'Could not load the templates.'));
  }, [open]);
  const create = async (template: TTemplate) => {
    setCreating(template.id);
    try {
      const workflow = await api().post<TWorkflow>('/api/automation/workflows/from-template', { template_id: template.id });
      window.location.assign(`/automation/builder?id=${encodeURIComponent(workflow.id)}`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not create the workflow.');
      setCreating(null);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title="New workflow from a template" description="A draft copy you can change before activating it.">
      <FormAlert message={error} />
      {!templates && !error && <Skeleton lines={3} label="Loading templates" />}
      {templates && (
        <ul className="dc-list" aria-label="Templates">
          {templates.map((template) => (
            <li key={template.id} className="dc-list-item dc-list-item--wrap">
              <div>
                <strong>{template.name}</strong>
                <p className="dc-hint">{template.description}</p>
              </div>
              <Button size="sm" variant="primary" loading={creating === template.id} onClick={() => void create(template)} aria-label={`Use the ${template.name} template`}>
                Use
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
