import { buildBuyerRecord, buyerSearchText, normalizeBuyBox } from '../buyers/build-buyer-record.ts';
import { BUYER_FINANCING, BUYER_STRATEGIES, ZCreateBuyerRequest, type TBuyBox } from '../buyers/buyer.schemas.ts';
import type { TBuyerRecord } from '../buyers/buyer-record.ts';
import type { TUpdate } from '../ports/document-store.ts';
import { US_STATES } from '../schemas/address.ts';
import { headerKey, type TImportField } from './detect-column-mapping.ts';
import type { TRowProblem } from './import-record.ts';
import { inSlices, parseMoney, splitFullName, splitTags, tidyName, type TImportTarget } from './import-target.ts';
import { readPropertyType } from './lead-import-target.ts';

const keys = (...headers: string[]) => headers.map(headerKey);

/** Buyer columns: contact, buy box (types, price range, cities/states/ZIPs, strategy), tags, notes. */
export const BUYER_IMPORT_FIELDS: readonly TImportField[] = [
  { name: 'full_name', label: 'Name', synonyms: keys('Name', 'Full Name', 'Buyer Name', 'Buyer', 'Contact Name', 'Contact') },
  { name: 'first_name', label: 'First name', synonyms: keys('First Name', 'First', 'FName') },
  { name: 'last_name', label: 'Last name', synonyms: keys('Last Name', 'Last', 'LName', 'Surname') },
  { name: 'company', label: 'Company', synonyms: keys('Company', 'Company Name', 'Business', 'Business Name', 'Entity', 'LLC') },
  { name: 'phone', label: 'Phone', synonyms: keys('Phone', 'Phone 1', 'Phone Number', 'Mobile', 'Cell', 'Cell Phone', 'Mobile Phone') },
  { name: 'email', label: 'Email', synonyms: keys('Email', 'Email 1', 'Email Address', 'E-mail') },
  { name: 'property_types', label: 'Property types', multiple: true, synonyms: keys('Property Types', 'Property Type', 'Types', 'Asset Types', 'Asset Type', 'Buys') },
  { name: 'price_min', label: 'Minimum price', synonyms: keys('Min Price', 'Price Min', 'Minimum Price', 'Min Purchase Price', 'Price From', 'Min') },
  { name: 'price_max', label: 'Maximum price', synonyms: keys('Max Price', 'Price Max', 'Maximum Price', 'Max Purchase Price', 'Price To', 'Max', 'Budget') },
  { name: 'cities', label: 'Cities', multiple: true, synonyms: keys('Cities', 'City', 'Markets', 'Market', 'Target Cities', 'Areas') },
  { name: 'states', label: 'States', multiple: true, synonyms: keys('States', 'State', 'Target States') },
  { name: 'zips', label: 'ZIP codes', multiple: true, synonyms: keys('Zips', 'Zip Codes', 'Zip', 'Zip Code', 'Target Zips', 'Postal Codes') },
  { name: 'strategies', label: 'Strategies', multiple: true, synonyms: keys('Strategy', 'Strategies', 'Exit Strategy', 'Investment Strategy') },
  { name: 'financing', label: 'Financing', synonyms: keys('Financing', 'Funding', 'Payment', 'Funds') },
  { name: 'max_repairs', label: 'Maximum repairs', synonyms: keys('Max Repairs', 'Max Rehab', 'Rehab Budget', 'Repair Budget') },
  { name: 'tags', label: 'Tags', multiple: true, synonyms: keys('Tags', 'Tag', 'Lists', 'Groups') },
  { name: 'notes', label: 'Notes', multiple: true, synonyms: keys('Notes', 'Note', 'Comments', 'Criteria') },
  { name: 'status', label: 'Status', synonyms: keys('Status', 'Active') },
];

const listCells = (values: { value: string }[]) =>
  values
    .flatMap((cell) => cell.value.split(/[;|,/]/))
    .map((entry) => entry.trim())
    .filter(Boolean);

