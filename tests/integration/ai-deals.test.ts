import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TDeal } from '../../shared/deals/deal.schemas.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import type { TBuyerMatches } from '../../shared/matching/match.schemas.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

let host: TTestHost;
beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '0' } });
});
afterAll(() => host.close());

const json = async <T>(response: Response, status = 200): Promise<T> => {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return (text ? JSON.parse(text) : undefined) as T;
};
const post = (session: TTestSession, path: string, body?: unknown) => session.request(path, { method: 'POST', ...(body === undefined ? {} : { json: body }) });

async function dealFor(admin: TTestSession, notes: string): Promise<TDeal> {
  const lead = await json<TLead>(
    await post(admin, '/api/leads?allow_duplicate=true', {
      first_name: 'Seller',
      last_name: 'One',
      phone: '(512) 555-0199',
      address: { line1: '812 Oak Hollow Dr', city: 'Austin', state: 'TX', zip: '78745' },
      property_type: 'single_family',
      estimated_value: 240_000,
      notes,
    }),
    201,
  );
  for (const status of ['contacted', 'qualified']) await json(await post(admin, `/api/leads/${lead.id}/status`, { status }));
  return json<TDeal>(await post(admin, '/api/deals', { lead_id: lead.id, contract_price: 150_000, arv: 260_000, repair_estimate: 25_000, asking_price: 165_000, closing_date: '2026-12-15' }), 201);
}

describe('deal marketing copy', () => {
  it('writes a headline, bullets with the deal’s numbers and a call to action', async () => {
    const { admin } = await host.createOrganisation('Lone Star Home Buyers');
    const deal = await dealFor(admin, 'Foundation issues — doors sticking. Vacant.');
    const copy = await json<{ headline: string; bullets: string[]; call_to_action: string; ai: { provider: string } }>(await post(admin, `/api/deals/${deal.id}/generate-copy`));
    expect(copy.ai.provider).toBe('rules');
    expect(copy.headline).toBe('Single family in Austin — $165,000, $70,000 spread');
    expect(copy.bullets).toEqual([
      'Asking $165,000 — 63% of ARV',
      'ARV $260,000 (after-repair value)',
      'Estimated repairs $25,000',
      'Potential spread $70,000 after repairs',
      'Needs major work — priced for a full rehab',
      'Location: Austin, TX 78745',
      'Close by 2026-12-15; cash or hard money, assignment of contract',
    ]);
    expect(copy.call_to_action).toMatch(/Lone Star Home Buyers/);
  });

  it('is for admins and disposition managers', async () => {
    const { admin } = await host.createOrganisation();
    const deal = await dealFor(admin, '');
    const executive = await host.addMember(admin, 'executive');
    await json(await post(executive, `/api/deals/${deal.id}/generate-copy`), 403);
    const dispo = await host.addMember(admin, 'disposition_manager');
    await json(await post(dispo, `/api/deals/${deal.id}/generate-copy`), 200);
    await json(await post(dispo, '/api/deals/del_missing/generate-copy'), 404);
  });
});

describe('buyer-match explanations', () => {
  it('explains each match in one sentence from its reasons', async () => {
    const { admin } = await host.createOrganisation();
    await json(await post(admin, '/api/buyers?allow_duplicate=true', { first_name: 'Zip', buy_box: { property_types: ['single_family'], price_min: 100_000, price_max: 200_000, locations: { zips: ['78745'] } } }), 201);
    const deal = await dealFor(admin, '');
    const matches = await json<TBuyerMatches>(await admin.request(`/api/deals/${deal.id}/buyers`));
    expect(matches.items[0]?.explanation).toMatch(/^Strong match \(\d+\/100\): fits on .*buys in ZIP 78745/);
  });
});
