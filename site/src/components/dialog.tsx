import { useId, useLayoutEffect, useRef } from 'react';
import type { ComponentChildren } from 'preact';

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  description?: string;
  children?: ComponentChildren;
  /** Buttons, right-aligned under the content. */
  footer?: ComponentChildren;
  /** `drawer` slides in from the side (filters, record previews); `dialog` is centred. */
  variant?: 'dialog' | 'drawer';
  size?: 'sm' | 'md' | 'lg';
}

/**
 * A modal built on the native `<dialog>`: the browser traps focus, closes on Escape, renders in
 * the top layer and makes the rest of the page inert. Focus returns to the opener on close.
 */
export function Dialog({ open, onClose, title, description, children, footer, variant = 'dialog', size = 'md' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  // Layout effect: open and close in the same frame as the render, so the box never shows empty.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      return () => {
        // Close before refocusing: while the modal is open the opener is inert and cannot take focus.
        if (dialog.open) dialog.close();
        opener?.focus();
      };
    }
    if (!open && dialog.open) dialog.close();
    return undefined;
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={`dc-dialog dc-dialog--${variant} dc-dialog--${size}`}
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-description` : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        // The browser keeps focus out of the inert page but lets Tab leave for its own UI; wrap instead.
        if (event.key !== 'Tab' || !ref.current) return;
        const focusable = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => !element.hasAttribute('disabled') && element.offsetParent !== null);
        const first = focusable[0];
        const last = focusable.at(-1);
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === ref.current) onClose();
      }}
    >
      {open && (
        <div className="dc-dialog-box">
          <header className="dc-dialog-header">
            <h2 id={`${id}-title`}>{title}</h2>
            <button type="button" className="dc-icon-button" aria-label="Close" onClick={onClose}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          {description && (
            <p id={`${id}-description`} className="muted">
              {description}
            </p>
          )}
          <div className="dc-dialog-body">{children}</div>
          {footer && <footer className="dc-dialog-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}

export type DrawerProps = Omit<DialogProps, 'variant'>;

/** A side panel: the same modal behaviour as Dialog, anchored to the right edge (full width on phones). */
export function Drawer(props: DrawerProps) {
  return <Dialog {...props} variant="drawer" />;
}
