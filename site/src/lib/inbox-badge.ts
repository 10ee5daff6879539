import { useEffect } from 'react';
import { api } from './api-client.ts';

/** Dispatched on `window` after conversations were marked read, so the badge catches up at once. */
export const INBOX_READ_EVENT = 'dc:inbox-read';
const POLL_MS = 60_000;
/** The navigation links to the inbox: the sidebar's and the phone bottom bar's (static markup). */
const INBOX_LINKS = '.app-sidebar a[href="/communications"], .bottom-nav a[href="/communications"]';

/**
 * Writes the unread count into every inbox link: a number after the label, read out as
 * "3 unread conversations"; nothing when everything is read.
 */
export function showInboxUnread(count: number, root: ParentNode = document): void {
  for (const link of root.querySelectorAll<HTMLAnchorElement>(INBOX_LINKS)) {
    let badge = link.querySelector<HTMLSpanElement>('.nav-count');
    if (count <= 0) {
      badge?.remove();
      continue;
    }
    if (!badge) {
      badge = document.createElement('span');
      badge.className = 'nav-count';
      link.append(badge);
    }
    badge.replaceChildren(count > 99 ? '99+' : String(count), Object.assign(document.createElement('span'), { className: 'visually-hidden', textContent: ` unread conversation${count === 1 ? '' : 's'}` }));
  }
}

/** Keeps the inbox links' unread count current (every minute while the page is visible, and on return to it). */
export function useInboxUnreadBadge(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const load = () => {
      if (document.visibilityState !== 'visible') return;
      api()
        .get<{ unread_conversations: number }>('/api/communications/inbox/counts')
        .then((counts) => showInboxUnread(counts.unread_conversations))
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, POLL_MS);
    document.addEventListener('visibilitychange', load);
    // The inbox marks conversations read as they are opened; it says so with this event.
    window.addEventListener(INBOX_READ_EVENT, load);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', load);
      window.removeEventListener(INBOX_READ_EVENT, load);
    };
  }, [enabled]);
}
