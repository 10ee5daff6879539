import { useEffect, useState } from 'react';
import type { TInsights } from '../../../../shared/ai/analytics-insights.ts';
import { Badge } from '../../components/badge.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { api } from '../../lib/api-client.ts';
import { providerNote } from '../../lib/ai-note.ts';

const figure = (value: number | null, unit: string) =>
  value === null ? '—' : unit === 'currency' ? `$${Math.round(value).toLocaleString('en-US')}` : unit === 'percent' ? `${Math.round(value * 100)}%` : value.toLocaleString('en-US');

/** "What moved and why": the KPIs that changed most this period, each with its numbers and a link to the records behind it. */
export function AiInsights() {
  const [insights, setInsights] = useState<TInsights | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const range = new URLSearchParams(window.location.search);
    api()
      .get<TInsights>('/api/analytics/ai-insights', { query: { from: range.get('from') ?? undefined, to: range.get('to') ?? undefined } })
      .then(setInsights)
      .catch((problem: unknown) => setError(problem instanceof Error ? problem.message : 'Could not load the insights.'));
  }, []);
  return (
    <Card title="AI insights" description={insights ? insights.headline : 'What moved this period and why.'}>
      {error && <FormAlert message={error} />}
      {!insights && !error && <Skeleton height="8rem" label="Loading insights" />}
      {insights && (
        <div className="stack">
          <ul className="dc-list" aria-label="What moved">
            {insights.insights.map((insight) => (
              <li key={insight.kpi} className="dc-list-item dc-list-item--wrap">
                <div>
                  <strong>{insight.title}</strong> {insight.good !== null && <Badge tone={insight.good ? 'success' : 'danger'}>{insight.good ? 'better' : 'worse'}</Badge>}
                  <p className="muted">{insight.detail}</p>
                </div>
                <span>
                  {figure(insight.previous, insight.unit)} → <strong>{figure(insight.value, insight.unit)}</strong>
                </span>
              </li>
            ))}
          </ul>
          <small className="muted">
            {insights.range.from} to {insights.range.to}
            {insights.comparison ? ` vs ${insights.comparison.from} to ${insights.comparison.to}` : ''} · {providerNote(insights.ai)}
          </small>
        </div>
      )}
    </Card>
  );
}
