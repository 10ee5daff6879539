import { insightRules, type TInsights } from '../../../shared/ai/analytics-insights.ts';
import type { TCallQueue } from '../../../shared/ai/call-queue.ts';
import { listWorkflowTemplates } from '../../../shared/automation/workflow-templates.ts';
import type { TWorkflow } from '../../../shared/automation/workflow.schemas.ts';
import type { TLead } from '../../../shared/leads/lead.schemas.ts';
import { fixtureDashboard } from './analytics-fixtures.ts';

/**
 * Automation and AI answers for the static site (portal-pages, the vitals bench), made by the
 * product's own code where it is pure: workflows are the shipped templates, insights are the rules
 * provider's reading of the fixture dashboard. The real answers are checked by the automation and
 * AI e2e files against the local host.
 */
const AT = '2026-11-02T15:00:00.000Z';

const workflows: TWorkflow[] = listWorkflowTemplates()
  .slice(0, 2)
  .map((template, index) => ({
    ...template.definition,
    id: `wf_fixture_${index + 1}`,
    status: 'active',
    version: 1,
    template_id: template.id,
    stats: { executions: 40 - index * 12, running: 3, completed: 33 - index * 12, failed: 1, cancelled: 3, success_rate: 0.97, last_run_at: AT, steps: {} },
    created_at: AT,
    updated_at: AT,
    activated_at: AT,
  }));

function callQueue(leads: readonly TLead[]): TCallQueue {
  return {
    generated_at: AT,
    considered: leads.length,
    items: leads.slice(0, 3).map((lead, index) => ({
      lead_id: lead.id,
      name: lead.full_name,
      phone: lead.phone,
      status: lead.status,
      assigned_to: lead.assigned_to,
      priority: 90 - index * 15,
      lead_score: lead.lead_score,
      tags: lead.tags,
      reason: index === 0 ? 'Follow-up due now' : 'New lead not contacted yet',
      reasons: [{ detail: index === 0 ? 'Follow-up due now' : 'New lead not contacted yet', points: 40 }],
      last_contacted: lead.last_contacted,
      follow_up_due_at: index === 0 ? AT : null,
    })),
  };
}

function insights(): TInsights {
  const dashboard = fixtureDashboard('executive');
  const byKey = new Map(dashboard.kpis.map((kpi) => [kpi.key, kpi]));
  const draft = insightRules(dashboard.kpis);
  return {
    dashboard: 'executive',
    range: { from: dashboard.range.from, to: dashboard.range.to },
    comparison: dashboard.comparison ? { from: dashboard.comparison.from, to: dashboard.comparison.to } : null,
    headline: draft.headline,
    insights: draft.insights.flatMap((item) => {
      const kpi = byKey.get(item.kpi);
      return kpi ? [{ ...item, value: kpi.value, previous: kpi.previous, delta_pct: kpi.delta_pct, good: kpi.good, unit: kpi.unit, drilldown: kpi.drilldown.href }] : [];
    }),
    ai: { provider: 'rules', model: null, fallback_reason: null, latency_ms: 0.2 },
  };
}

/** Automation and AI reads by path; null when the path has no fixture. */
export function automationAiFixture(method: string, pathname: string, leads: readonly TLead[]): unknown {
  if (method !== 'GET') return null;
  if (pathname === '/api/automation/workflows') return { items: workflows, nextCursor: null };
  if (pathname === '/api/automation/templates') return { items: listWorkflowTemplates() };
  if (pathname === '/api/automation/executions') return { items: [], nextCursor: null };
  if (pathname === '/api/leads/call-queue') return callQueue(leads);
  if (pathname === '/api/analytics/ai-insights') return insights();
  return null;
}
