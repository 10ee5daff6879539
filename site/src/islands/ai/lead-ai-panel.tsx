import { useState } from 'react';
import type { TAiMeta, TLeadSummary, TQualificationResult } from '../../../../shared/ai/ai.schemas.ts';
import type { TLead } from '../../../../shared/leads/lead.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { toast } from '../../components/toast.tsx';
import { providerNote } from '../../lib/ai-note.ts';
import { api } from '../../lib/api-client.ts';

type TSummaryResult = { summary: TLeadSummary; ai: TAiMeta };
type TQualifyResult = TQualificationResult & { lead_score: number; ai: TAiMeta };

/**
 * The AI parts of a lead: a notes summary (stored as the lead's AI summary; regenerate any time),
 * qualification (score with reasons and the questions still to ask), and the AI's motivation tags
 * as removable chips. Everything here is a suggestion: dismiss hides it, tags come off with ×.
 */
export function LeadAiPanel({ lead, writable, onChanged }: { lead: TLead; writable: boolean; onChanged: (lead: TLead) => void }) {
  const [summary, setSummary] = useState<TSummaryResult | null>(null);
  const [qualification, setQualification] = useState<TQualifyResult | null>(null);
  const [busy, setBusy] = useState<'summary' | 'qualify' | string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const path = `/api/leads/${encodeURIComponent(lead.id)}`;

  const refresh = async () => onChanged(await api().get<TLead>(path));
  const run = async (what: 'summary' | 'qualify') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'summary') setSummary(await api().post<TSummaryResult>(`${path}/summary`));
      else setQualification(await api().post<TQualifyResult>(`${path}/qualify`));
      await refresh();
    } catch (problem) {
      setError(problem instanceof Error ? problem.message : 'The AI could not answer.');
    } finally {
      setBusy(null);
    }
  };
  const removeTag = async (tag: string) => {
    setBusy(tag);
    try {
      onChanged(await api().patch<TLead>(path, { tags: lead.tags.filter((candidate) => candidate !== tag) }));
      toast(`Removed the AI tag “${tag}”`, { tone: 'success' });
    } catch (problem) {
      toast('Tag not removed', { body: problem instanceof Error ? problem.message : undefined, tone: 'danger' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title="AI assist" level={2} description="Suggestions from the notes and texts — check them before you act.">
      <div className="stack">
        {error && <FormAlert message={error} />}
        {lead.auto_tags.length > 0 && (
          <div className="cluster" role="group" aria-label="AI tags">
            {lead.auto_tags.map((tag) => (
              <span key={tag} className="dc-chip dc-ai-chip">
                <Badge tone="secondary">AI</Badge> {tag}
                {writable && (
                  <button type="button" className="dc-ai-chip-remove" aria-label={`Remove AI tag ${tag}`} disabled={busy === tag} onClick={() => void removeTag(tag)}>
                    ×
                  </button>
                )}
              </span>
            ))}
          </div>
        )}
        {writable && (
          <div className="cluster">
            <Button size="sm" loading={busy === 'summary'} onClick={() => void run('summary')} disabled={!lead.notes.trim()}>
              {lead.ai_summary ? 'Regenerate summary' : 'Summarise notes'}
            </Button>
            <Button size="sm" loading={busy === 'qualify'} onClick={() => void run('qualify')}>
              Qualify
            </Button>
          </div>
        )}
        {summary && (
          <section aria-label="Notes summary" className="stack dc-ai-result">
            <p>{summary.summary.text}</p>
            {summary.summary.bullets.length > 0 && (
              <ul>
                {summary.summary.bullets.map((bullet) => (
                  <li key={bullet}>{bullet}</li>
                ))}
              </ul>
            )}
            <p>
              <strong>Next step:</strong> {summary.summary.next_step}
            </p>
            <div className="cluster">
              <small className="muted">{providerNote(summary.ai)}</small>
              <Button size="sm" variant="ghost" onClick={() => setSummary(null)}>
                Dismiss
              </Button>
            </div>
          </section>
        )}
        {qualification && (
          <section aria-label="Qualification" className="stack dc-ai-result">
            <p className="cluster">
              <Badge tone={qualification.band === 'hot' ? 'success' : qualification.band === 'warm' ? 'warning' : 'neutral'}>
                {qualification.band.toUpperCase()} · {qualification.score}/100
              </Badge>
            </p>
            <ul className="dc-list">
              {(['motivation', 'timeline', 'condition', 'price'] as const).map((name) => {
                const factor = qualification.factors[name];
                return (
                  <li key={name} className="dc-list-item">
                    <span>
                      <strong>{name.charAt(0).toUpperCase() + name.slice(1)}</strong>: {factor.finding ?? <span className="muted">unknown</span>}
                    </span>
                    <span>
                      {factor.points}/{factor.max}
                    </span>
                  </li>
                );
              })}
            </ul>
            {qualification.questions.length > 0 && (
              <div>
                <strong>Still to ask</strong>
                <ul>
                  {qualification.questions.map((question) => (
                    <li key={question}>{question}</li>
                  ))}
                </ul>
              </div>
            )}
            <div className="cluster">
              <small className="muted">{providerNote(qualification.ai)}</small>
              <Button size="sm" variant="ghost" onClick={() => setQualification(null)}>
                Dismiss
              </Button>
            </div>
          </section>
        )}
      </div>
    </Card>
  );
}
