import { useId, useRef, useState } from 'react';
import type { ComponentChildren } from 'preact';

export interface TKanbanColumn {
  id: string;
  title: string;
}

export interface TKanbanCard {
  id: string;
  columnId: string;
  title: string;
  /** Secondary line (address, buyer, amount). */
  subtitle?: string;
  /** Badges or figures in the card's footer. */
  meta?: ComponentChildren;
}

export interface KanbanBoardProps {
  label: string;
  columns: readonly TKanbanColumn[];
  cards: readonly TKanbanCard[];
  /** A card was dropped (mouse) or moved (Shift+←/→) into another column. */
  onMove: (cardId: string, toColumnId: string) => void;
  onOpen?: (card: TKanbanCard) => void;
  /** Read-only boards (executives) neither drag nor move. */
  readOnly?: boolean;
  /** Totals per column when the board shows only the first cards of each (a pipeline of thousands). */
  counts?: Readonly<Record<string, number>>;
  /** Under a column's cards, e.g. a "Show more" button. */
  columnFooter?: (column: TKanbanColumn) => ComponentChildren;
}

/**
 * A pipeline board. Mouse: drag a card to a column. Keyboard: arrows move between cards and
 * columns, Shift+←/→ moves the focused card to the neighbouring column, Enter opens it. Moves are
 * announced in a live region.
 */
export function KanbanBoard({ label, columns, cards, onMove, onOpen, readOnly = false, counts, columnFooter }: KanbanBoardProps) {
  const [announcement, setAnnouncement] = useState('');
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const board = useRef<HTMLDivElement>(null);
  const id = useId();
  const focusCard = (cardId: string) => requestAnimationFrame(() => board.current?.querySelector<HTMLElement>(`[data-card-id="${CSS.escape(cardId)}"]`)?.focus());
  const byColumn = (columnId: string) => cards.filter((card) => card.columnId === columnId);

  const move = (card: TKanbanCard, toColumn: TKanbanColumn) => {
    if (readOnly || toColumn.id === card.columnId) return;
    onMove(card.id, toColumn.id);
    setAnnouncement(`Moved ${card.title} to ${toColumn.title}`);
    focusCard(card.id);
  };

  const onKeyDown = (event: KeyboardEvent, card: TKanbanCard) => {
    const columnIndex = columns.findIndex((column) => column.id === card.columnId);
    const siblings = byColumn(card.columnId);
    const position = siblings.findIndex((entry) => entry.id === card.id);
    if (event.key === 'Enter') {
      onOpen?.(card);
      return;
    }
    const horizontal = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const vertical = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (!horizontal && !vertical) return;
    event.preventDefault();
    if (horizontal && event.shiftKey) {
      const target = columns[columnIndex + horizontal];
      if (target) move(card, target);
      return;
    }
    if (vertical) {
      const next = siblings[position + vertical];
      if (next) focusCard(next.id);
      return;
    }
    for (let index = columnIndex + horizontal; index >= 0 && index < columns.length; index += horizontal) {
      const column = columns[index];
      const candidates = column ? byColumn(column.id) : [];
      const next = candidates[Math.min(position, candidates.length - 1)];
      if (next) return focusCard(next.id);
    }
  };

  return (
    <div className="dc-kanban" ref={board} role="region" aria-label={label}>
      <p id={`${id}-help`} className="visually-hidden">
        {readOnly ? 'Use the arrow keys to move between cards.' : 'Use the arrow keys to move between cards. Shift plus left or right arrow moves a card to the neighbouring column. Enter opens it.'}
      </p>
      {columns.map((column) => {
        const columnCards = byColumn(column.id);
        return (
          <section
            key={column.id}
            className={dropTarget === column.id ? 'dc-kanban-column is-drop-target' : 'dc-kanban-column'}
            aria-labelledby={`${id}-${column.id}`}
            onDragOver={(event) => {
              if (readOnly) return;
              event.preventDefault();
              setDropTarget(column.id);
            }}
            onDragLeave={() => setDropTarget((current) => (current === column.id ? null : current))}
            onDrop={(event) => {
              event.preventDefault();
              setDropTarget(null);
              const card = cards.find((entry) => entry.id === event.dataTransfer?.getData('text/plain'));
              if (card) move(card, column);
            }}
          >
            <h3 id={`${id}-${column.id}`} className="dc-kanban-title">
              {column.title} <span className="dc-kanban-count">{(counts?.[column.id] ?? columnCards.length).toLocaleString('en-US')}</span>
            </h3>
            <ul className="dc-kanban-list">
              {columnCards.map((card) => (
                <li key={card.id}>
                  <div
                    className="dc-kanban-card"
                    tabIndex={0}
                    role="button"
                    data-card-id={card.id}
                    draggable={!readOnly}
                    aria-describedby={`${id}-help`}
                    onDragStart={(event) => event.dataTransfer?.setData('text/plain', card.id)}
                    onKeyDown={(event) => onKeyDown(event, card)}
                    onClick={() => onOpen?.(card)}
                  >
                    <p className="dc-kanban-card-title">{card.title}</p>
                    {card.subtitle && <p className="dc-kanban-card-subtitle">{card.subtitle}</p>}
                    {card.meta && <div className="cluster">{card.meta}</div>}
                  </div>
                </li>
              ))}
            </ul>
            {columnFooter?.(column)}
          </section>
        );
      })}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
