import { useEffect, useId, useRef, useState } from 'react';
import { Icon } from '../components/icon.tsx';
import { api, ApiError } from '../lib/api-client.ts';
import { relativeTime } from '../lib/format.ts';
import { safeHref } from '../lib/navigation.ts';

/** `GET /api/notifications` → `{items, unread}`; `POST /api/notifications/read {ids?}` marks them read. */
export interface TNotification {
  id: string;
  title: string;
  body: string;
  href: string | null;
  read: boolean;
  created_at: string;
}

const POLL_MS = 60_000;

export function NotificationBell({ enabled }: { enabled: boolean }) {
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<TNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [available, setAvailable] = useState(true);
  const id = useId();
  const anchor = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    const load = () => {
      if (document.visibilityState !== 'visible') return;
      api()
        .get<{ items: TNotification[]; unread: number }>('/api/notifications')
        .then((result) => {
          setItems(result.items);
          setUnread(result.unread);
        })
        .catch((error: unknown) => {
          // Until the notifications feature lands the route answers 404: stop asking.
          if (error instanceof ApiError && error.status === 404) {
            stopped = true;
            setAvailable(false);
          }
        });
    };
    load();
    const timer = setInterval(() => stopped || load(), POLL_MS);
    return () => clearInterval(timer);
  }, [enabled]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!anchor.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const markAllRead = async () => {
    try {
      await api().post('/api/notifications/read', {});
      setItems((current) => current.map((item) => ({ ...item, read: true })));
      setUnread(0);
    } catch {
      // Leave the badge as it was; the next poll tells the truth.
    }
  };

  /** Opening an unread notification marks it read first (briefly: a slow API does not hold the person back). */
  const openItem = async (event: MouseEvent, item: TNotification) => {
    if (item.read || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    const href = safeHref(item.href) ?? '/dashboard';
    const marked = api()
      .post<{ unread: number }>('/api/notifications/read', { ids: [item.id] })
      .then((result) => {
        setItems((current) => current.map((entry) => (entry.id === item.id ? { ...entry, read: true } : entry)));
        setUnread(result.unread);
      })
      .catch(() => undefined);
    await Promise.race([marked, new Promise((resolve) => setTimeout(resolve, 800))]);
    location.assign(href);
  };

  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <div className="dc-anchor" ref={anchor}>
      <button ref={button} type="button" className="dc-icon-button" aria-label={label} aria-expanded={open} aria-controls={`${id}-panel`} onClick={() => setOpen((value) => !value)}>
        <Icon name="bell" />
        {unread > 0 && (
          <span className="dc-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <div id={`${id}-panel`} className="dc-popover" hidden={!open} role="region" aria-label="Notifications">
        <div className="dc-popover-header">
          <h2 className="dc-card-title">Notifications</h2>
          {unread > 0 && (
            <button type="button" className="dc-button dc-button--ghost dc-button--sm" onClick={markAllRead}>
              Mark all read
            </button>
          )}
        </div>
        {!available && <p className="muted dc-notification">Notifications are not available yet: workflow alerts and replies will appear here.</p>}
        {available && items.length === 0 && <p className="muted dc-notification">You are all caught up.</p>}
        <ul className="dc-menu">
          {items.map((item) => (
            <li key={item.id}>
              <a className={item.read ? 'dc-notification' : 'dc-notification is-unread'} href={safeHref(item.href) ?? '/dashboard'} onClick={(event) => void openItem(event, item)}>
                {!item.read && <span className="visually-hidden">Unread: </span>}
                <strong>{item.title}</strong>
                <br />
                <span className="muted">{item.body}</span>
                <br />
                <time className="dc-hint" dateTime={item.created_at}>
                  {relativeTime(item.created_at)}
                </time>
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
