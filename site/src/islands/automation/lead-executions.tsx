import { recordIdFromLocation } from '../../lib/page-heading.ts';
import { useViewer } from '../../lib/use-role.ts';
import { ExecutionHistory } from './execution-history.tsx';

/** The lead detail page's automation section: every workflow execution for this lead. */
export function LeadExecutions() {
  const viewer = useViewer();
  const leadId = typeof location === 'undefined' ? null : recordIdFromLocation();
  if (!leadId) return null;
  return <ExecutionHistory leadId={leadId} canCancel={viewer.role === 'admin'} title="Automation" />;
}
