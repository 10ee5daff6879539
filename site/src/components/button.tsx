import type { ComponentChildren, JSX } from 'preact';

export type TButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

export interface ButtonProps extends Omit<JSX.ButtonHTMLAttributes<HTMLButtonElement>, 'size' | 'loading'> {
  variant?: TButtonVariant;
  size?: 'sm' | 'md';
  /** Shows a spinner, keeps the width, and blocks repeat clicks while an action runs. */
  loading?: boolean;
  /** Render an anchor styled as a button (navigation, not an action). */
  href?: string;
  children?: ComponentChildren;
}

/** The one button. Icon-only buttons must carry an `aria-label`. */
export function Button({ variant = 'secondary', size = 'md', loading = false, href, className, children, disabled, type = 'button', ...rest }: ButtonProps) {
  const classes = ['dc-button', `dc-button--${variant}`, `dc-button--${size}`, loading ? 'is-loading' : '', String(className ?? '')].filter(Boolean).join(' ');
  if (href !== undefined) {
    return (
      <a className={classes} href={href}>
        {children}
      </a>
    );
  }
  return (
    <button {...rest} type={type} className={classes} disabled={disabled || loading} aria-busy={loading || undefined}>
      {loading && <span className="dc-spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
