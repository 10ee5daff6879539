import { useEffect, useMemo, useState } from 'react';
import type { ComponentChildren } from 'preact';
import type { TGraphIssue } from '../../../../shared/automation/validate-workflow-graph.ts';
import type { TStep, TStepType, TWorkflow, TWorkflowDefinition } from '../../../../shared/automation/workflow.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Drawer } from '../../components/dialog.tsx';
import { Checkbox, FormAlert, Input, Textarea } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { toast } from '../../components/toast.tsx';
import { api, ApiError } from '../../lib/api-client.ts';
import { recordIdFromLocation, setPageHeading } from '../../lib/page-heading.ts';
import { useViewer } from '../../lib/use-role.ts';
import { ExecutionHistory } from './execution-history.tsx';
import { endBranch, insertStep, removeStep, replaceStep, type TInsertPoint } from './graph-edits.ts';
import { freeStepId, newStep } from './step-defaults.ts';
import { StepEditor, TriggerEditor } from './step-editor.tsx';
import { stepSummary, stepTitle, triggerSummary } from './workflow-text.ts';
import { STATUS_TONE } from './workflow-list.tsx';
import { WorkflowSuggestion } from './workflow-suggestion.tsx';

// The same validator as the API's activation, loaded after first paint (it brings zod).
const loadValidator = () => import('../../../../shared/automation/validate-workflow-graph.ts');

const BLANK: TWorkflowDefinition = { name: 'New workflow', description: '', trigger: { type: 'lead_created', conditions: [] }, entry_step_id: null, steps: [], stop_on_reply: true };

const STEP_TYPES: { type: TStepType; label: string }[] = [
  { type: 'action', label: 'Action' },
  { type: 'condition', label: 'Condition' },
  { type: 'delay', label: 'Delay' },
  { type: 'notification', label: 'Notification' },
];

type TMeta = Pick<TWorkflow, 'id' | 'status' | 'version' | 'stats'> | null;

const definitionOf = (workflow: TWorkflow): TWorkflowDefinition => ({
  name: workflow.name,
  description: workflow.description,
  trigger: workflow.trigger,
  entry_step_id: workflow.entry_step_id,
  steps: workflow.steps,
  stop_on_reply: workflow.stop_on_reply,
});

/**
 * The visual workflow builder: the trigger card, then the steps as a vertical flow with "+"
 * between them; a condition's yes/no branches side by side (stacked on a phone). Each card opens
 * its editor in a side panel. Every edit is validated in the browser with the API's own graph
 * validator; each problem shows on the step it names, and Save/Activate wait until there are none.
 */
