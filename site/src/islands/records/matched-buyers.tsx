import { useEffect, useState } from 'react';
import type { ComponentChildren } from 'preact';
import type { TBuyerMatches } from '../../../../shared/matching/match.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { Card } from '../../components/card.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { api } from '../../lib/api-client.ts';
import { label, money, phone } from '../../lib/format.ts';

export type TBuyerMatch = TBuyerMatches['items'][number];

export interface MatchedBuyersProps {
  /** `/api/leads/:id/match-buyers` or `/api/deals/:id/buyers`. */
  path: string;
  /** How many to show. */
  limit?: number;
  /** An action per buyer (e.g. "Assign" on a deal being marketed). */
  action?: (match: TBuyerMatch) => ComponentChildren;
  /** Changes when the record changed (price, status): ask again. */
  refreshKey?: number;
  description?: string;
}

/** Cash buyers ranked for a property by the matching engine, each score explained factor by factor. */
export function MatchedBuyers({ path, limit = 5, action, refreshKey = 0, description }: MatchedBuyersProps) {
  const [matches, setMatches] = useState<TBuyerMatches | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    api()
      .get<TBuyerMatches>(path, { query: { limit }, signal: controller.signal })
      .then(setMatches)
      .catch((failure: unknown) => !controller.signal.aborted && setError(failure instanceof Error ? failure.message : 'Could not match buyers.'));
    return () => controller.abort();
  }, [path, limit, refreshKey]);

  const basis = matches?.property;
  return (
    <Card
      title="Matched buyers"
      description={
        description ??
        (basis
          ? `${basis.property_type ? label(basis.property_type) : 'Property'}${basis.address ? ` in ${basis.address.city}` : ''}${basis.price !== null ? ` at ${money(basis.price)}` : ''} · ${matches.matched} of ${matches.considered} active buyers match`
          : undefined)
      }
    >
      {error && <FormAlert message={error} />}
      {!matches && !error && <Skeleton lines={3} label="Matching buyers" />}
      {matches?.items.length === 0 && <p className="muted">No active buyer's buy box fits this property yet.</p>}
      {matches && matches.items.length > 0 && (
        <ol className="dc-matches">
          {matches.items.map((match) => (
            <li key={match.buyer.id} className="dc-match">
              <div className="dc-match-head">
                <span className="dc-match-score" aria-label={`Match score ${match.score} of 100`}>
                  {match.score}
                </span>
                <div className="dc-match-who">
                  <a href={`/buyers/detail?id=${encodeURIComponent(match.buyer.id)}`} className="dc-row-link">
                    {match.buyer.full_name}
                  </a>
                  <span className="dc-hint">{[match.buyer.company, match.buyer.phone ? phone(match.buyer.phone) : match.buyer.email].filter(Boolean).join(' · ')}</span>
                </div>
                {action?.(match)}
              </div>
              <details className="dc-disclosure">
                <summary>Why {match.score}</summary>
                <ul className="dc-match-reasons">
                  {match.reasons.map((reason) => (
                    <li key={reason.factor}>
                      <Badge tone={reason.points >= reason.max * 0.75 ? 'success' : reason.points > 0 ? 'warning' : 'neutral'}>
                        {reason.points}/{reason.max}
                      </Badge>{' '}
                      {reason.detail}
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
