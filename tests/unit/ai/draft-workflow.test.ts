import { describe, expect, it } from 'vitest';
import { draftWorkflow } from '../../../shared/ai/rules/draft-workflow.ts';
import { workflowIssues } from '../../../shared/automation/workflow-access.ts';
import { ZWorkflowDefinition } from '../../../shared/automation/workflow.schemas.ts';

const draft = (goal: string) => {
  const result = draftWorkflow(goal);
  if (!result) throw new Error(`No draft for ${goal}`);
  const definition = ZWorkflowDefinition.parse(result.definition);
  return { ...result, definition, issues: workflowIssues(definition) };
};
const shape = (goal: string) =>
  draft(goal).definition.steps.map((step) =>
    step.type === 'action' ? step.action.kind : step.type === 'delay' ? `delay:${step.delay.mode === 'duration' ? `${step.delay.amount}${step.delay.unit[0]}` : 'bh'}` : step.type === 'condition' ? `if:${step.conditions[0]?.kind}` : `notify:${step.to.kind}`,
  );

describe('drafting a workflow from a goal', () => {
  it.each([
    ['when a new lead comes in, text them within 5 minutes and remind the rep after a day if no reply', 'lead_created', ['send_sms', 'delay:1d', 'if:replied_since', 'notify:assignee']],
    ['When a call is missed, text them back right away and notify the manager', 'communication_received', ['send_sms', 'notify:role']],
    ['new probate leads from direct mail: assign to the next rep, text them, wait 3 days, then text again', 'lead_created', ['assign_lead', 'send_sms', 'delay:3d', 'send_sms']],
    ['When a lead becomes qualified and is worth over $250k, alert the manager and create a follow-up', 'lead_status_changed', ['notify:role', 'create_follow_up']],
    ['when a deal goes to marketing blast it to matched buyers', 'deal_status_changed', ['deal_blast']],
    ['every monday text leads and tag them as weekly-touch', 'scheduled', ['send_sms', 'add_tag']],
    ['when a seller texts us, remind the rep', 'communication_received', ['notify:assignee']],
  ])('%s', (goal, trigger, steps) => {
    const result = draft(goal);
    expect(result.definition.trigger.type).toBe(trigger);
    expect(shape(goal)).toEqual(steps);
    expect(result.issues).toEqual([]);
    expect(result.explanation).toHaveLength(steps.length + 1);
  });

  it('reads trigger conditions: source, motivation tag and value', () => {
    const { definition } = draft('new probate leads from direct mail worth over $200k: text them');
    expect(definition.trigger.conditions).toEqual([
      { kind: 'source', operator: 'in', values: ['direct_mail'] },
      { kind: 'tag', operator: 'has', tag: 'probate' },
      { kind: 'value', operator: 'gte', value: 200_000 },
    ]);
  });

  it('the reply check looks at the text it follows, and a reply ends the run', () => {
    const { definition } = draft('when a new lead comes in, text them and if they don’t reply in 2 hours, text again');
    const condition = definition.steps.find((step) => step.type === 'condition');
    expect(condition).toMatchObject({ conditions: [{ kind: 'replied_since', step_id: 's1' }], on_true: 'end', on_false: 's4' });
  });

  it('has no draft when nothing says what starts it', () => {
    expect(draftWorkflow('be nice to people')).toBeNull();
  });
});
