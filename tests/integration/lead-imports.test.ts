import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TImport } from '../../shared/imports/import.schemas.ts';
import type { TImportRecord } from '../../shared/imports/import-record.ts';
import { runImport } from '../../shared/imports/run-import.ts';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import type { TPage } from '../../shared/schemas/common.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { startTestHost, type TTestHost, type TTestSession } from '../support/test-host.ts';

let host: TTestHost;

beforeAll(async () => {
  host = await startTestHost({ env: { RATE_LIMIT_USER_PER_MINUTE: '5000' } });
});
afterAll(() => host.close());

async function drain(): Promise<void> {
  if (!host.platform.local) throw new Error('The test host runs the embedded queue');
  await (await host.platform.local.queue()).drain();
}

const post = (session: TTestSession, body: string | Uint8Array, query = '', options: { path?: string; contentType?: string } = {}) =>
  session.request(`${options.path ?? '/api/leads/imports'}${query ? `?${query}` : ''}`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers: { 'content-type': options.contentType ?? 'text/csv' },
  });

async function read<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function importLeads(session: TTestSession, csv: string | Uint8Array, query = ''): Promise<TImport> {
  const started = await read<TImport>(await post(session, csv, query), 202);
  expect(started.status).toBe('queued');
  await drain();
  return read<TImport>(await session.request(`/api/leads/imports/${started.id}`));
}

async function allLeads(session: TTestSession): Promise<TLead[]> {
  return (await read<TPage<TLead>>(await session.request('/api/leads?limit=200&sort=full_name&direction=asc'))).items;
}

const PROVIDER_CSV = [
  'Owner 1 First Name,Owner 1 Last Name,Property Address,Property City,Property State,Property Zip,Mailing Address,Mailing City,Mailing State,Mailing Zip,Phone 1,Phone 2,Email,Property Type,Estimated Value,Tags',
  'MARIA,GARCIA,4512 Oak Hollow Dr,Austin,TX,78745,PO Box 12,Austin,TX,78701,(512) 555-0101,512.555.0102,Maria@Example.com,Single Family Residence,"$245,000",probate; vacant',
  'JAMES,SMITH,88 Mission Rd,San Antonio,tx,78210,,,,,(210) 555-0103,,,Duplex,180000,',
  'Bad,Phone,1 Elm St,Dallas,TX,75203,,,,,555-01,,,SFR,,',
  'Bad,Zip,2 Elm St,Dallas,TX,7520,,,,,(214) 555-0104,,,SFR,,',
  ',,3 Elm St,Dallas,TX,75203,,,,,(214) 555-0105,,,SFR,,',
  'Maria,Garcia Again,9 Other St,Austin,TX,78702,,,,,512-555-0101,,,,,',
  '"JOHN ""JJ""",SMITH,"77 Lyons Ave, Unit 2",Houston,TX,77020,,,,,(713) 555-0106,,john@example.com,Condo,95k,',
].join('\r\n');

