import { describe, expect, it } from 'vitest';
import type { TLead } from '../../shared/leads/lead.schemas.ts';
import { ZCreateBuyerRequest, ZUpdateBuyerRequest } from '../../shared/buyers/buyer.schemas.ts';
import { ZCreateLeadRequest, ZUpdateLeadRequest } from '../../shared/leads/lead.schemas.ts';
import { attachmentName } from '../../site/src/lib/api-client.ts';
import { buyerDraft, createBuyerBody, updateBuyerBody } from '../../site/src/lib/buyer-draft.ts';
import { dealMove } from '../../site/src/lib/deal-rules.ts';
import { duplicateFields, isRunning } from '../../site/src/lib/import-steps.ts';
import { money, parseMoney, phone, relativeTime, oneLineAddress, fromLocalInput, toLocalInput } from '../../site/src/lib/format.ts';
import { createLeadBody, leadDraft, updateLeadBody } from '../../site/src/lib/lead-draft.ts';
import { EMPTY_LEAD_FILTERS, extraFilterCount, leadFilterQuery, leadListSearch, readLeadListState } from '../../site/src/lib/lead-list-query.ts';
import { boardMove, canPutUnderContract, describeBulkResult, manualLeadMoves } from '../../site/src/lib/lead-rules.ts';

describe('what the portal offers each role on a lead', () => {
  it.each([
    ['admin', 'new', ['contacted', 'qualified', 'lost']],
    ['acquisition_rep', 'contacted', ['qualified', 'lost']],
    ['admin', 'lost', ['new', 'contacted', 'qualified']],
    ['acquisition_rep', 'lost', []],
    ['disposition_manager', 'qualified', []],
    ['executive', 'new', []],
    ['admin', 'closed', []],
  ] as const)('%s moving a %s lead by hand may go to %j', (role, status, moves) => {
    expect(manualLeadMoves(role, status)).toEqual(moves);
  });

  it('leaves under contract and closed to deals, even when the pipeline allows them', () => {
    expect(manualLeadMoves('admin', 'qualified')).not.toContain('under_contract');
    expect(manualLeadMoves('admin', 'under_contract')).not.toContain('closed');
    expect(canPutUnderContract('acquisition_rep', 'qualified')).toBe(true);
    expect(canPutUnderContract('disposition_manager', 'contacted')).toBe(true);
    expect(canPutUnderContract('executive', 'qualified')).toBe(false);
    expect(canPutUnderContract('admin', 'new')).toBe(false);
  });

  it.each([
    ['acquisition_rep', 'new', 'contacted', 'move'],
    ['acquisition_rep', 'qualified', 'lost', 'needs-reason'],
    ['acquisition_rep', 'qualified', 'under_contract', 'needs-deal'],
    ['acquisition_rep', 'new', 'under_contract', 'refused'],
    ['admin', 'under_contract', 'closed', 'refused'],
    ['acquisition_rep', 'qualified', 'contacted', 'refused'],
    ['acquisition_rep', 'lost', 'new', 'refused'],
    ['admin', 'lost', 'new', 'move'],
    ['executive', 'new', 'contacted', 'refused'],
  ] as const)('a %s dropping a %s card on %s: %s', (role, from, to, kind) => {
    expect(boardMove(role, from, to).kind).toBe(kind);
  });

  it('says why a drop was refused in words a person can act on', () => {
    expect(boardMove('acquisition_rep', 'lost', 'new')).toEqual({ kind: 'refused', message: 'Only admins can reopen a lost lead.' });
    expect(boardMove('acquisition_rep', 'qualified', 'contacted')).toMatchObject({ message: expect.stringContaining('mark it lost') });
  });

  it('summarises a bulk action: changed, already so, and refused with reasons', () => {
    expect(describeBulkResult({ updated: ['a', 'b'], skipped: [] })).toEqual({ title: '2 leads updated' });
    expect(
      describeBulkResult({
        updated: ['a'],
        skipped: [
          { id: 'b', code: 'unchanged', detail: 'Already assigned' },
          { id: 'c', code: 'not_found', detail: 'not found' },
          { id: 'd', code: 'not_found', detail: 'not found' },
        ],
      }),
    ).toEqual({ title: '1 lead updated', body: '3 leads skipped: 1 already like that; 2 not found' });
  });
});

