import type { ComponentChildren } from 'preact';

export type TBadgeTone = 'neutral' | 'primary' | 'secondary' | 'success' | 'warning' | 'danger';

export interface BadgeProps {
  tone?: TBadgeTone;
  children: ComponentChildren;
}

/** A short status label. Colour is never the only signal: the text says it too. */
export function Badge({ tone = 'neutral', children }: BadgeProps) {
  return <span className={`dc-badge dc-badge--${tone}`}>{children}</span>;
}
