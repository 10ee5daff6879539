import { describe, expect, it } from 'vitest';
import { validateWorkflow, validateWorkflowGraph } from '../../../shared/automation/validate-workflow-graph.ts';
import type { TGraphIssueCode } from '../../../shared/automation/validate-workflow-graph.ts';
import { WORKFLOW_TEMPLATES } from '../../../shared/automation/workflow-templates.ts';
import { ZStep } from '../../../shared/automation/workflow.schemas.ts';
import type { TStep } from '../../../shared/automation/workflow.schemas.ts';

const sms = (id: string, next: string | null = null): TStep => ZStep.parse({ id, type: 'action', action: { kind: 'send_sms', body: 'Hi {{first_name|there}}' }, next });
const wait = (id: string, next: string | null = null): TStep => ZStep.parse({ id, type: 'delay', delay: { mode: 'duration', amount: 3, unit: 'days' }, next });
const branch = (id: string, onTrue: string | null, onFalse: string | null, repliedSince = 's1'): TStep =>
  ZStep.parse({ id, name: 'Replied?', type: 'condition', conditions: [{ kind: 'replied_since', step_id: repliedSince }], on_true: onTrue, on_false: onFalse });

type TCase = { name: string; entry: string | null; steps: TStep[]; expected: { code: TGraphIssueCode; step_id: string | null }[]; mentions?: string };

const cases: TCase[] = [
  { name: 'a straight line of steps is valid', entry: 's1', steps: [sms('s1', 'w1'), wait('w1', 's2'), sms('s2')], expected: [] },
  { name: 'a drip that loops through a delay is valid', entry: 's1', steps: [sms('s1', 'w1'), wait('w1', 'c1'), branch('c1', 'end', 's1')], expected: [] },
  { name: 'a condition may end either branch', entry: 'c1', steps: [branch('c1', 'end', 's1', 'c1'), sms('s1')], expected: [] },
  { name: 'no steps at all', entry: null, steps: [], expected: [{ code: 'no_steps', step_id: null }] },
  { name: 'no first step chosen', entry: null, steps: [sms('s1')], expected: [{ code: 'missing_entry', step_id: null }] },
  { name: 'a first step that does not exist', entry: 'nope', steps: [sms('s1')], expected: [{ code: 'unknown_step', step_id: null }], mentions: 'nope' },
  { name: 'two steps with the same id', entry: 's1', steps: [sms('s1'), sms('s1')], expected: [{ code: 'duplicate_step', step_id: 's1' }] },
  { name: 'a next step that does not exist', entry: 's1', steps: [sms('s1', 'ghost')], expected: [{ code: 'unknown_step', step_id: 's1' }], mentions: 'ghost' },
  { name: 'a condition without its false branch', entry: 's1', steps: [sms('s1', 'c1'), branch('c1', 'end', null)], expected: [{ code: 'missing_branch', step_id: 'c1' }], mentions: 'false' },
  { name: 'a condition without either branch', entry: 's1', steps: [sms('s1', 'c1'), branch('c1', null, null)], expected: [{ code: 'missing_branch', step_id: 'c1' }, { code: 'missing_branch', step_id: 'c1' }] },
  { name: 'a step nothing leads to', entry: 's1', steps: [sms('s1'), sms('orphan')], expected: [{ code: 'unreachable', step_id: 'orphan' }], mentions: 'orphan' },
  { name: 'a loop without a delay', entry: 's1', steps: [sms('s1', 's2'), sms('s2', 's1')], expected: [{ code: 'cycle_without_delay', step_id: 's1' }], mentions: 's1 → s2 → s1' },
  { name: 'a step that goes to itself', entry: 's1', steps: [sms('s1', 's1')], expected: [{ code: 'cycle_without_delay', step_id: 's1' }] },
  { name: 'a loop through a condition without a delay', entry: 's1', steps: [sms('s1', 'c1'), branch('c1', 'end', 's1')], expected: [{ code: 'cycle_without_delay', step_id: 's1' }] },
  { name: 'replies since a step that does not exist', entry: 's1', steps: [sms('s1', 'c1'), branch('c1', 'end', 'end', 'missing')], expected: [{ code: 'unknown_step', step_id: 'c1' }], mentions: 'missing' },
];

describe('validateWorkflowGraph', () => {
  it.each(cases)('$name', ({ entry, steps, expected, mentions }) => {
    const issues = validateWorkflowGraph({ entry_step_id: entry, steps });
    expect(issues.map(({ code, step_id }) => ({ code, step_id }))).toEqual(expected);
    if (mentions) expect(issues[0]?.message).toContain(mentions);
  });

  it('names the step by its name and id in the message', () => {
    const [issue] = validateWorkflowGraph({ entry_step_id: 's1', steps: [sms('s1', 'c1'), branch('c1', 'end', null)] });
    expect(issue?.message).toBe('Condition "Replied?" (c1) has no false ("no") branch: connect it to a step or to End.');
    expect(issue?.path).toBe('steps.1.on_false');
  });

  it('reports a loop once even when several paths enter it', () => {
    const issues = validateWorkflowGraph({ entry_step_id: 'c1', steps: [branch('c1', 'a', 'b', 'c1'), sms('a', 'b'), sms('b', 'a')] });
    expect(issues.filter((issue) => issue.code === 'cycle_without_delay')).toHaveLength(1);
  });
});

describe('validateWorkflow', () => {
  const trigger = { type: 'lead_created' };

  it('accepts a valid draft and fills defaults', () => {
    const result = validateWorkflow({ name: 'Speed to lead', trigger, entry_step_id: 's1', steps: [{ id: 's1', type: 'action', action: { kind: 'send_sms', body: 'Hi' } }] });
    expect(result.ok).toBe(true);
    expect(result.definition?.trigger).toEqual({ type: 'lead_created', conditions: [] });
  });

  it('puts a field problem on the step whose field it is', () => {
    const result = validateWorkflow({ name: 'Bad', trigger, entry_step_id: 's1', steps: [{ id: 's1', type: 'delay', delay: { mode: 'duration', amount: 0, unit: 'days' } }] });
    expect(result.ok).toBe(false);
    expect(result.issues[0]).toMatchObject({ code: 'invalid', step_id: 's1', path: 'steps.0.delay.amount' });
  });

  it('rejects unknown fields, so a client cannot smuggle in state', () => {
    const result = validateWorkflow({ name: 'Bad', trigger, entry_step_id: null, steps: [], status: 'active' });
    expect(result.ok).toBe(false);
  });

  it('runs the graph rules after the schema', () => {
    const result = validateWorkflow({ name: 'Loop', trigger, entry_step_id: 's1', steps: [{ id: 's1', type: 'action', action: { kind: 'add_tag', tag: 'x' }, next: 's1' }] });
    expect(result.issues.map((issue) => issue.code)).toEqual(['cycle_without_delay']);
  });
});

describe('the shipped templates', () => {
  it.each(WORKFLOW_TEMPLATES.map((template) => [template.id, template] as const))('%s is a valid workflow', (_id, template) => {
    expect(validateWorkflow(template.definition).issues).toEqual([]);
  });
});
