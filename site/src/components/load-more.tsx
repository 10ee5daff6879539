import type { TCursorList } from '../lib/use-cursor-list.ts';
import { Button } from './button.tsx';

/** The next page of a cursor list, while there is one. */
export function LoadMore({ list, label = 'Load more' }: { list: Pick<TCursorList<unknown>, 'nextCursor' | 'loadingMore' | 'loadMore'>; label?: string }) {
  if (!list.nextCursor) return null;
  return (
    <Button size="sm" loading={list.loadingMore} onClick={list.loadMore}>
      {label}
    </Button>
  );
}
