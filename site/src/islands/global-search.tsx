import { useEffect, useId, useRef, useState } from 'react';
import { Dialog } from '../components/dialog.tsx';
import { Icon } from '../components/icon.tsx';
import { api, ApiError } from '../lib/api-client.ts';
import { safeHref } from '../lib/navigation.ts';

/** `GET /api/search?q=` → `{items}`: leads, buyers and deals by name, phone or address. */
export interface TSearchResult {
  kind: 'lead' | 'buyer' | 'deal';
  id: string;
  title: string;
  subtitle: string;
  href: string;
}

type TState = { status: 'idle' } | { status: 'loading' } | { status: 'done'; items: TSearchResult[] } | { status: 'unavailable' } | { status: 'error'; message: string };

const KIND_LABEL: Record<TSearchResult['kind'], string> = { lead: 'Lead', buyer: 'Buyer', deal: 'Deal' };

/** Opens on Ctrl+K / ⌘K or "/" from anywhere on the page. */
export function isSearchShortcut(event: KeyboardEvent): boolean {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') return true;
  const target = event.target as HTMLElement | null;
  const typing = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
  return event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
}

export function GlobalSearch() {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [state, setState] = useState<TState>({ status: 'idle' });
  const [active, setActive] = useState(0);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSearchShortcut(event)) return;
      event.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (open) requestAnimationFrame(() => input.current?.focus());
  }, [open]);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ status: 'loading' });
      api()
        .get<{ items: TSearchResult[] }>('/api/search', { query: { q }, signal: controller.signal })
        .then((result) => {
          setActive(0);
          setState({ status: 'done', items: result.items.flatMap((item) => (safeHref(item.href) ? [item] : [])) });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          if (error instanceof ApiError && (error.status === 404 || error.status === 501)) setState({ status: 'unavailable' });
          else setState({ status: 'error', message: error instanceof Error ? error.message : 'Search failed' });
        });
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const items = state.status === 'done' ? state.items : [];
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (items.length === 0) return;
      setActive((current) => (current + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length);
    } else if (event.key === 'Enter') {
      const item = items[active];
      if (item) location.assign(item.href);
    }
  };

  return (
    <>
      <button type="button" className="dc-search-trigger" onClick={() => setOpen(true)} aria-keyshortcuts="Control+K Meta+K /">
        <Icon name="search" className="nav-icon" />
        <span>Search leads, buyers, deals…</span>
        <kbd className="dc-kbd">Ctrl K</kbd>
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Search" size="lg">
        <div className="dc-field">
          <label className="visually-hidden" htmlFor={`${id}-input`}>
            Search by name, phone or address
          </label>
          <input
            ref={input}
            id={`${id}-input`}
            className="dc-input"
            type="search"
            role="combobox"
            autoComplete="off"
            placeholder="Name, phone or address"
            aria-expanded={items.length > 0}
            aria-controls={`${id}-results`}
            aria-autocomplete="list"
            aria-activedescendant={items[active] ? `${id}-result-${active}` : undefined}
            value={query}
            onInput={(event) => setQuery(event.currentTarget.value)}
            onKeyDown={onKeyDown}
          />
        </div>
        <p className="muted dc-hint" role="status" aria-live="polite">
          {state.status === 'idle' && 'Type at least two characters.'}
          {state.status === 'loading' && 'Searching…'}
          {state.status === 'done' && `${items.length} result${items.length === 1 ? '' : 's'}`}
          {state.status === 'unavailable' && 'Search is not available yet: it arrives with the leads, buyers and deals features.'}
          {state.status === 'error' && state.message}
        </p>
        <ul id={`${id}-results`} role="listbox" aria-label="Search results" className="dc-results">
          {items.map((item, index) => (
            <li key={`${item.kind}-${item.id}`} id={`${id}-result-${index}`} role="option" aria-selected={index === active}>
              <a className="dc-result" href={item.href} tabIndex={-1} onMouseEnter={() => setActive(index)}>
                <span>
                  {item.title} <span className="dc-badge dc-badge--neutral">{KIND_LABEL[item.kind]}</span>
                </span>
                <span className="dc-result-subtitle">{item.subtitle}</span>
              </a>
            </li>
          ))}
        </ul>
      </Dialog>
    </>
  );
}
