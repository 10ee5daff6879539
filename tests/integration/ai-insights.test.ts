import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TInsights } from '../../shared/ai/analytics-insights.ts';
import { startTestHost, type TTestHost } from '../support/test-host.ts';

let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

describe('AI insights', () => {
  it('says what moved this period with the dashboard’s own numbers', async () => {
    const { admin } = await host.createOrganisation();
    for (const [index, source] of (['direct_mail', 'direct_mail', 'ppc'] as const).entries()) {
      const response = await admin.request('/api/leads?allow_duplicate=true', { method: 'POST', json: { first_name: 'Lead', last_name: String(index), source } });
      expect(response.status).toBe(201);
    }
    const response = await admin.request('/api/analytics/ai-insights');
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const insights = JSON.parse(text) as TInsights;
    expect(insights).toMatchObject({ dashboard: 'executive', ai: { provider: 'rules', fallback_reason: null } });
    expect(insights.headline).toBe('1 KPI moved: 1 for the better, 0 for the worse. Biggest: leads.');
    const leads = insights.insights.find((insight) => insight.kpi === 'leads');
    expect(leads).toMatchObject({ value: 3, previous: 0, title: 'Leads up', good: true });
    expect(leads?.detail).toBe('Leads up +3 to 3 from 0 the previous period; the biggest change: Direct mail (+2).');
    expect(leads?.drilldown).toMatch(/^\/api\/analytics\/drilldown\?metric=leads_created/);
  });

  it('gives a rep the movers of their own acquisitions figures', async () => {
    const { admin } = await host.createOrganisation();
    const rep = await host.addMember(admin, 'acquisition_rep');
    const response = await rep.request('/api/analytics/ai-insights');
    expect(response.status).toBe(200);
    expect(((await response.json()) as TInsights).dashboard).toBe('acquisitions');
  });
});
