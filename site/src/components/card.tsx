import type { ComponentChildren } from 'preact';

export interface CardProps {
  title?: string;
  /** Heading level of the title, so pages keep an unbroken outline. */
  level?: 2 | 3;
  description?: string;
  actions?: ComponentChildren;
  children?: ComponentChildren;
  className?: string;
  /** Remove the body padding (tables, charts that bleed to the edge). */
  flush?: boolean;
}

export function Card({ title, level = 2, description, actions, children, className, flush }: CardProps) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className={['dc-card', className ?? ''].filter(Boolean).join(' ')}>
      {(title || actions) && (
        <header className="dc-card-header">
          <div>
            {title && <Heading className="dc-card-title">{title}</Heading>}
            {description && <p className="dc-card-description">{description}</p>}
          </div>
          {actions && <div className="cluster">{actions}</div>}
        </header>
      )}
      <div className={flush ? 'dc-card-body dc-card-body--flush' : 'dc-card-body'}>{children}</div>
    </section>
  );
}
