import { useEffect, useState } from 'react';
import type { TConversation } from '../../../../shared/communications/communication.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { LoadMore } from '../../components/load-more.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { threadHref, threadRefFrom, type TThreadRef } from '../../lib/comms-compose.ts';
import { relativeTime } from '../../lib/format.ts';
import { useCursorList } from '../../lib/use-cursor-list.ts';
import { useViewer } from '../../lib/use-role.ts';
import { PHONE_QUERY, useMediaQuery } from '../../lib/use-media-query.ts';
import { ThreadView } from './thread-view.tsx';

type TFilter = 'all' | 'unread' | 'mine' | 'lead' | 'buyer';
const FILTERS: { id: TFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'unread', label: 'Unread' },
  { id: 'mine', label: 'Mine' },
  { id: 'lead', label: 'Sellers' },
  { id: 'buyer', label: 'Buyers' },
];
const CHANNEL_ICON = { sms: 'Text', call: 'Call', email: 'Email' } as const;

/** The API's inbox query for a filter chip, channel and search. */
const inboxQuery = (filter: TFilter, channel: string, q: string) => ({
  limit: 50,
  unread: filter === 'unread' ? true : undefined,
  assigned: filter === 'mine' ? 'me' : undefined,
  contact_kind: filter === 'lead' || filter === 'buyer' ? filter : undefined,
  channel: channel || undefined,
  q: q || undefined,
});

/**
 * The unified inbox: every lead's and buyer's conversation, newest first, unread ones marked.
 * On a desktop the chosen conversation opens beside the list (its address follows, so a reload
 * keeps it); on a phone the list and the thread are separate screens.
 */
export function Inbox() {
  const isPhone = useMediaQuery(PHONE_QUERY);
  const viewer = useViewer();
  // Reps see sellers only: the seller/buyer split means nothing to them.
  const filters = viewer.role === 'acquisition_rep' ? FILTERS.filter((entry) => entry.id !== 'lead' && entry.id !== 'buyer') : FILTERS;
  const [filter, setFilter] = useState<TFilter>('all');
  const [channel, setChannel] = useState('');
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<TThreadRef | null>(null);
  const list = useCursorList<TConversation>('/api/communications/inbox', inboxQuery(filter, channel, q));

  useEffect(() => setOpen(threadRefFrom(location.search)), []);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  // New conversations and unread counts while the inbox is open.
  useEffect(() => {
    const timer = setInterval(() => document.visibilityState === 'visible' && list.reload(), 15_000);
    return () => clearInterval(timer);
  }, []);

  const choose = (ref: TThreadRef, event: MouseEvent) => {
    if (isPhone || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    setOpen(ref);
    history.replaceState(history.state, '', `/communications?${ref.kind}_id=${encodeURIComponent(ref.id)}`);
  };

  const rows = (
    <div className="stack">
      <div className="dc-chip-row" role="group" aria-label="Filter conversations">
        {filters.map((entry) => (
          <button key={entry.id} type="button" className="dc-chip" aria-pressed={filter === entry.id} onClick={() => setFilter(entry.id)}>
            {entry.label}
          </button>
        ))}
      </div>
      <div className="dc-toolbar-row">
        <label className="dc-search-field">
          <span className="visually-hidden">Search conversations by name</span>
          <input className="dc-input" type="search" placeholder="Search by name" value={typed} maxLength={100} onInput={(event) => setTyped(event.currentTarget.value)} />
        </label>
        <label className="dc-inline-select">
          <span className="visually-hidden">Channel</span>
          <select className="dc-input dc-select" value={channel} onChange={(event) => setChannel(event.currentTarget.value)}>
            <option value="">All channels</option>
            <option value="sms">Texts</option>
            <option value="call">Calls</option>
            <option value="email">Emails</option>
          </select>
        </label>
      </div>
      {list.error && (
        <p className="dc-alert" role="alert">
          {list.error}
        </p>
      )}
      {list.loading && list.items.length === 0 ? (
        <p className="muted">Loading conversations…</p>
      ) : list.items.length === 0 ? (
        <EmptyState icon="message" title="No conversations" description={filter === 'all' && !q && !channel ? 'Texts, calls and emails with sellers and buyers show up here.' : 'Nothing matches these filters.'} />
      ) : (
        <ul className="dc-inbox" aria-label="Conversations">
          {list.items.map((conversation) => {
            const ref: TThreadRef = { kind: conversation.contact.kind, id: conversation.contact.id };
            const current = open?.id === ref.id && open.kind === ref.kind;
            return (
              <li key={`${ref.kind}:${ref.id}`} className={['dc-inbox-row', conversation.unread_count > 0 ? 'is-unread' : '', current ? 'is-current' : ''].filter(Boolean).join(' ')}>
                <a href={threadHref(ref)} aria-current={current ? 'true' : undefined} onClick={(event) => choose(ref, event)}>
                  <span className="dc-inbox-top">
                    <span className="dc-inbox-name">{conversation.contact.name}</span>
                    <time dateTime={conversation.last_at}>{relativeTime(conversation.last_at)}</time>
                  </span>
                  <span className="dc-inbox-preview">
                    {conversation.last_message.channel === 'call'
                      ? conversation.last_message.direction === 'outbound'
                        ? 'Call · You called'
                        : `Call · ${conversation.last_message.status === 'completed' ? 'They called' : 'Missed or voicemail'}`
                      : `${CHANNEL_ICON[conversation.last_message.channel]}${conversation.last_message.direction === 'outbound' ? ' · You: ' : ': '}${conversation.last_message.preview}`}
                  </span>
                  <span className="dc-inbox-meta">
                    <Badge tone={conversation.contact.kind === 'lead' ? 'primary' : 'secondary'}>{conversation.contact.kind === 'lead' ? 'Seller' : 'Buyer'}</Badge>
                    {conversation.unread_count > 0 && <span className="dc-unread" aria-label={`${conversation.unread_count} unread`}>{conversation.unread_count}</span>}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
      <LoadMore list={list} />
    </div>
  );

  if (isPhone) return rows;
  return (
    <div className="dc-inbox-layout">
      <Card className="dc-inbox-list">{rows}</Card>
      <Card className="dc-inbox-thread">
        {open ? (
          <ThreadView key={`${open.kind}:${open.id}`} contact={open} embedded onChanged={list.reload} />
        ) : (
          <EmptyState level={2} icon="message" title="Choose a conversation" description="Its texts, emails and calls show here, with a reply box." />
        )}
      </Card>
    </div>
  );
}
