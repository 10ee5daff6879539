import { useEffect, useState } from 'react';

export type TToastTone = 'info' | 'success' | 'danger';

export interface TToast {
  id: number;
  title: string;
  body?: string;
  tone: TToastTone;
}

const EVENT = 'dc:toast';
let counter = 0;

/**
 * Shows a toast from any island on the page. Islands are separate component trees, so toasts
 * travel as a DOM event to the page's single <Toaster />.
 */
export function toast(title: string, options: { body?: string; tone?: TToastTone } = {}): void {
  const detail: TToast = { id: ++counter, title, body: options.body, tone: options.tone ?? 'info' };
  window.dispatchEvent(new CustomEvent<TToast>(EVENT, { detail }));
}

export interface ToasterProps {
  /** How long a toast stays, in ms; errors stay until dismissed. */
  duration?: number;
}

/** The live region toasts appear in (polite: they never interrupt). One per page, in the layout. */
export function Toaster({ duration = 5000 }: ToasterProps) {
  const [toasts, setToasts] = useState<TToast[]>([]);
  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const onToast = (event: Event) => {
      const item = (event as CustomEvent<TToast>).detail;
      setToasts((current) => [...current.slice(-4), item]);
      if (item.tone !== 'danger') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          setToasts((current) => current.filter((entry) => entry.id !== item.id));
        }, duration);
        timers.add(timer);
      }
    };
    window.addEventListener(EVENT, onToast);
    return () => {
      window.removeEventListener(EVENT, onToast);
      for (const timer of timers) clearTimeout(timer);
    };
  }, [duration]);
  return (
    <div className="dc-toaster" role="status" aria-live="polite">
      {toasts.map((item) => (
        <div key={item.id} className={`dc-toast dc-toast--${item.tone}`}>
          <div>
            <p className="dc-toast-title">{item.title}</p>
            {item.body && <p className="dc-toast-body">{item.body}</p>}
          </div>
          <button type="button" className="dc-icon-button" aria-label="Dismiss notification" onClick={() => setToasts((current) => current.filter((entry) => entry.id !== item.id))}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </div>
  );
}
