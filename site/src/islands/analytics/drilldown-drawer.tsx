import { useEffect, useState } from 'react';
import type { TDrilldownItem, TDrilldownLink } from '../../../../shared/analytics/analytics.schemas.ts';
import { Button } from '../../components/button.tsx';
import { Drawer } from '../../components/dialog.tsx';
import { FormAlert } from '../../components/field.tsx';
import { Skeleton } from '../../components/skeleton.tsx';
import { api } from '../../lib/api-client.ts';
import { rangeLabel } from '../../lib/analytics-view.ts';
import { label as words, money, plural, shortDate } from '../../lib/format.ts';

/** What a drill-down opens on: the API's link and what the person clicked. */
export interface TDrillTarget {
  title: string;
  link: TDrilldownLink;
}

interface TDrillPage {
  items: TDrilldownItem[];
  nextCursor: string | null;
  total: number;
  range: { from: string; to: string };
}

const PAGE = 25;

/**
 * The records behind a number (`GET /api/analytics/drilldown` with the link's query), newest
 * first, a page at a time, each linking to its lead or deal.
 */
export function DrilldownDrawer({ target, onClose }: { target: TDrillTarget | null; onClose: () => void }) {
  const [page, setPage] = useState<TDrillPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);

  useEffect(() => {
    if (!target) return;
    const controller = new AbortController();
    setPage(null);
    setError(null);
    api()
      .get<TDrillPage>('/api/analytics/drilldown', { query: { ...target.link.query, limit: PAGE }, signal: controller.signal })
      .then(setPage)
      .catch((failure: unknown) => !controller.signal.aborted && setError(failure instanceof Error ? failure.message : 'Could not load the records.'));
    return () => controller.abort();
  }, [target]);

  const loadMore = async () => {
    if (!target || !page?.nextCursor) return;
    setMore(true);
    try {
      const next = await api().get<TDrillPage>('/api/analytics/drilldown', { query: { ...target.link.query, limit: PAGE, cursor: page.nextCursor } });
      setPage({ ...next, items: [...page.items, ...next.items] });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not load more records.');
    } finally {
      setMore(false);
    }
  };

  return (
    <Drawer open={target !== null} onClose={onClose} title={target?.title ?? 'Records'} description={page ? `${plural(page.total, 'record')} · ${rangeLabel(page.range.from, page.range.to)}` : undefined}>
      <FormAlert message={error} />
      {!page && !error && <Skeleton lines={6} label="Loading the records" />}
      {page && page.items.length === 0 && <p className="muted">No records behind this number.</p>}
      {page && page.items.length > 0 && (
        <ul className="dc-list an-drill-list" aria-label="Records">
          {page.items.map((item) => (
            <li key={`${item.kind}-${item.id}-${item.at}`} className="dc-list-item an-drill-item">
              <div>
                {item.href ? (
                  <a href={item.href} className="an-drill-title">
                    {item.title}
                  </a>
                ) : (
                  <span className="an-drill-title">{item.title}</span>
                )}
                <p className="dc-hint">{item.subtitle || (item.status ? words(item.status) : '')}</p>
              </div>
              <div className="an-drill-meta">
                {/* The API's subtitle often names the amount already. */}
                {item.amount !== null && !item.subtitle.includes(money(item.amount)) && <strong>{money(item.amount)}</strong>}
                <span className="dc-hint">{shortDate(item.at)}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {page?.nextCursor && (
        <Button onClick={() => void loadMore()} loading={more}>
          Show more
        </Button>
      )}
    </Drawer>
  );
}