/** Cash buyers imported from a spreadsheet or another CRM's export. */
export const buyerImportTarget: TImportTarget<TBuyerRecord> = {
  kind: 'buyers',
  collection: 'buyers',
  noun: 'buyer',
  fields: BUYER_IMPORT_FIELDS,
  overflow: {},
  requiredAnyOf: [['full_name', 'first_name', 'company']],

  build(row, meta) {
    const problems: TRowProblem[] = [];
    const problem = (field: string, detail: string) => problems.push({ column: row.column(field), field, detail });

    let first = tidyName(row.get('first_name'));
    let last = tidyName(row.get('last_name'));
    if (!first && row.get('full_name')) ({ first, last } = splitFullName(row.get('full_name')));
    const company = tidyName(row.get('company'));
    if (!first) first = company;
    if (!first) problem('full_name', 'The row has no name');

    const propertyTypes = listCells(row.all('property_types')).map((text) => ({ text, type: readPropertyType(text) }));
    for (const unknown of propertyTypes.filter((entry) => !entry.type)) problem('property_types', `"${unknown.text}" is not a property type we know`);
    const money = (field: string) => {
      const text = row.get(field);
      if (!text) return null;
      const amount = parseMoney(text);
      if (amount === null) problem(field, `"${text}" is not an amount`);
      return amount;
    };
    const priceMin = money('price_min');
    const priceMax = money('price_max');
    const maxRepairs = money('max_repairs');
    const states = listCells(row.all('states')).map((state) => state.toUpperCase());
    for (const state of states.filter((entry) => !(US_STATES as readonly string[]).includes(entry))) problem('states', `"${state}" is not a two-letter US state code`);
    const zips = listCells(row.all('zips')).map((zip) => zip.slice(0, 5));
    const strategies = listCells(row.all('strategies')).map((text) => ({ text, value: text.toLowerCase().replace(/[\s-]+/g, '_') }));
    for (const entry of strategies.filter((item) => !(BUYER_STRATEGIES as readonly string[]).includes(item.value))) problem('strategies', `"${entry.text}" is not a strategy (${BUYER_STRATEGIES.join(', ')})`);
    const financingText = row.get('financing').toLowerCase().replace(/[\s-]+/g, '_');
    if (financingText && !(BUYER_FINANCING as readonly string[]).includes(financingText)) problem('financing', `"${row.get('financing')}" is not a financing type (${BUYER_FINANCING.join(', ')})`);
    const statusText = row.get('status').toLowerCase();
    const status = !statusText || ['active', 'yes', 'y', 'true', '1'].includes(statusText) ? 'active' : ['inactive', 'no', 'n', 'false', '0'].includes(statusText) ? 'inactive' : null;
    if (!status) problem('status', `"${row.get('status')}" is not active or inactive`);
    if (problems.length > 0) return { problems };

    const input = {
      first_name: first,
      ...(last ? { last_name: last } : {}),
      ...(company ? { company } : {}),
      ...(row.get('phone') ? { phone: row.get('phone') } : {}),
      ...(row.get('email') ? { email: row.get('email') } : {}),
      buy_box: {
        property_types: [...new Set(propertyTypes.map((entry) => entry.type))],
        price_min: priceMin,
        price_max: priceMax,
        locations: { cities: listCells(row.all('cities')), states, zips },
        criteria: { strategies: strategies.map((entry) => entry.value), ...(financingText ? { financing: financingText } : {}), max_repairs: maxRepairs },
      },
      tags: [...new Set([...row.all('tags').flatMap((cell) => splitTags(cell.value)), ...meta.options.tags])].slice(0, 30),
      ...(row.all('notes').length > 0 ? { notes: row.all('notes').map((note) => note.value).join('\n').slice(0, 10_000) } : {}),
      status: status ?? 'active',
    };
    const parsed = ZCreateBuyerRequest.safeParse(input);
    if (!parsed.success) return { problems: parsed.error.issues.map((issue) => toProblem(row, issue.path.map(String), issue.message)) };
    const built = buildBuyerRecord(parsed.data, { tenantId: meta.tenantId, createdBy: meta.createdBy, now: meta.now });
    if (built.errors) return { problems: built.errors.map((error) => toProblem(row, error.field.split('.'), error.detail)) };
    return { record: built.record };
  },

  dedupeKeys(buyer) {
    return [...(buyer.phone ? [`phone:${buyer.phone}`] : []), ...(buyer.email ? [`email:${buyer.email}`] : [])];
  },

  async findStored(ctx, wanted) {
    const phones = wanted.filter((key) => key.startsWith('phone:')).map((key) => key.slice(6));
    const emails = wanted.filter((key) => key.startsWith('email:')).map((key) => key.slice(6));
    const buyers = ctx.db.collection<TBuyerRecord>('buyers');
    const lists = await Promise.all([
      ...inSlices(phones).map((slice) => buyers.find({ phone: { $in: slice } }).toArray()),
      ...inSlices(emails).map((slice) => buyers.find({ email: { $in: slice } }).toArray()),
    ]);
    const found = new Map<string, TBuyerRecord>();
    for (const list of lists) for (const buyer of list) for (const key of buyerImportTarget.dedupeKeys(buyer)) if (!found.has(key)) found.set(key, buyer);
    return found;
  },

  mergeInto(stored, incoming, row, now) {
    const next: TBuyerRecord = { ...stored };
    if (row.get('first_name') || row.get('full_name')) {
      next.first_name = incoming.first_name;
      next.last_name = incoming.last_name;
      next.full_name = incoming.full_name;
    }
    if (incoming.company) next.company = incoming.company;
    if (incoming.email) next.email = incoming.email;
    if (incoming.phone && !stored.phone) next.phone = incoming.phone;
    const box: TBuyBox = { ...stored.buy_box, locations: { ...stored.buy_box.locations }, criteria: { ...stored.buy_box.criteria } };
    if (row.all('property_types').length > 0) box.property_types = incoming.buy_box.property_types;
    if (row.get('price_min')) box.price_min = incoming.buy_box.price_min;
    if (row.get('price_max')) box.price_max = incoming.buy_box.price_max;
    if (row.all('cities').length > 0) box.locations.cities = incoming.buy_box.locations.cities;
    if (row.all('states').length > 0) box.locations.states = incoming.buy_box.locations.states;
    if (row.all('zips').length > 0) box.locations.zips = incoming.buy_box.locations.zips;
    if (row.all('strategies').length > 0) box.criteria.strategies = incoming.buy_box.criteria.strategies;
    if (row.get('financing')) box.criteria.financing = incoming.buy_box.criteria.financing;
    if (row.get('max_repairs')) box.criteria.max_repairs = incoming.buy_box.criteria.max_repairs;
    next.buy_box = normalizeBuyBox(box);
    if (next.buy_box.price_min !== null && next.buy_box.price_max !== null && next.buy_box.price_min > next.buy_box.price_max) next.buy_box = stored.buy_box;
    const tags = incoming.tags.filter((tag) => !stored.tags.includes(tag));
    if (tags.length > 0) next.tags = [...stored.tags, ...tags];
    if (incoming.notes && !stored.notes.includes(incoming.notes)) next.notes = [stored.notes, incoming.notes].filter(Boolean).join('\n').slice(0, 10_000);
    if (row.get('status')) next.status = incoming.status;

    const set: Partial<TBuyerRecord> = {};
    for (const field of ['first_name', 'last_name', 'full_name', 'company', 'email', 'phone', 'buy_box', 'tags', 'notes', 'status'] as const) {
      if (JSON.stringify(next[field]) !== JSON.stringify(stored[field])) (set as Record<string, unknown>)[field] = next[field];
    }
    if (Object.keys(set).length === 0) return null;
    set.search_text = buyerSearchText(next);
    set.updated_at = now;
    return { $set: set } satisfies TUpdate;
  },

  capacity: async () => null,
  describe: (buyer) => `${buyer.full_name} (${buyer._id})`,
};

const BUY_BOX_FIELDS: Record<string, string> = {
  property_types: 'property_types',
  price_min: 'price_min',
  price_max: 'price_max',
  cities: 'cities',
  states: 'states',
  zips: 'zips',
  strategies: 'strategies',
  financing: 'financing',
  max_repairs: 'max_repairs',
};

function toProblem(row: Parameters<TImportTarget['build']>[0], path: string[], detail: string): TRowProblem {
  // buy_box.locations.zips.0 → zips; buy_box.price_max → price_max
  const leaf = path.filter((part) => !/^\d+$/.test(part)).at(-1) ?? 'row';
  const field = path[0] === 'buy_box' ? (BUY_BOX_FIELDS[leaf] ?? leaf) : path[0] === 'first_name' ? (row.has('first_name') ? 'first_name' : 'full_name') : leaf;
  return { column: row.column(field), field, detail };
}
