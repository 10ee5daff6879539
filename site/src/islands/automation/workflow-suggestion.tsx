import { useState } from 'react';
import type { TWorkflowDefinition } from '../../../../shared/automation/workflow.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert, Textarea } from '../../components/field.tsx';
import { api } from '../../lib/api-client.ts';

/** `POST /api/automation/suggest-workflow` (shared/ai/README.md). */
interface TSuggestion {
  workflow: TWorkflowDefinition;
  explanation: string[];
  ai: { provider: 'rules' | 'gemini' };
}

/**
 * "Start from a goal": a plain-language goal becomes a draft on the canvas. The draft is only a
 * suggestion: nothing is saved until the admin edits it and presses Save.
 */
export function WorkflowSuggestion({ onDraft }: { onDraft: (definition: TWorkflowDefinition) => void }) {
  const [goal, setGoal] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drafted, setDrafted] = useState<TSuggestion | null>(null);

  const suggest = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const suggestion = await api().post<TSuggestion>('/api/automation/suggest-workflow', { goal: goal.trim() }, { idempotent: true });
      setDrafted(suggestion);
      onDraft(suggestion.workflow);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not draft a workflow.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Start from a goal" description="Describe what should happen; a draft appears below for you to check, change and save.">
      <form className="dc-form" onSubmit={(event) => void suggest(event)}>
        <Textarea
          label="Goal"
          value={goal}
          onValue={setGoal}
          rows={2}
          maxLength={500}
          placeholder="When a new lead comes in, text them right away and remind the rep after a day if they don't reply"
        />
        {error && <FormAlert message={error} />}
        <div>
          <Button type="submit" loading={busy} disabled={goal.trim().length < 3}>
            Draft it
          </Button>
        </div>
        {drafted && (
          <div role="status" className="stack">
            <p className="dc-hint">Drafted by the {drafted.ai.provider === 'gemini' ? 'Gemini model' : 'built-in rules'}: review each step before saving.</p>
            <ol className="wf-steps">
              {drafted.explanation.map((line) => (
                <li key={line}>
                  <p>{line}</p>
                </li>
              ))}
            </ol>
          </div>
        )}
      </form>
    </Card>
  );
}