export function WorkflowBuilder() {
  const viewer = useViewer();
  const writable = viewer.role === 'admin';
  const [meta, setMeta] = useState<TMeta>(null);
  const [definition, setDefinition] = useState<TWorkflowDefinition | null>(null);
  const [issues, setIssues] = useState<TGraphIssue[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | 'trigger' | null>(null);
  const [adding, setAdding] = useState<TInsertPoint | null>(null);
  const [busy, setBusy] = useState<'save' | 'activate' | 'pause' | null>(null);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    const id = recordIdFromLocation();
    if (!id) {
      setDefinition(BLANK);
      return;
    }
    api()
      .get<TWorkflow>(`/api/automation/workflows/${encodeURIComponent(id)}`)
      .then((workflow) => {
        setMeta(workflow);
        setDefinition(definitionOf(workflow));
        setPageHeading(workflow.name);
      })
      .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : 'Could not load the workflow.'));
  }, []);

  useEffect(() => {
    if (!definition) return;
    let current = true;
    loadValidator()
      .then(({ validateWorkflow }) => current && setIssues(validateWorkflow(definition).issues))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [definition]);

  const issuesByStep = useMemo(() => {
    const map = new Map<string, TGraphIssue[]>();
    for (const issue of issues) if (issue.step_id) map.set(issue.step_id, [...(map.get(issue.step_id) ?? []), issue]);
    return map;
  }, [issues]);

  if (loadError) return <FormAlert message={loadError} />;
  if (!definition) return <Skeleton height="20rem" label="Loading the workflow" />;

  const change = (next: TWorkflowDefinition) => {
    setDefinition(next);
    setDirty(true);
    setSaveError(null);
  };
  const byId = new Map(definition.steps.map((step) => [step.id, step]));
  const workflowIssues = issues.filter((issue) => !issue.step_id);
  const valid = issues.length === 0;

  const save = async (): Promise<TWorkflow | null> => {
    setBusy('save');
    try {
      const saved = meta
        ? await api().put<TWorkflow>(`/api/automation/workflows/${encodeURIComponent(meta.id)}`, definition, { query: { expected_version: meta.version } })
        : await api().post<TWorkflow>('/api/automation/workflows', definition);
      setMeta(saved);
      setDirty(false);
      setPageHeading(saved.name);
      if (!meta) history.replaceState(null, '', `/automation/builder?id=${encodeURIComponent(saved.id)}`);
      toast(`Saved version ${saved.version}`, { tone: 'success' });
      return saved;
    } catch (error) {
      setSaveError(problemText(error));
      return null;
    } finally {
      setBusy(null);
    }
  };
  const setStatus = async (action: 'activate' | 'pause') => {
    const saved = dirty || !meta ? await save() : meta;
    if (!saved) return;
    setBusy(action);
    try {
      const updated = await api().post<TWorkflow>(`/api/automation/workflows/${encodeURIComponent(saved.id)}/${action}`);
      setMeta(updated);
      toast(action === 'activate' ? 'Active: new triggers start it now' : 'Paused: no new executions', { tone: 'success' });
    } catch (error) {
      setSaveError(problemText(error));
    } finally {
      setBusy(null);
    }
  };

  const rendered = new Set<string>();
  const chain = (target: string | null, point: TInsertPoint, depth: number): ComponentChildren[] => {
    const items: ComponentChildren[] = [];
    if (writable) items.push(<AddSlot key={`add-${point.from}-${point.field}`} onAdd={() => setAdding(point)} />);
    let id = target;
    let guard = 0;
    while (id && id !== 'end' && guard++ < 200) {
      const step = byId.get(id);
      if (!step) {
        items.push(<p className="wf-goto wf-goto--bad">Goes to “{id}”, which does not exist</p>);
        break;
      }
      if (rendered.has(id)) {
        items.push(<p className="wf-goto">↩ Goes to {stepTitle(step)}</p>);
        break;
      }
      rendered.add(id);
      items.push(<StepCard key={step.id} step={step} issues={issuesByStep.get(step.id) ?? []} runs={meta?.stats.steps[step.id]?.runs ?? 0} onOpen={() => setEditing(step.id)} />);
      if (step.type === 'condition') {
        items.push(
          <div key={`${step.id}-branches`} className="wf-branches">
            {(['on_true', 'on_false'] as const).map((field) => (
              <div key={field} className="wf-branch" role="group" aria-label={`${stepTitle(step)}: ${field === 'on_true' ? 'yes' : 'no'} branch`}>
                <p className={`wf-branch-label wf-branch-label--${field === 'on_true' ? 'yes' : 'no'}`}>{field === 'on_true' ? 'Yes' : 'No'}</p>
                {step[field] === null ? (
                  <div className="wf-missing">
                    <p>Not connected</p>
                    {writable && (
                      <div className="wf-missing-actions">
                        <Button size="sm" onClick={() => setAdding({ from: step.id, field })}>
                          Add a step
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => change(endBranch(definition, step.id, field))}>
                          End here
                        </Button>
                      </div>
                    )}
                  </div>
                ) : (
                  <>
                    {chain(step[field], { from: step.id, field }, depth + 1)}
                    {step[field] === 'end' && <p className="wf-end">End</p>}
                  </>
                )}
              </div>
            ))}
          </div>,
        );
        return items;
      }
      if (writable) items.push(<AddSlot key={`add-${step.id}`} onAdd={() => setAdding({ from: step.id, field: 'next' })} />);
      id = step.next;
    }
    if (depth === 0 && (id === null || id === 'end')) items.push(<p className="wf-end">End</p>);
    return items;
  };
  const flow = chain(definition.entry_step_id, { from: null, field: 'next' }, 0);
  const loose = definition.steps.filter((step) => !rendered.has(step.id));
  const editingStep = editing && editing !== 'trigger' ? byId.get(editing) : undefined;

  return (
    <div className="stack">
      {writable && !meta && <WorkflowSuggestion onDraft={change} />}
      <Card
        title="Workflow"
        actions={
          <div className="wf-toolbar">
            {meta && <Badge tone={STATUS_TONE[meta.status]}>{meta.status}</Badge>}
            {meta && <span className="dc-hint">v{meta.version}</span>}
            {writable && (
              <>
                <Button size="sm" onClick={() => void save()} loading={busy === 'save'} disabled={!valid || (Boolean(meta) && !dirty)}>
                  Save
                </Button>
                {meta?.status === 'active' ? (
                  <Button size="sm" onClick={() => void setStatus('pause')} loading={busy === 'pause'}>
                    Pause
                  </Button>
                ) : (
                  <Button size="sm" variant="primary" onClick={() => void setStatus('activate')} loading={busy === 'activate'} disabled={!valid}>
                    Activate
                  </Button>
                )}
              </>
            )}
          </div>
        }
      >
        <div className="dc-form">
          <Input label="Name" value={definition.name} maxLength={120} required disabled={!writable} onValue={(name) => change({ ...definition, name })} />
          <Textarea label="Description" rows={2} maxLength={500} value={definition.description} disabled={!writable} onValue={(description) => change({ ...definition, description })} />
          <Checkbox label="Stop when the lead replies" hint="A text or email from the lead ends their running executions of this workflow." checked={definition.stop_on_reply} disabled={!writable} onChecked={(stop_on_reply) => change({ ...definition, stop_on_reply })} />
        </div>
        {!valid && (
          <div className="dc-alert dc-alert--danger wf-issues" role="status">
            <strong>{issues.length === 1 ? '1 problem to fix before saving' : `${issues.length} problems to fix before saving`}</strong>
            {workflowIssues.length > 0 && (
              <ul>
                {workflowIssues.map((issue) => (
                  <li key={issue.path + issue.message}>{issue.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <FormAlert message={saveError} />
      </Card>

      <section className="wf-flow" aria-label="Steps">
        <button type="button" className="wf-card wf-card--trigger" onClick={() => setEditing('trigger')}>
          <span className="wf-card-kind">Trigger</span>
          <strong className="wf-card-title">{triggerSummary(definition.trigger)}</strong>
          {definition.trigger.conditions.length > 0 && <span className="dc-hint">only when {definition.trigger.conditions.length} condition(s) hold</span>}
        </button>
        {flow}
        {loose.length > 0 && (
          <div className="wf-loose">
            <p className="dc-hint">Not connected to the flow</p>
            {loose.map((step) => (
              <StepCard key={step.id} step={step} issues={issuesByStep.get(step.id) ?? []} runs={meta?.stats.steps[step.id]?.runs ?? 0} onOpen={() => setEditing(step.id)} />
            ))}
          </div>
        )}
      </section>

      {meta && <ExecutionHistory workflowId={meta.id} canCancel={writable} />}

      <Drawer open={adding !== null} onClose={() => setAdding(null)} title="Add a step" size="sm">
        <ul className="dc-list" aria-label="Step types">
          {STEP_TYPES.map(({ type, label }) => (
            <li key={type} className="dc-list-item">
              <Button
                variant="ghost"
                onClick={() => {
                  if (!adding) return;
                  const step = newStep(type, freeStepId(definition.steps));
                  change(insertStep(definition, adding, step));
                  setAdding(null);
                  setEditing(step.id);
                }}
              >
                {label}
              </Button>
            </li>
          ))}
        </ul>
      </Drawer>

      <Drawer open={editing === 'trigger'} onClose={() => setEditing(null)} title="Trigger" description="What starts the workflow, and for which leads.">
        <TriggerEditor trigger={definition.trigger} disabled={!writable} onChange={(trigger) => change({ ...definition, trigger })} issues={issues.filter((issue) => issue.path.startsWith('trigger'))} />
        <div className="dc-form-actions">
          <Button variant="primary" onClick={() => setEditing(null)}>
            Done
          </Button>
        </div>
      </Drawer>

      <Drawer open={editingStep !== undefined} onClose={() => setEditing(null)} title={editingStep ? stepTitle(editingStep) : 'Step'} description={editingStep ? `Step id ${editingStep.id}` : undefined}>
        {editingStep && (
          <>
            <StepEditor step={editingStep} steps={definition.steps} disabled={!writable} issues={issuesByStep.get(editingStep.id) ?? []} onChange={(step) => change(replaceStep(definition, step))} />
            <div className="dc-form-actions">
              {writable && (
                <Button
                  variant="danger"
                  onClick={() => {
                    change(removeStep(definition, editingStep.id));
                    setEditing(null);
                  }}
                >
                  Delete step
                </Button>
              )}
              <Button variant="primary" onClick={() => setEditing(null)}>
                Done
              </Button>
            </div>
          </>
        )}
      </Drawer>
    </div>
  );
}

function problemText(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.problem.issues;
    if (Array.isArray(issues) && issues.length > 0) return (issues as TGraphIssue[]).map((issue) => issue.message).join(' ');
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}

function AddSlot({ onAdd }: { onAdd: () => void }) {
  return (
    <div className="wf-add">
      <button type="button" className="wf-add-button" onClick={onAdd} aria-label="Add a step here">
        +
      </button>
    </div>
  );
}

function StepCard({ step, issues, runs, onOpen }: { step: TStep; issues: TGraphIssue[]; runs: number; onOpen: () => void }) {
  const kind = step.type === 'action' ? 'Action' : step.type === 'condition' ? 'Condition' : step.type === 'delay' ? 'Delay' : 'Notification';
  return (
    <div className={`wf-card wf-card--${step.type}${issues.length > 0 ? ' wf-card--invalid' : ''}`} data-step-id={step.id}>
      <button type="button" className="wf-card-open" onClick={onOpen} title="Edit this step">
        <span className="wf-card-kind">
          {kind}
          {runs > 0 && <span className="wf-card-count"> · {runs.toLocaleString('en-US')} runs</span>}
        </span>
        <strong className="wf-card-title">{stepTitle(step)}</strong>
        <span className="wf-card-summary">{stepSummary(step)}</span>
      </button>
      {issues.length > 0 && (
        <ul className="wf-card-issues">
          {issues.map((issue) => (
            <li key={issue.path + issue.message} className="dc-error">
              {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
