import { useEffect, useId, useRef, useState } from 'react';
import { initials } from '../lib/me.ts';
import type { TProfileCache } from '../lib/session.ts';

export interface UserMenuProps {
  profile: TProfileCache | null;
}

/** The avatar button and its menu (WAI-ARIA menu button): profile, team (admins), sign out. */
export function UserMenu({ profile }: UserMenuProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const shown = profile;

  const focusItem = (index: number) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    items[(index + items.length) % items.length]?.focus();
  };

  useEffect(() => {
    if (!open) return;
    requestAnimationFrame(() => focusItem(0));
    const onPointer = (event: PointerEvent) => {
      if (!button.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const onMenuKey = (event: KeyboardEvent) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown') focusItem(index + 1);
    else if (event.key === 'ArrowUp') focusItem(index - 1);
    else if (event.key === 'Home') focusItem(0);
    else if (event.key === 'End') focusItem(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      setOpen(false);
      if (event.key === 'Escape') button.current?.focus();
      return;
    } else return;
    event.preventDefault();
  };

  const name = shown?.name || shown?.email || 'Account';
  return (
    <div className="dc-anchor">
      <button
        ref={button}
        type="button"
        className="dc-icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen((value) => !value)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span className="dc-avatar" aria-hidden="true">
          {shown ? initials(shown.name, shown.email) : '·'}
        </span>
        <span className="visually-hidden">{`Account menu for ${name}`}</span>
      </button>
      <div className="dc-popover" hidden={!open}>
        {shown && (
          <div className="dc-notification">
            <strong>{shown.name || shown.email}</strong>
            <br />
            <span className="muted">{shown.tenantName ?? shown.email}</span>
          </div>
        )}
        <ul ref={menu} id={`${id}-menu`} role="menu" aria-label="Account" className="dc-menu" onKeyDown={onMenuKey}>
          <li role="none">
            <a role="menuitem" tabIndex={-1} className="dc-menu-item" href="/settings/profile">
              Profile
            </a>
          </li>
          {shown?.role === 'admin' && (
            <li role="none">
              <a role="menuitem" tabIndex={-1} className="dc-menu-item" href="/settings/team">
                Team settings
              </a>
            </li>
          )}
          <li role="none">
            <a role="menuitem" tabIndex={-1} className="dc-menu-item" href="/auth/sign-out">
              Sign out
            </a>
          </li>
        </ul>
      </div>
    </div>
  );
}
