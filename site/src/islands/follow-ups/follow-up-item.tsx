import type { TFollowUp } from '../../../../shared/follow-ups/follow-up.schemas.ts';
import { Badge } from '../../components/badge.tsx';
import { dateTime, relativeTime } from '../../lib/format.ts';
import { safeHref } from '../../lib/navigation.ts';

export interface FollowUpItemProps {
  followUp: TFollowUp;
  /** Whether the viewer may complete, edit or delete it (its assignee, its creator, an admin). */
  editable: boolean;
  busy: boolean;
  onToggle: () => void;
  onEdit?: () => void;
  /** Show what it is about (lists of many subjects), not on the subject's own page. */
  showSubject?: boolean;
  /** The assignee's name when it is not the viewer. */
  assigneeLabel?: string | null;
}

/** One follow-up: a done checkbox, what to do, when (overdue stands out), and what it is about. */
export function FollowUpItem({ followUp, editable, busy, onToggle, onEdit, showSubject, assigneeLabel }: FollowUpItemProps) {
  const subjectHref = followUp.subject ? safeHref(followUp.subject.href) : undefined;
  return (
    <li className={followUp.done ? 'dc-task is-done' : 'dc-task'}>
      <input type="checkbox" className="dc-task-check" checked={followUp.done} disabled={!editable || busy} aria-label={followUp.done ? `Reopen: ${followUp.title}` : `Done: ${followUp.title}`} onChange={onToggle} />
      <div className="dc-task-body">
        <p className="dc-task-title">{followUp.title}</p>
        <p className="dc-task-meta">
          {followUp.overdue ? <Badge tone="danger">Overdue</Badge> : null}
          <time dateTime={followUp.due_at} title={dateTime(followUp.due_at)}>
            {followUp.done ? `Done ${relativeTime(followUp.done_at ?? followUp.updated_at)}` : `Due ${relativeTime(followUp.due_at)} · ${dateTime(followUp.due_at)}`}
          </time>
          {assigneeLabel && <span>For {assigneeLabel}</span>}
          {showSubject && followUp.subject && (subjectHref ? <a href={subjectHref}>{followUp.subject.title}</a> : <span>{followUp.subject.title}</span>)}
        </p>
        {followUp.notes && <p className="dc-task-notes">{followUp.notes}</p>}
      </div>
      {editable && onEdit && !followUp.done && (
        <button type="button" className="dc-button dc-button--ghost dc-button--sm" onClick={onEdit} aria-label={`Edit: ${followUp.title}`}>
          Edit
        </button>
      )}
    </li>
  );
}