describe('the leads list address', () => {
  it('round-trips filters and sort through the query string, leaving defaults out', () => {
    const filters = { ...EMPTY_LEAD_FILTERS, status: ['new' as const, 'contacted' as const], source: ['referral' as const], assigned_to: 'me', q: 'mission rd', min_value: '100000' };
    const search = leadListSearch(filters, { key: 'lead_score', direction: 'desc' });
    expect(readLeadListState(search)).toEqual({ filters, sort: { key: 'lead_score', direction: 'desc' } });
    expect(leadListSearch(EMPTY_LEAD_FILTERS, { key: 'created_at', direction: 'desc' })).toBe('');
  });

  it('drops what it does not know or cannot send, so a hand-edited address cannot make a bad request', () => {
    const { filters, sort } = readLeadListState('?status=new,bogus&sort=password&min_value=abc&created_from=2026-13&assigned_to=$where&tag=ok tag');
    expect(filters.status).toEqual(['new']);
    expect(filters.min_value).toBe('');
    expect(filters.assigned_to).toBe('');
    expect(filters.tag).toBe('ok tag');
    expect(sort).toEqual({ key: 'created_at', direction: 'desc' });
  });

  it('asks the counts without the status filter (they label the status chips)', () => {
    const filters = { ...EMPTY_LEAD_FILTERS, status: ['lost' as const], tag: 'probate' };
    expect(leadFilterQuery(filters)).toEqual({ status: 'lost', tag: 'probate' });
    expect(leadFilterQuery(filters, { withStatus: false })).toEqual({ tag: 'probate' });
    expect(extraFilterCount(filters)).toBe(1);
  });
});

