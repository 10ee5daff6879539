import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TBuyer } from '../../shared/buyers/buyer.schemas.ts';
import type { TImport, TImportPreview } from '../../shared/imports/import.schemas.ts';
import type { TPage } from '../../shared/schemas/common.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

let host: TTestHost;
let dispo: TTestSession;
let executive: TTestSession;

beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '5000' } });
  const { admin } = await host.createOrganisation('Buyer Import Homes');
  [dispo, executive] = await Promise.all([host.addMember(admin, 'disposition_manager'), host.addMember(admin, 'executive')]);
});
afterAll(() => host.close());

const drain = async () => {
  if (!host.platform.local) throw new Error('The test host runs the embedded queue');
  await (await host.platform.local.queue()).drain();
};

const upload = (session: TTestSession, csv: string | Buffer, query = '', path = '/api/buyers/imports') =>
  session.request(`${path}${query ? `?${query}` : ''}`, { method: 'POST', body: typeof csv === 'string' ? csv : new Uint8Array(csv), headers: { 'content-type': 'text/csv' } });

async function importBuyers(csv: string, query = ''): Promise<TImport> {
  const response = await upload(dispo, csv, query);
  expect(response.status, await response.clone().text()).toBe(202);
  const started = (await response.json()) as TImport;
  await drain();
  return (await (await dispo.request(`/api/buyers/imports/${started.id}`)).json()) as TImport;
}

const CSV = [
  'Name,Company,Phone,Email,Property Types,Min Price,Max Price,Cities,States,Zips,Strategy,Tags,Notes',
  'Marcus Bell,Bell Capital,512-555-0101,marcus@bell.test,SFR; Condo,"$100,000",250k,"Austin, Round Rock",TX,78701;78702,flip,vip,Closes in 10 days',
  'Dana Ortiz,,210.555.0102,dana@ortiz.test,Duplex,80000,180000,San Antonio,tx,,rental,,',
  'Bad Phone,,555,bad@phone.test,,,,,,,,,',
  'Castle Person,,512-555-0104,,castle,,,,,,,,',
  'Marcus Again,,(512) 555-0101,,,,,,,,,,',
].join('\n');

describe('buyers CSV import', () => {
  it('imports buyers with buy boxes, rejects bad rows with line, column and reason, and skips duplicates in the file', async () => {
    const done = await importBuyers(CSV, 'filename=buyers.csv&tags=imported');
    expect(done).toMatchObject({
      status: 'completed',
      progress: { rows_total: 5, rows_done: 5, percent: 100 },
      result: { created: 2, updated: 0, skipped: 1, rejected: 2 },
      duplicates_sample: [{ line: 6, matched: 'line 2', on: 'phone' }],
    });
    expect(done.rejections).toEqual([
      { line: 4, problems: [{ column: 'Phone', field: 'phone', detail: '"555" is not a valid phone number' }] },
      { line: 5, problems: [{ column: 'Property Types', field: 'property_types', detail: '"castle" is not a property type we know' }] },
    ]);
    const list = (await (await dispo.request('/api/buyers?q=bell')).json()) as TPage<TBuyer>;
    expect(list.items[0]).toMatchObject({
      full_name: 'Marcus Bell',
      company: 'Bell Capital',
      phone: '+15125550101',
      tags: ['vip', 'imported'],
      buy_box: {
        property_types: ['single_family', 'condo'],
        price_min: 100_000,
        price_max: 250_000,
        locations: { cities: ['Austin', 'Round Rock'], states: ['TX'], zips: ['78701', '78702'] },
        criteria: { strategies: ['flip'] },
      },
    });
  });

  it('updates a stored buyer under duplicates=update, and skips it under skip', async () => {
    const csv = 'Name,Phone,Max Price,Tags\nMarcus Bell,512-555-0101,300000,repeat\n';
    const skipped = await importBuyers(csv);
    expect(skipped.result).toEqual({ created: 0, updated: 0, skipped: 1, rejected: 0 });
    expect(skipped.duplicates_sample[0]?.matched).toMatch(/^Marcus Bell \(by_/);
    const updated = await importBuyers(csv, 'duplicates=update');
    expect(updated.result).toEqual({ created: 0, updated: 1, skipped: 0, rejected: 0 });
    const buyer = ((await (await dispo.request('/api/buyers?q=bell')).json()) as TPage<TBuyer>).items[0];
    expect(buyer?.buy_box.price_max).toBe(300_000);
    expect(buyer?.buy_box.price_min).toBe(100_000);
    expect(buyer?.tags).toEqual(['vip', 'imported', 'repeat']);
  });

  it('gives the rejected rows back as CSV, as they were, with line and problems', async () => {
    const done = await importBuyers(CSV.replace('Marcus Bell', 'Marcus Bell').replace(/512-555-0101/, '512-555-0109'));
    const response = await dispo.request(`/api/buyers/imports/${done.id}/errors.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await response.text();
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Name,Company,Phone,Email,Property Types,Min Price,Max Price,Cities,States,Zips,Strategy,Tags,Notes,Line,Problems');
    expect(lines[1]).toBe('Bad Phone,,555,bad@phone.test,,,,,,,,,,4,"Phone: ""555"" is not a valid phone number"');
  });

  it('previews the mapping and first rows, then starts with a corrected mapping', async () => {
    const csv = 'Investor,Cell,Budget\nRita Moss,713-555-0177,400000\n';
    const response = await upload(dispo, csv, 'filename=investors.csv', '/api/buyers/imports/preview');
    expect(response.status).toBe(201);
    const preview = (await response.json()) as TImportPreview;
    expect(preview.status).toBe('draft');
    expect(preview.sample.columns).toEqual([
      { index: 0, header: 'Investor', field: null, values: ['Rita Moss'] },
      { index: 1, header: 'Cell', field: 'phone', values: ['713-555-0177'] },
      { index: 2, header: 'Budget', field: 'price_max', values: ['400000'] },
    ]);
    expect(preview.mapping_problems).toEqual(['No column holds Name or First name or Company: map one']);
    const refused = await dispo.request(`/api/buyers/imports/${preview.id}/start`, { method: 'POST', json: {} });
    expect(refused.status).toBe(400);
    const started = await dispo.request(`/api/buyers/imports/${preview.id}/start`, { method: 'POST', json: { mapping: ['full_name', 'phone', 'price_max'] } });
    expect(started.status).toBe(202);
    await drain();
    const done = (await (await dispo.request(`/api/buyers/imports/${preview.id}`)).json()) as TImport;
    expect(done).toMatchObject({ status: 'completed', result: { created: 1 } });
    expect((await dispo.request(`/api/buyers/imports/${preview.id}/start`, { method: 'POST', json: {} })).status).toBe(409);
  });

  it('lets executives read imports but not run them', async () => {
    expect((await upload(executive, CSV)).status).toBe(403);
    expect((await executive.request('/api/buyers/imports')).status).toBe(200);
  });
});

describe('buyers CSV export', () => {
  it('streams the filtered buyers as CSV that imports back', async () => {
    const response = await executive.request('/api/buyers/export?q=bell');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="buyers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await response.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Marcus,Bell,Bell Capital,+15125550101,marcus@bell.test,single_family; condo,100000,300000,Austin; Round Rock,TX,78701; 78702,flip,cash,,vip; imported; repeat,active');
  });
});
