import type { z } from 'zod';
import { END, ZWorkflowDefinition } from './workflow.schemas.ts';
import type { TStep, TWorkflowDefinition } from './workflow.schemas.ts';

export const GRAPH_ISSUE_CODES = [
  'invalid',
  'no_steps',
  'missing_entry',
  'duplicate_step',
  'unknown_step',
  'missing_branch',
  'unreachable',
  'cycle_without_delay',
] as const;
export type TGraphIssueCode = (typeof GRAPH_ISSUE_CODES)[number];

/** One problem, on the step it names (null: the workflow as a whole, e.g. no steps). */
export interface TGraphIssue {
  code: TGraphIssueCode;
  step_id: string | null;
  /** Where in the definition (`steps.2.on_false`, `entry_step_id`): the builder puts the error next to that input. */
  path: string;
  message: string;
}

/** `Send text` (s2), or just s2 when the step has no name. */
export const describeStep = (step: Pick<TStep, 'id' | 'name'>): string => (step.name ? `"${step.name}" (${step.id})` : `"${step.id}"`);

/** The steps a step can go to next, with the field that holds each edge. */
export function stepEdges(step: TStep): { field: 'next' | 'on_true' | 'on_false'; target: string | null }[] {
  if (step.type === 'condition') {
    return [
      { field: 'on_true', target: step.on_true },
      { field: 'on_false', target: step.on_false },
    ];
  }
  return [{ field: 'next', target: step.next }];
}

/**
 * Checks a workflow's step graph before it may be activated, and returns every problem (empty:
 * valid). Pure and synchronous: the API runs it on activation and on saving an active workflow;
 * the portal's builder runs the same code on every edit.
 *
 * Rules: there is at least one step; the entry step exists; step ids are unique; every `next` /
 * branch names an existing step (conditions may also say `end`); both branches of a condition are
 * connected; every step is reachable from the entry; and every cycle contains a delay (otherwise
 * an execution would spin without ever waiting). `replied_since` conditions must name a step.
 */
export function validateWorkflowGraph(definition: Pick<TWorkflowDefinition, 'entry_step_id' | 'steps'>): TGraphIssue[] {
  const issues: TGraphIssue[] = [];
  const { steps } = definition;
  if (steps.length === 0) {
    return [{ code: 'no_steps', step_id: null, path: 'steps', message: 'The workflow has no steps: add at least one.' }];
  }

  const byId = new Map<string, TStep>();
  const indexOf = new Map<string, number>();
  steps.forEach((step, index) => {
    if (byId.has(step.id)) {
      issues.push({ code: 'duplicate_step', step_id: step.id, path: `steps.${index}.id`, message: `Two steps have the id "${step.id}": step ids must be unique.` });
      return;
    }
    byId.set(step.id, step);
    indexOf.set(step.id, index);
  });

  const entry = definition.entry_step_id;
  if (entry === null) {
    issues.push({ code: 'missing_entry', step_id: null, path: 'entry_step_id', message: 'Choose the first step: the trigger is not connected to any step.' });
  } else if (!byId.has(entry)) {
    issues.push({ code: 'unknown_step', step_id: null, path: 'entry_step_id', message: `The first step "${entry}" does not exist.` });
  }

  // Edges: unknown targets and missing branches.
  const successors = new Map<string, string[]>();
  for (const step of byId.values()) {
    const index = indexOf.get(step.id) as number;
    const targets: string[] = [];
    for (const { field, target } of stepEdges(step)) {
      if (target === null) {
        if (step.type === 'condition') {
          const branch = field === 'on_true' ? 'true ("yes")' : 'false ("no")';
          issues.push({ code: 'missing_branch', step_id: step.id, path: `steps.${index}.${field}`, message: `Condition ${describeStep(step)} has no ${branch} branch: connect it to a step or to End.` });
        }
        continue;
      }
      if (target === END) continue;
      if (!byId.has(target)) {
        issues.push({ code: 'unknown_step', step_id: step.id, path: `steps.${index}.${field}`, message: `Step ${describeStep(step)} goes to "${target}", which does not exist.` });
        continue;
      }
      targets.push(target);
    }
    successors.set(step.id, targets);
    if (step.type === 'condition') {
      step.conditions.forEach((condition, position) => {
        if (condition.kind === 'replied_since' && !byId.has(condition.step_id)) {
          issues.push({
            code: 'unknown_step',
            step_id: step.id,
            path: `steps.${index}.conditions.${position}.step_id`,
            message: `Condition ${describeStep(step)} checks for replies since step "${condition.step_id}", which does not exist.`,
          });
        }
      });
    }
  }

  // Reachability from the entry.
  if (entry !== null && byId.has(entry)) {
    const seen = new Set<string>([entry]);
    const stack = [entry];
    while (stack.length > 0) {
      for (const target of successors.get(stack.pop() as string) ?? []) {
        if (!seen.has(target)) {
          seen.add(target);
          stack.push(target);
        }
      }
    }
    for (const step of byId.values()) {
      if (!seen.has(step.id)) {
        issues.push({ code: 'unreachable', step_id: step.id, path: `steps.${indexOf.get(step.id)}`, message: `Step ${describeStep(step)} can never run: no step leads to it.` });
      }
    }
  }

  issues.push(...findCyclesWithoutDelay(byId, successors, indexOf));
  return issues;
}

