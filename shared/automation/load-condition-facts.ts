import type { TCommunicationRecord } from '../communications/communication-record.ts';
import type { TServiceContext } from '../context/service-context.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TConditionFacts } from './evaluate-condition.ts';
import { neededFacts } from './evaluate-condition.ts';
import type { TExecutionRecord } from './workflow-record.ts';
import type { TCondition } from './workflow.schemas.ts';

/** Loads what `conditions` read, querying communications only when a condition needs them. */
export async function loadConditionFacts(
  ctx: TServiceContext,
  lead: TLeadRecord | null,
  conditions: readonly TCondition[],
  execution: Pick<TExecutionRecord, 'history' | 'started_at'> | null,
): Promise<TConditionFacts> {
  const needs = neededFacts(conditions);
  const communications = ctx.db.collection<TCommunicationRecord>('communications');
  let inbound = 0;
  let outbound = 0;
  let lastReplyAt: Date | null = null;
  if (lead && needs.counts) {
    [inbound, outbound] = await Promise.all([
      communications.countDocuments({ lead_id: lead._id, direction: 'inbound' }),
      communications.countDocuments({ lead_id: lead._id, direction: 'outbound' }),
    ]);
  }
  if (lead && needs.replies) {
    const last = await communications.findOne({ lead_id: lead._id, direction: 'inbound', channel: { $in: ['sms', 'email'] } }, { sort: { created_at: -1 } });
    lastReplyAt = last?.created_at ?? null;
  }
  const now = ctx.ports.clock.now();
  return {
    lead,
    communications: { inbound, outbound },
    lastReplyAt,
    stepRanAt: (stepId) => {
      const runs = execution?.history.filter((run) => run.step_id === stepId) ?? [];
      return runs.length > 0 ? (runs[runs.length - 1] as TExecutionRecord['history'][number]).started_at : null;
    },
    startedAt: execution?.started_at ?? now,
  };
}
