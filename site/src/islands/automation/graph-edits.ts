import type { TStep, TWorkflowDefinition } from '../../../../shared/automation/workflow.schemas.ts';

/** Where a new step goes: the trigger's first step (`from: null`), or one edge of a step. */
export interface TInsertPoint {
  from: string | null;
  field: 'next' | 'on_true' | 'on_false';
}

const END = 'end';

function edgeTarget(definition: TWorkflowDefinition, point: TInsertPoint): string | null {
  if (point.from === null) return definition.entry_step_id;
  const step = definition.steps.find((candidate) => candidate.id === point.from);
  if (!step) return null;
  if (step.type === 'condition') return point.field === 'on_false' ? step.on_false : step.on_true;
  return step.next;
}

function setEdge(step: TStep, field: TInsertPoint['field'], target: string | null): TStep {
  if (step.type === 'condition') return field === 'on_false' ? { ...step, on_false: target ?? END } : { ...step, on_true: target ?? END };
  return { ...step, next: target === END ? null : target };
}

/** Inserts `step` at `point`: it takes over the edge's old target as its own next step. */
export function insertStep(definition: TWorkflowDefinition, point: TInsertPoint, step: TStep): TWorkflowDefinition {
  const target = edgeTarget(definition, point);
  const continued = target === END || target === null ? null : target;
  const placed: TStep = step.type === 'condition' ? { ...step, on_true: continued ?? END, on_false: step.on_false } : { ...step, next: continued };
  const steps = definition.steps.map((candidate) => (candidate.id === point.from ? setEdge(candidate, point.field, placed.id) : candidate));
  return { ...definition, steps: [...steps, placed], entry_step_id: point.from === null ? placed.id : definition.entry_step_id };
}

/** Connects a condition's branch to End. */
export function endBranch(definition: TWorkflowDefinition, stepId: string, field: 'on_true' | 'on_false'): TWorkflowDefinition {
  return { ...definition, steps: definition.steps.map((step) => (step.id === stepId ? setEdge(step, field, END) : step)) };
}

/** Removes a step; whatever pointed at it now points at what came after it (a condition's "yes" side). */
export function removeStep(definition: TWorkflowDefinition, stepId: string): TWorkflowDefinition {
  const removed = definition.steps.find((step) => step.id === stepId);
  if (!removed) return definition;
  const after = removed.type === 'condition' ? (removed.on_true === END ? null : removed.on_true) : removed.next;
  const redirect = (target: string | null) => (target === stepId ? after : target);
  const steps = definition.steps
    .filter((step) => step.id !== stepId)
    .map((step) => (step.type === 'condition' ? { ...step, on_true: step.on_true === stepId ? (after ?? END) : step.on_true, on_false: step.on_false === stepId ? (after ?? END) : step.on_false } : { ...step, next: redirect(step.next) }));
  return { ...definition, steps, entry_step_id: redirect(definition.entry_step_id) };
}

export function replaceStep(definition: TWorkflowDefinition, step: TStep): TWorkflowDefinition {
  return { ...definition, steps: definition.steps.map((candidate) => (candidate.id === step.id ? step : candidate)) };
}
