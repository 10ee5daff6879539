import { useState } from 'react';
import type { TExecution } from '../../../../shared/automation/execution.schemas.ts';
import { Badge, type TBadgeTone } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { act } from '../../lib/act.ts';
import { api } from '../../lib/api-client.ts';
import { dateTime, label } from '../../lib/format.ts';
import { useCursorList } from '../../lib/use-cursor-list.ts';

const TONE: Record<TExecution['status'], TBadgeTone> = { running: 'primary', waiting: 'secondary', completed: 'success', failed: 'danger', cancelled: 'neutral' };
const OUTCOME_TONE: Record<TExecution['steps'][number]['outcome'], TBadgeTone> = { succeeded: 'success', true: 'success', false: 'neutral', waited: 'secondary', skipped: 'warning', retrying: 'warning', failed: 'danger' };

/**
 * Executions of a workflow (or of a lead's workflows), newest first: lead, start, status and the
 * step it is at; each expands to its steps with when and outcome. Admins cancel open ones.
 */
export function ExecutionHistory({ workflowId, leadId, canCancel = false, title = 'Execution history' }: { workflowId?: string; leadId?: string; canCancel?: boolean; title?: string }) {
  const query = { limit: 20, ...(workflowId ? { workflow_id: workflowId } : {}), ...(leadId ? { lead_id: leadId } : {}) };
  const list = useCursorList<TExecution>('/api/automation/executions', query);
  const [overrides, setOverrides] = useState<Record<string, TExecution>>({});
  const cancel = (execution: TExecution) =>
    act(
      async () => {
        const updated = await api().post<TExecution>(`/api/automation/executions/${encodeURIComponent(execution.id)}/cancel`, {});
        setOverrides((current) => ({ ...current, [updated.id]: updated }));
      },
      { done: 'Execution cancelled', failed: 'Not cancelled' },
    );
  const items = list.items.map((item) => overrides[item.id] ?? item);
  return (
    <Card title={title} description={leadId ? 'Workflows that ran for this lead.' : 'Each run: who for, when, where it is; open one for its steps.'}>
      {list.loading && <Skeleton lines={3} label="Loading executions" />}
      <FormAlert message={list.error} />
      {!list.loading && items.length === 0 && !list.error && <p className="muted">No executions yet.</p>}
      {items.length > 0 && (
        <ul className="dc-list" aria-label={title}>
          {items.map((execution) => (
            <li key={execution.id} className="dc-list-item wf-execution">
              <details className="dc-details">
                <summary>
                  <span className="wf-execution-who">{leadId ? execution.workflow_name : (execution.lead_name ?? 'No lead')}</span> <Badge tone={TONE[execution.status]}>{execution.status}</Badge>
                  <span className="dc-hint">
                    {' '}
                    started {dateTime(execution.started_at)}
                    {execution.current_step_id ? ` · at ${execution.current_step_id}` : ''}
                    {execution.next_run_at && execution.status === 'waiting' ? ` · next ${dateTime(execution.next_run_at)}` : ''}
                  </span>
                </summary>
                {execution.error && <p className="dc-error">{execution.error}</p>}
                {execution.cancel_reason && <p className="dc-hint">Cancelled: {execution.cancel_reason}</p>}
                <ol className="wf-steps">
                  {execution.steps.map((step) => (
                    <li key={`${step.seq}-${step.outcome}`}>
                      <Badge tone={OUTCOME_TONE[step.outcome]}>{label(step.outcome)}</Badge> <strong>{step.step_id}</strong> <span className="dc-hint">{dateTime(step.finished_at)}</span>
                      <p className="dc-hint">{step.detail}</p>
                      {step.error && <p className="dc-error">{step.error}</p>}
                    </li>
                  ))}
                </ol>
                {canCancel && (execution.status === 'running' || execution.status === 'waiting') && (
                  <Button size="sm" variant="danger" onClick={() => void cancel(execution)}>
                    Cancel execution
                  </Button>
                )}
              </details>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} label="Show more" />
    </Card>
  );
}
