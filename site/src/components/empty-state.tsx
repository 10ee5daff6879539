import type { ComponentChildren } from 'preact';
import type { TIconName } from '../lib/navigation.ts';
import { Icon } from './icon.tsx';

export interface EmptyStateProps {
  title: string;
  description?: ComponentChildren;
  icon?: TIconName;
  action?: ComponentChildren;
  /** Heading level of the title inside the page outline. */
  level?: 2 | 3;
}

/** What a list or panel shows when it has nothing yet — and what the person can do about it. */
export function EmptyState({ title, description, icon, action, level = 3 }: EmptyStateProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="dc-empty">
      {icon && (
        <span className="dc-empty-icon">
          <Icon name={icon} className="dc-empty-svg" />
        </span>
      )}
      <Heading className="dc-empty-title">{title}</Heading>
      {description && <div className="dc-empty-description">{description}</div>}
      {action && <div className="dc-empty-action">{action}</div>}
    </div>
  );
}