/**
 * A cycle without a delay is a cycle in the graph with the delay steps removed. Iterative DFS
 * (white/grey/black); each back edge closes a loop, reported once on the step it returns to.
 */
function findCyclesWithoutDelay(byId: Map<string, TStep>, successors: Map<string, string[]>, indexOf: Map<string, number>): TGraphIssue[] {
  const issues: TGraphIssue[] = [];
  const state = new Map<string, 'grey' | 'black'>();
  const reported = new Set<string>();
  const isDelay = (id: string) => byId.get(id)?.type === 'delay';
  for (const root of byId.keys()) {
    if (state.has(root) || isDelay(root)) continue;
    const path: string[] = [root];
    const cursors: number[] = [0];
    state.set(root, 'grey');
    while (path.length > 0) {
      const current = path[path.length - 1] as string;
      const next = (successors.get(current) ?? []).filter((id) => !isDelay(id));
      const position = cursors[cursors.length - 1] as number;
      if (position >= next.length) {
        state.set(current, 'black');
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1] = position + 1;
      const target = next[position] as string;
      const seen = state.get(target);
      if (seen === 'grey') {
        if (!reported.has(target)) {
          reported.add(target);
          const loop = [...path.slice(path.indexOf(target)), target];
          const step = byId.get(target) as TStep;
          issues.push({
            code: 'cycle_without_delay',
            step_id: target,
            path: `steps.${indexOf.get(target)}`,
            message: `Steps ${loop.join(' → ')} loop back to ${describeStep(step)} without a delay: add a delay inside the loop.`,
          });
        }
      } else if (seen === undefined) {
        state.set(target, 'grey');
        path.push(target);
        cursors.push(0);
      }
    }
  }
  return issues;
}

export type TWorkflowValidation = { ok: true; definition: TWorkflowDefinition; issues: [] } | { ok: false; definition: TWorkflowDefinition | null; issues: TGraphIssue[] };

/**
 * Schema first (field problems become issues on the step whose fields they are), then the graph.
 * The builder calls this on every edit with its draft; the API on activation.
 */
export function validateWorkflow(input: unknown): TWorkflowValidation {
  const parsed = ZWorkflowDefinition.safeParse(input);
  if (!parsed.success) return { ok: false, definition: null, issues: schemaIssues(input, parsed.error) };
  const issues = validateWorkflowGraph(parsed.data);
  return issues.length === 0 ? { ok: true, definition: parsed.data, issues: [] } : { ok: false, definition: parsed.data, issues };
}

function schemaIssues(input: unknown, error: z.ZodError): TGraphIssue[] {
  const rawSteps = typeof input === 'object' && input !== null && Array.isArray((input as { steps?: unknown }).steps) ? ((input as { steps: unknown[] }).steps) : [];
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    let stepId: string | null = null;
    if (issue.path[0] === 'steps' && typeof issue.path[1] === 'number') {
      const raw = rawSteps[issue.path[1]];
      const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
      stepId = typeof id === 'string' ? id : null;
    }
    const where = stepId ? `Step "${stepId}": ` : '';
    return { code: 'invalid' as const, step_id: stepId, path, message: `${where}${path ? `${path}: ` : ''}${issue.message}` };
  });
}
