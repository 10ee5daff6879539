import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from './api-client.ts';

export interface TCursorList<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
  /** The next page, appended; ignored while one is on its way. */
  loadMore: () => void;
  reload: () => void;
}

/**
 * A list endpoint paged by cursor (`{items, nextCursor}`): the first page whenever the query
 * changes (older answers are dropped), the next ones on demand. `query` is compared by value.
 */
export function useCursorList<T>(path: string, query: Record<string, string | number | boolean | undefined>, enabled = true): TCursorList<T> {
  const [state, setState] = useState<Omit<TCursorList<T>, 'loadMore' | 'reload'>>({ items: [], nextCursor: null, loading: true, loadingMore: false, error: null });
  const [reloads, setReloads] = useState(0);
  const generation = useRef(0);
  const key = JSON.stringify(query);

  useEffect(() => {
    if (!enabled) return;
    const run = ++generation.current;
    const controller = new AbortController();
    setState((current) => ({ ...current, loading: true, error: null }));
    api()
      .get<{ items: T[]; nextCursor: string | null }>(path, { query, signal: controller.signal })
      .then((page) => run === generation.current && setState({ items: page.items, nextCursor: page.nextCursor, loading: false, loadingMore: false, error: null }))
      .catch((error: unknown) => !controller.signal.aborted && setState({ items: [], nextCursor: null, loading: false, loadingMore: false, error: error instanceof Error ? error.message : 'Could not load the list.' }));
    return () => controller.abort();
  }, [path, key, reloads, enabled]);

  const loadMore = useCallback(() => {
    if (!state.nextCursor || state.loading || state.loadingMore) return;
    const run = generation.current;
    setState((current) => ({ ...current, loadingMore: true }));
    api()
      .get<{ items: T[]; nextCursor: string | null }>(path, { query: { ...query, cursor: state.nextCursor } })
      .then((page) => run === generation.current && setState((current) => ({ ...current, items: [...current.items, ...page.items], nextCursor: page.nextCursor, loadingMore: false })))
      .catch((error: unknown) => run === generation.current && setState((current) => ({ ...current, loadingMore: false, error: error instanceof Error ? error.message : 'Could not load more.' })));
  }, [path, key, state.nextCursor, state.loading, state.loadingMore]);

  return { ...state, loadMore, reload: () => setReloads((value) => value + 1) };
}