describe('display formats', () => {
  it.each([
    [245000, '$245,000'],
    [null, '—'],
    [-1500, '-$1,500'],
  ])('money(%s) is %s', (amount, text) => {
    expect(money(amount)).toBe(text);
  });

  it.each([
    ['$120,000', 120000],
    ['120k', 120000],
    ['1.2m', 1200000],
    ['', undefined],
    ['twelve', Number.NaN],
  ])('reads %s typed by a person as %s', (typed, amount) => {
    expect(parseMoney(typed)).toEqual(amount);
  });

  it('shows US phones the way people write them and others as stored', () => {
    expect(phone('+15125550142')).toBe('(512) 555-0142');
    expect(phone('+442071234567')).toBe('+442071234567');
    expect(phone(null)).toBe('—');
  });

  it('says when relative to now', () => {
    const now = Date.parse('2026-11-02T15:00:00Z');
    expect(relativeTime('2026-11-02T14:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-11-02T12:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('2026-11-03T15:00:00Z', now)).toBe('tomorrow');
    expect(relativeTime('2026-10-19T15:00:00Z', now)).toBe('2 weeks ago');
  });

  it('writes addresses on one line and local times for datetime inputs', () => {
    expect(oneLineAddress({ line1: '4102 Manchaca Rd', city: 'Austin', state: 'TX', zip: '78704' })).toBe('4102 Manchaca Rd, Austin, TX 78704');
    expect(fromLocalInput(toLocalInput('2026-11-02T15:30:00.000Z'))).toBe('2026-11-02T15:30:00.000Z');
    expect(fromLocalInput('')).toBeUndefined();
  });
});

describe('the lead form’s request bodies', () => {
  const lead: TLead = {
    id: 'ld_1',
    first_name: 'Maria',
    last_name: 'Gonzalez',
    full_name: 'Maria Gonzalez',
    phone: '+15125550142',
    other_phones: [],
    email: 'maria@example.org',
    address: { line1: '4102 Manchaca Rd', city: 'Austin', state: 'TX', zip: '78704' },
    mailing_address: null,
    property_type: 'single_family',
    estimated_value: 245000,
    source: 'direct_mail',
    status: 'new',
    lost_reason: null,
    assigned_to: 'usr_rep',
    tags: ['vacant'],
    auto_tags: [],
    notes: 'Roof leaks',
    lead_score: null,
    ai_summary: null,
    last_contacted: null,
    first_contacted_at: null,
    communication_count: 0,
    status_history: [],
    appointments: [],
    offers: [],
    created_by: 'usr_rep',
    created_at: '2026-11-02T15:00:00.000Z',
    updated_at: '2026-11-02T15:00:00.000Z',
  };

  it('creates with what was typed only, and passes the API’s schema', () => {
    const draft = { ...leadDraft(null, 'usr_rep'), first_name: ' Ana ', phone: '(512) 555-0101', tags: 'probate, vacant,', estimated_value: '$150k' };
    const body = createLeadBody(draft);
    expect(body).toEqual({ first_name: 'Ana', source: 'other', assigned_to: 'usr_rep', phone: '(512) 555-0101', tags: ['probate', 'vacant'], estimated_value: 150000 });
    expect(ZCreateLeadRequest.safeParse(body).success).toBe(true);
  });

  it('reports a half-typed address part by part, as the API would', () => {
    const draft = { ...leadDraft(null, ''), first_name: 'Ana', address: { line1: '1 Main St', city: '', state: 'TX', zip: '787' } };
    const result = ZCreateLeadRequest.safeParse(createLeadBody(draft));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(expect.arrayContaining(['address.city', 'address.zip']));
  });

  it('edits only what changed and clears emptied fields with null (or empty text and lists)', () => {
    const before = leadDraft(lead, '');
    expect(updateLeadBody(before, before)).toEqual({});
    const after = { ...before, email: '', estimated_value: '', notes: '', tags: '', assigned_to: '', address: { line1: '', city: '', state: 'TX', zip: '' }, first_name: 'María' };
    const body = updateLeadBody(before, after);
    expect(body).toEqual({ first_name: 'María', email: null, estimated_value: null, notes: '', tags: [], assigned_to: null, address: null });
    expect(ZUpdateLeadRequest.safeParse(body).success).toBe(true);
  });

  it('does not resend a phone only because the form shows it formatted', () => {
    const before = leadDraft(lead, '');
    expect(before.phone).toBe('(512) 555-0142');
    expect(updateLeadBody(before, { ...before, source: 'referral' })).toEqual({ source: 'referral' });
  });
});

describe('what the portal offers each role on deals', () => {
  it.each([
    ['disposition_manager', 'marketing', 'assigned', 'needs-buyer'],
    ['admin', 'assigned', 'closed', 'needs-closing'],
    ['admin', 'marketing', 'cancelled', 'needs-reason'],
    ['admin', 'assigned', 'marketing', 'move'],
    ['admin', 'marketing', 'closed', 'refused'],
    ['admin', 'closed', 'marketing', 'refused'],
    ['acquisition_rep', 'marketing', 'assigned', 'refused'],
    ['executive', 'assigned', 'closed', 'refused'],
  ] as const)('a %s moving a %s deal to %s: %s', (role, from, to, kind) => {
    expect(dealMove(role, from, to).kind).toBe(kind);
  });

  it('names the moves a deal can make when it cannot make this one', () => {
    expect(dealMove('admin', 'marketing', 'closed')).toEqual({ kind: 'refused', message: 'A marketing deal can go to assigned or cancelled.' });
    expect(dealMove('admin', 'closed', 'cancelled')).toEqual({ kind: 'refused', message: 'A closed deal is final.' });
  });
});

describe('the buyer form’s request bodies', () => {
  it('creates a buyer with a whole buy box that passes the API’s schema', () => {
    const draft = { ...buyerDraft(null), first_name: 'Tammy', company: 'Hill Country Holdings', property_types: ['single_family'], price_max: '320k', cities: 'Austin, Round Rock', zips: '78704', strategies: ['flip'] };
    const body = createBuyerBody(draft);
    expect(body).toMatchObject({ first_name: 'Tammy', company: 'Hill Country Holdings', buy_box: { price_min: null, price_max: 320000, locations: { cities: ['Austin', 'Round Rock'], states: ['TX'], zips: ['78704'] } } });
    expect(ZCreateBuyerRequest.safeParse(body).success).toBe(true);
  });

  it('reports a bad ZIP in the buy box at its path, as the API would', () => {
    const result = ZCreateBuyerRequest.safeParse(createBuyerBody({ ...buyerDraft(null), first_name: 'Tammy', zips: '78704, 7870' }));
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain('buy_box.locations.zips.1');
  });

  it('edits only what changed, and the buy box whole when any part of it did', () => {
    const before = { ...buyerDraft(null), first_name: 'Tammy', phone: '(512) 555-0177', cities: 'Austin' };
    expect(updateBuyerBody(before, before)).toEqual({});
    expect(updateBuyerBody(before, { ...before, phone: '' })).toEqual({ phone: '' });
    const changed = updateBuyerBody(before, { ...before, cities: 'Austin, Kyle' });
    expect(Object.keys(changed)).toEqual(['buy_box']);
    expect(ZUpdateBuyerRequest.safeParse(changed).success).toBe(true);
  });
});

describe('the import wizard', () => {
  const fields = [
    { name: 'phone', label: 'Phone', multiple: false },
    { name: 'other_phones', label: 'Other phone', multiple: true },
    { name: 'address_zip', label: 'Property ZIP', multiple: false },
  ];

  it('flags a field chosen for two columns unless it takes several', () => {
    expect(duplicateFields(['phone', 'other_phones', 'other_phones', null], fields)).toEqual([]);
    expect(duplicateFields(['address_zip', null, 'address_zip', 'phone'], fields)).toEqual(['Property ZIP']);
  });

  it('follows an import while it is queued, validating or importing', () => {
    expect(['queued', 'validating', 'importing'].every((status) => isRunning(status as 'queued'))).toBe(true);
    expect(isRunning('completed')).toBe(false);
    expect(isRunning('failed')).toBe(false);
  });

  it('names a downloaded file from the API’s Content-Disposition', () => {
    expect(attachmentName('attachment; filename="leads-2026-11-02.csv"')).toBe('leads-2026-11-02.csv');
    expect(attachmentName("attachment; filename*=UTF-8''probate%20list.csv")).toBe('probate list.csv');
    expect(attachmentName(null)).toBeNull();
  });
});