describe('lead CSV import', () => {
  let admin: TTestSession;
  let rep: TTestSession;
  beforeAll(async () => {
    ({ admin } = await host.createOrganisation('Import Homes'));
    rep = await host.addMember(admin, 'acquisition_rep');
  });

  it('imports a list provider file: normalised leads, rejected rows with line, column and reason, duplicates skipped', async () => {
    const done = await importLeads(rep, PROVIDER_CSV, 'filename=propstream.csv&tags=march-list');
    expect(done).toMatchObject({
      status: 'completed',
      file: { name: 'propstream.csv', encoding: 'utf-8', delimiter: 'comma' },
      progress: { rows_total: 7, rows_done: 7, percent: 100 },
      result: { created: 3, updated: 0, skipped: 1, rejected: 3 },
      duplicates_sample: [{ line: 7, matched: 'line 2', on: 'phone' }],
      options: { duplicates: 'skip', tags: ['march-list'], assigned_to: rep.uid },
    });
    expect(done.columns.slice(0, 3)).toEqual([
      { header: 'Owner 1 First Name', field: 'first_name' },
      { header: 'Owner 1 Last Name', field: 'last_name' },
      { header: 'Property Address', field: 'address' },
    ]);
    expect(done.rejections).toEqual([
      { line: 4, problems: [{ column: 'Phone 1', field: 'phone', detail: '"555-01" is not a valid phone number' }] },
      { line: 5, problems: [{ column: 'Property Zip', field: 'address_zip', detail: 'Use a 5-digit ZIP code' }] },
      { line: 6, problems: [{ column: 'Owner 1 First Name', field: 'first_name', detail: 'The row has no owner name' }] },
    ]);
    const leads = await allLeads(rep);
    expect(leads.map((lead) => lead.full_name).sort()).toEqual(['James Smith', 'John "Jj" Smith', 'Maria Garcia']);
    const maria = leads.find((lead) => lead.first_name === 'Maria');
    expect(maria).toMatchObject({
      phone: '+15125550101',
      other_phones: ['+15125550102'],
      email: 'maria@example.com',
      address: { line1: '4512 Oak Hollow Dr', city: 'Austin', state: 'TX', zip: '78745' },
      mailing_address: { line1: 'PO Box 12', city: 'Austin', state: 'TX', zip: '78701' },
      property_type: 'single_family',
      estimated_value: 245_000,
      source: 'list_import',
      status: 'new',
      assigned_to: rep.uid,
      tags: ['probate', 'vacant', 'march-list'],
    });
    expect(leads.find((lead) => lead.email === 'john@example.com')).toMatchObject({ property_type: 'condo', estimated_value: 95_000, address: { line1: '77 Lyons Ave, Unit 2' } });
  });

  it('skips stored duplicates by phone, email or address, or updates them under duplicates=update', async () => {
    // Both rows are Maria's: one by her email, one by her property address (with a new number).
    const csv = 'Owner Name,Phone,Email,Property Address,Tags,Estimated Value\nMaria Garcia,,maria@example.com,,hot,250000\nMaria Garcia,(512) 555-0199,,"4512 Oak Hollow Dr, Austin, TX 78745",cash buyer wanted,\n';
    const skipped = await importLeads(rep, csv);
    expect(skipped.result).toEqual({ created: 0, updated: 0, skipped: 2, rejected: 0 });
    expect(skipped.duplicates_sample.map((entry) => entry.on)).toEqual(['email', 'address']);
    const updated = await importLeads(rep, csv, 'duplicates=update');
    expect(updated.result).toEqual({ created: 0, updated: 2, skipped: 0, rejected: 0 });
    const maria = (await allLeads(rep)).find((lead) => lead.email === 'maria@example.com');
    expect(maria).toMatchObject({
      full_name: 'Maria Garcia',
      estimated_value: 250_000,
      tags: ['probate', 'vacant', 'march-list', 'hot', 'cash buyer wanted'],
      phone: '+15125550101',
      other_phones: ['+15125550102', '+15125550199'],
    });
    const timeline = await read<TPage<{ type: string; summary: string }>>(await rep.request(`/api/leads/${maria?.id}/timeline?type=import`));
    expect(timeline.items.map((entry) => entry.summary.replace(/^.*\(/, '(')).sort()).toEqual(['(line 2)', '(line 3)']);
  });

  it('previews the detected mapping with samples, then starts with the mapping the user corrected', async () => {
    const csv = 'Seller,Cell,Site Address,Site City,Site State,Site Zip,APN\nLinda Tran,713-555-0140,15 Scott St,Houston,TX,77004,123-456\n';
    const preview = await read<{ id: string; sample: { columns: { header: string; field: string | null; values: string[] }[] }; mapping_problems: string[] }>(
      await post(admin, csv, 'filename=list.csv', { path: '/api/leads/imports/preview' }),
      201,
    );
    expect(preview.sample.columns.map((column) => column.field)).toEqual(['full_name', 'phone', 'address', 'address_city', 'address_state', 'address_zip', null]);
    expect(preview.sample.columns[6]).toEqual({ index: 6, header: 'APN', field: null, values: ['123-456'] });
    expect(preview.mapping_problems).toEqual([]);
    const wrong = await admin.request(`/api/leads/imports/${preview.id}/start`, { method: 'POST', json: { mapping: ['full_name', 'phone'] } });
    expect(wrong.status).toBe(400);
    const started = await read<TImport>(
      await admin.request(`/api/leads/imports/${preview.id}/start`, {
        method: 'POST',
        json: { mapping: ['full_name', 'phone', 'address', 'address_city', 'address_state', 'address_zip', 'notes'], duplicates: 'update', tags: ['preview'] },
      }),
      202,
    );
    expect(started.status).toBe('queued');
    await drain();
    const lead = (await allLeads(admin)).find((candidate) => candidate.full_name === 'Linda Tran');
    expect(lead).toMatchObject({ notes: '123-456', tags: ['preview'], assigned_to: null, address: { zip: '77004' } });
  });

  it('discards a draft and its file', async () => {
    const preview = await read<{ id: string }>(await post(admin, 'Owner Name\nAnn\n', '', { path: '/api/leads/imports/preview' }), 201);
    expect((await admin.request(`/api/leads/imports/${preview.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin.request(`/api/leads/imports/${preview.id}`)).status).toBe(404);
  });

  it('lets a rep import only for themselves, and keeps disposition managers and executives out', async () => {
    const other = await read<{ errors: { field: string }[] }>(await post(rep, 'Owner Name\nAnn\n', `assigned_to=${admin.uid}`), 403);
    expect(other.errors[0]?.field).toBe('assigned_to');
    for (const role of ['disposition_manager', 'executive'] as const) {
      const member = await host.addMember(admin, role);
      expect((await post(member, 'Owner Name\nAnn\n')).status).toBe(403);
      expect((await member.request('/api/leads/imports')).status).toBe(200);
    }
  });

  it("lists the imports a rep ran, not other people's", async () => {
    const mine = await read<TPage<TImport>>(await rep.request('/api/leads/imports'));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((item) => item.created_by === rep.uid)).toBe(true);
    const everyone = await read<TPage<TImport>>(await admin.request('/api/leads/imports'));
    expect(everyone.items.some((item) => item.created_by === admin.uid)).toBe(true);
  });

  it('pages through every rejected row and downloads them as CSV', async () => {
    const rows = Array.from({ length: 130 }, (_, index) => `Owner ${index},not-a-phone-${index}`);
    const done = await importLeads(admin, ['Owner Name,Phone', ...rows].join('\n'));
    expect(done.result.rejected).toBe(130);
    expect(done.rejections).toHaveLength(100);
    const first = await read<TPage<{ line: number }>>(await admin.request(`/api/leads/imports/${done.id}/rejections?limit=100`));
    const second = await read<TPage<{ line: number }>>(await admin.request(`/api/leads/imports/${done.id}/rejections?limit=100&cursor=${first.nextCursor}`));
    expect([...first.items, ...second.items].map((item) => item.line)).toEqual(Array.from({ length: 130 }, (_, index) => index + 2));
    const csv = await (await admin.request(`/api/leads/imports/${done.id}/errors.csv`)).text();
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(131);
    expect(lines[1]).toBe('Owner 0,not-a-phone-0,2,"Phone: ""not-a-phone-0"" is not a valid phone number"');
  });
});

describe('broken files are refused clearly and leave stored leads untouched', () => {
  let admin: TTestSession;
  let before: TLead[];
  beforeAll(async () => {
    ({ admin } = await host.createOrganisation('Broken Files Homes'));
    await importLeads(admin, 'Owner Name,Phone\nKeep Me,(512) 555-0150\n');
    before = await allLeads(admin);
    expect(before).toHaveLength(1);
  });

  const problem = async (response: Response, status = 400) => read<{ code: string; detail: string; errors?: { location: string; field: string }[] }>(response, status);

  it.each([
    ['an empty file', Buffer.alloc(0), 'Send the CSV file as the request body'],
    ['a header without rows', Buffer.from('Owner Name,Phone\n'), 'column names but no rows'],
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]), 'Excel workbook'],
    ['an image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'PNG image'],
    ['Windows-1252 text sent as UTF-8', Buffer.concat([Buffer.from('Owner Name,Phone\nJos'), Buffer.from([0xe9]), Buffer.from(' Perez,(512) 555-0151\n')]), 'encoding=windows-1252'],
    ['binary data', Buffer.from('Owner Name,Phone\nAnn,\u0000\u0001\u0002\n'), 'binary data'],
    ['an unclosed quote', Buffer.from('Owner Name,Phone\n"Ann,(512) 555-0152\nBob,(512) 555-0153\n'), 'never closed'],
    ['a stray quote', Buffer.from('Owner Name,Phone\nAnn "Annie" Lee,(512) 555-0152\n'), 'Line 2 has a "'],
    ['JSON', Buffer.from('[{"owner":"Ann"}]'), 'looks like JSON'],
    ['no name column', Buffer.from('Phone,Email\n(512) 555-0154,a@b.co\n'), 'No column holds Owner name or First name'],
  ])('%s: 400 with a sentence that says what to do', async (_case, body, message) => {
    const answer = await problem(await post(admin, body));
    expect(answer.detail).toContain(message);
    expect(await allLeads(admin)).toEqual(before);
  });

  it('refuses 50 MB with 413 before reading it', async () => {
    const answer = await problem(await post(admin, Buffer.alloc(50 * 1024 * 1024, 'a')), 413);
    expect(answer).toMatchObject({ code: 'payload_too_large', detail: 'The request body is larger than 40 MB' });
  });

  it('refuses a body that is not declared as CSV with 415', async () => {
    const answer = await problem(await post(admin, 'Owner Name\nAnn\n', '', { contentType: 'application/json' }), 415);
    expect(answer.detail).toContain('text/csv');
  });

  it('fails a file with ragged rows in the job, naming the lines, and writes nothing', async () => {
    const done = await importLeads(admin, 'Owner Name,Phone,Email\nAnn Lee,(512) 555-0160,ann@example.com\nBob Ray,(512) 555-0161\nCy Dee,(512) 555-0162,cy@example.com,extra\nDi Fox,(512) 555-0163,di@example.com,,\n');
    expect(done).toMatchObject({
      status: 'failed',
      result: { created: 0, updated: 0, skipped: 0, rejected: 0 },
      error: {
        message: expect.stringContaining('2 rows do not have as many fields as the header; nothing was imported'),
        problems: [
          { line: 3, detail: 'Line 3 has 2 fields; the header has 3' },
          { line: 4, detail: 'Line 4 has 4 fields; the header has 3' },
        ],
      },
    });
    expect(await allLeads(admin)).toEqual(before);
  });

  it('fails a large file whose quote breaks near the end, after the part the upload checked, and writes nothing', async () => {
    const rows = Array.from({ length: 12_000 }, (_, index) => `Owner ${index} Longname,(512) 555-${String(index % 10_000).padStart(4, '0')},note ${'x'.repeat(20)}`);
    const csv = `Owner Name,Phone,Notes\n${rows.join('\n')}\nBroken,(512) 555-0170,"never closed\n`;
    expect(csv.length).toBeGreaterThan(600 * 1024);
    const done = await importLeads(admin, csv);
    expect(done.status).toBe('failed');
    expect(done.error?.message).toContain('never closed');
    expect(await allLeads(admin)).toEqual(before);
  });

  it('imports a UTF-8 file with a BOM and CRLF line ends, and a Windows-1252 file when told so', async () => {
    const bom = await importLeads(admin, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Owner Name,Phone\r\nZoë Núñez,(512) 555-0180\r\n')]));
    expect(bom.columns[0]).toEqual({ header: 'Owner Name', field: 'full_name' });
    expect(bom.result.created).toBe(1);
    const latin = await importLeads(admin, Buffer.concat([Buffer.from('Owner Name;Phone\nJos'), Buffer.from([0xe9]), Buffer.from(' Perez;(512) 555-0181\n')]), 'encoding=windows-1252');
    expect(latin).toMatchObject({ status: 'completed', file: { encoding: 'windows-1252', delimiter: 'semicolon' }, result: { created: 1 } });
    expect((await allLeads(admin)).map((lead) => lead.full_name)).toEqual(expect.arrayContaining(['Zoë Núñez', 'José Perez']));
  });
});

describe('plan limit and resumed runs', () => {
  it('rejects the rows beyond max_leads with the reason, and imports the rest', async () => {
    const { admin, tenantId } = await host.createOrganisation('Small Plan Homes');
    const db = await host.platform.db();
    await db.collection<TTenantRecord>('tenants').updateOne({ _id: tenantId }, { $set: { 'plan.limits.max_leads': 3 } });
    const rows = Array.from({ length: 5 }, (_, index) => `Owner ${index},(512) 555-02${String(index).padStart(2, '0')}`);
    const done = await importLeads(admin, ['Owner Name,Phone', ...rows].join('\n'));
    expect(done.result).toEqual({ created: 3, updated: 0, skipped: 0, rejected: 2 });
    expect(done.rejections?.map((rejection) => [rejection.line, rejection.problems[0]?.detail])).toEqual([
      [5, expect.stringContaining('Your plan allows 3 leads')],
      [6, expect.stringContaining('Your plan allows 3 leads')],
    ]);
  });

  it('continues where it stopped when a run runs out of time, without duplicating a lead', async () => {
    const { admin, tenantId } = await host.createOrganisation('Resume Homes');
    const rows = Array.from({ length: 2_500 }, (_, index) => `Owner ${index},(512) 555-${String(index).padStart(4, '0')}`);
    const started = await read<TImport>(await post(admin, ['Owner Name,Phone', ...rows].join('\n')), 202);
    const db = await host.platform.db();
    const tenant = (await db.collection<TTenantRecord>('tenants').findOne({ _id: tenantId })) as TTenantRecord;
    const ctx = {
      principal: { uid: admin.uid, email: admin.email, tenantId, role: 'admin' as const, name: 'Admin' },
      tenant,
      db: bindTenant(db, tenantId),
      events: { publish: async () => undefined },
      ports: host.platform,
      log: { debug() {}, info() {}, warn() {}, error() {} },
    };
    // A zero budget stops after every batch of 1,000 lines (the header is the first) and queues the next run.
    expect(await runImport(ctx, started.id, { budgetMs: 0 })).toBe('continues');
    const halfway = await db.collection<TImportRecord>('imports').findOne({ _id: started.id });
    expect(halfway?.progress).toMatchObject({ rows_total: 2_500, rows_done: 999, checkpoint_line: 1_000 });
    expect(await runImport(ctx, started.id, { budgetMs: 0 })).toBe('continues');
    await drain();
    const done = await read<TImport>(await admin.request(`/api/leads/imports/${started.id}`));
    expect(done).toMatchObject({ status: 'completed', progress: { rows_done: 2_500 }, result: { created: 2_500, skipped: 0 } });
    expect(await db.collection('leads').countDocuments({ tenant_id: tenantId })).toBe(2_500);
  });
});

describe('lead CSV export', () => {
  let admin: TTestSession;
  let rep: TTestSession;
  beforeAll(async () => {
    ({ admin } = await host.createOrganisation('Export Homes'));
    rep = await host.addMember(admin, 'acquisition_rep');
    await importLeads(admin, 'Owner Name,Phone,Notes,Tags\nAnn Admin,(512) 555-0190,"=HYPERLINK(""http://evil.example"",""x"")",vip\nBo Admin,(512) 555-0191,@SUM(1+1),\n', 'assigned_to=me');
    await importLeads(rep, 'Owner Name,Phone\nRay Rep,(512) 555-0192\n');
  });

  const exported = async (session: TTestSession, query = '') => {
    const response = await session.request(`/api/leads/export${query ? `?${query}` : ''}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    return (await response.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  };

  it('exports what the list shows the caller, with the list filters, formulas defused', async () => {
    const all = await exported(admin, 'sort=full_name&direction=asc');
    expect(all).toHaveLength(4);
    expect(all[0]?.startsWith('ID,First Name,Last Name,Phone 1,Phone 2')).toBe(true);
    expect(all[1]).toContain(`Ann,Admin,+15125550190`);
    expect(all[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(all[2]).toContain(`'@SUM(1+1)`);
    expect(await exported(admin, 'tag=vip')).toHaveLength(2);
    const repView = await exported(rep);
    expect(repView).toHaveLength(2);
    expect(repView[1]).toContain('Ray,Rep');
    expect((await admin.request('/api/leads/export?status=nonsense')).status).toBe(400);
  });

  it('produces a file the import reads back as the same leads', async () => {
    const lines = await exported(admin, 'sort=full_name&direction=asc');
    const { admin: other } = await host.createOrganisation('Round Trip Homes');
    const done = await importLeads(other, lines.join('\r\n'));
    expect(done.result).toMatchObject({ created: 3, rejected: 0 });
    const copies = await allLeads(other);
    expect(copies.map((lead) => [lead.full_name, lead.phone])).toEqual([
      ['Ann Admin', '+15125550190'],
      ['Bo Admin', '+15125550191'],
      ['Ray Rep', '+15125550192'],
    ]);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another organisation's import on every route", async () => {
    const { admin } = await host.createOrganisation('Owner Homes');
    const preview = await read<{ id: string }>(await post(admin, 'Owner Name\nAnn\n', '', { path: '/api/leads/imports/preview' }), 201);
    const { admin: stranger } = await host.createOrganisation('Stranger Import Homes');
    for (const [method, path, body] of [
      ['GET', `/api/leads/imports/${preview.id}`],
      ['GET', `/api/leads/imports/${preview.id}/rejections`],
      ['GET', `/api/leads/imports/${preview.id}/errors.csv`],
      ['POST', `/api/leads/imports/${preview.id}/start`, {}],
      ['DELETE', `/api/leads/imports/${preview.id}`],
      ['GET', `/api/buyers/imports/${preview.id}`],
    ] as const) {
      expect((await stranger.request(path, { method, ...(body ? { json: body } : {}) })).status, `${method} ${path}`).toBe(404);
    }
    expect((await read<TImport>(await admin.request(`/api/leads/imports/${preview.id}`))).status).toBe('draft');
  });
});
