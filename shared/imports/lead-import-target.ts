import type { TServiceContext } from '../context/service-context.ts';
import { addressKey } from '../contact/normalize-contact.ts';
import { buildLeadRecord, leadSearchText, leadSearchTokens } from '../leads/build-lead-record.ts';
import { remainingLeadCapacity } from '../leads/lead-capacity.ts';
import { LEAD_SOURCES, PROPERTY_TYPES, type TLeadSource, type TPropertyType } from '../leads/lead.constants.ts';
import type { TLeadRecord } from '../leads/lead-record.ts';
import { ZCreateLeadRequest } from '../leads/lead.schemas.ts';
import type { TUpdate } from '../ports/document-store.ts';
import { headerKey, type TImportField } from './detect-column-mapping.ts';
import type { TRowProblem } from './import-record.ts';
import { inSlices, parseMoney, splitFullName, splitTags, tidyName, type MappedRow, type TImportTarget } from './import-target.ts';

const keys = (...headers: string[]) => headers.map(headerKey);
const numbered = (base: string[], numbers: number[]) => base.flatMap((name) => numbers.map((number) => `${name}${number}`));

/** Lead columns and the headers list providers give them. */
export const LEAD_IMPORT_FIELDS: readonly TImportField[] = [
  { name: 'full_name', label: 'Owner name', synonyms: keys('Owner Name', 'Owner', 'Owner 1 Name', 'Owner 1 Full Name', 'Owner Full Name', 'Full Name', 'Name', 'Contact Name', 'Seller Name', 'Seller') },
  { name: 'first_name', label: 'First name', synonyms: keys('First Name', 'Owner First Name', 'Owner 1 First Name', 'First', 'FName', 'Given Name', 'Contact First Name') },
  { name: 'last_name', label: 'Last name', synonyms: keys('Last Name', 'Owner Last Name', 'Owner 1 Last Name', 'Last', 'LName', 'Surname', 'Contact Last Name') },
  {
    name: 'phone',
    label: 'Phone',
    synonyms: keys('Phone', 'Phone 1', 'Phone Number', 'Phone Number 1', 'Primary Phone', 'Mobile', 'Mobile 1', 'Mobile Phone', 'Cell', 'Cell Phone', 'Wireless 1', 'Wireless', 'Telephone', 'Tel', 'Owner Phone', 'Owner 1 Phone'),
  },
  {
    name: 'other_phone',
    label: 'Other phone',
    multiple: true,
    synonyms: [
      ...keys('Alt Phone', 'Alternate Phone', 'Secondary Phone', 'Home Phone', 'Work Phone', 'Landline', 'Landline 1'),
      ...numbered(['phone', 'phonenumber', 'mobile', 'cell', 'wireless', 'landline', 'owner1phone', 'ownerphone'], [2, 3, 4, 5]),
    ],
  },
  { name: 'email', label: 'Email', synonyms: keys('Email', 'Email 1', 'Email Address', 'Email Address 1', 'E-mail', 'Owner Email', 'Owner 1 Email', 'Primary Email') },
  {
    name: 'address',
    label: 'Property address',
    synonyms: keys('Property Address', 'Address', 'Site Address', 'Situs Address', 'Property Street', 'Property Street Address', 'Street Address', 'Street', 'Address 1', 'Property Address 1', 'Address Line 1'),
  },
  { name: 'address_city', label: 'Property city', synonyms: keys('Property City', 'City', 'Site City', 'Situs City') },
  { name: 'address_state', label: 'Property state', synonyms: keys('Property State', 'State', 'Site State', 'Situs State', 'ST') },
  { name: 'address_zip', label: 'Property ZIP', synonyms: keys('Property Zip', 'Property Zip Code', 'Property Postal Code', 'Zip', 'Zip Code', 'Zipcode', 'Postal Code', 'Site Zip', 'Situs Zip') },
  { name: 'mailing_address', label: 'Mailing address', synonyms: keys('Mailing Address', 'Mail Address', 'Mailing Street', 'Mailing Street Address', 'Mailing Address 1', 'Owner Mailing Address', 'Owner Address') },
  { name: 'mailing_city', label: 'Mailing city', synonyms: keys('Mailing City', 'Mail City', 'Owner Mailing City', 'Owner City') },
  { name: 'mailing_state', label: 'Mailing state', synonyms: keys('Mailing State', 'Mail State', 'Owner Mailing State', 'Owner State') },
  { name: 'mailing_zip', label: 'Mailing ZIP', synonyms: keys('Mailing Zip', 'Mailing Zip Code', 'Mail Zip', 'Mailing Postal Code', 'Owner Mailing Zip', 'Owner Zip') },
  { name: 'property_type', label: 'Property type', synonyms: keys('Property Type', 'Type', 'Prop Type', 'Property Class', 'Land Use', 'Property Use') },
  {
    name: 'estimated_value',
    label: 'Estimated value',
    synonyms: keys('Estimated Value', 'Est Value', 'Est. Value', 'Estimated Market Value', 'Market Value', 'AVM', 'EMV', 'Value', 'Estimated Property Value', 'ARV'),
  },
  { name: 'source', label: 'Lead source', synonyms: keys('Source', 'Lead Source', 'Marketing Source') },
  { name: 'tags', label: 'Tags', multiple: true, synonyms: keys('Tags', 'Tag', 'List', 'List Name', 'Lists', 'Motivation') },
  { name: 'notes', label: 'Notes', multiple: true, synonyms: keys('Notes', 'Note', 'Comments', 'Comment', 'Description') },
];

const PROPERTY_TYPE_WORDS: [RegExp, TPropertyType][] = [
  [/condo/, 'condo'],
  [/town ?(house|home)|\bth\b/, 'townhouse'],
  [/mobile|manufactured/, 'mobile_home'],
  [/multi|duplex|triplex|fourplex|quadplex|apartment|\d+ ?units?|\bmfr?\b/, 'multi_family'],
  [/single|\bsfr?\b|\bsfh\b|residential|house|\bhome\b/, 'single_family'],
  [/land|lot|acre/, 'land'],
  [/commercial|retail|office|industrial|warehouse/, 'commercial'],
];

/** `Single Family Residence`, `SFR`, `Duplex`, `Vacant Land` → our property types; null when unrecognised. */
export function readPropertyType(value: string): TPropertyType | null {
  const lower = value.toLowerCase().replace(/[_-]/g, ' ');
  if ((PROPERTY_TYPES as readonly string[]).includes(lower.replace(/ /g, '_'))) return lower.replace(/ /g, '_') as TPropertyType;
  return PROPERTY_TYPE_WORDS.find(([pattern]) => pattern.test(lower))?.[1] ?? null;
}

/** `Direct Mail`, `direct_mail`, `PPC` → a lead source; null when unrecognised. */
export function readLeadSource(value: string): TLeadSource | null {
  const key = value.toLowerCase().trim().replace(/[\s-]+/g, '_');
  return (LEAD_SOURCES as readonly string[]).includes(key) ? (key as TLeadSource) : null;
}

type TLeadFieldOrigin = { phones: string[]; extraPhones: string[] };

/** Leads imported from list files: owner name, phones, email, property and mailing addresses, value, tags. */
export const leadImportTarget: TImportTarget<TLeadRecord> = {
  kind: 'leads',
  collection: 'leads',
  noun: 'lead',
  fields: LEAD_IMPORT_FIELDS,
  overflow: { phone: 'other_phone' },
  requiredAnyOf: [['full_name', 'first_name']],

  build(row, meta) {
    const problems: TRowProblem[] = [];
    const problem = (field: string, detail: string) => problems.push({ column: row.column(field), field, detail });

    let first = tidyName(row.get('first_name'));
    let last = tidyName(row.get('last_name'));
    if (!first && row.get('full_name')) ({ first, last } = splitFullName(row.get('full_name')));
    if (!first && last) [first, last] = [last, ''];

    const phones = row.all('phone');
    const others = row.all('other_phone');
    const allPhones = [...phones, ...others];
    const origin: TLeadFieldOrigin = { phones: allPhones.map((phone) => phone.column), extraPhones: [] };
    // Lists carry up to ~10 phones; the record keeps the first 6 (phone + 5 others).
    const primary = allPhones[0]?.value;
    const extra = allPhones.slice(1, 6);
    origin.extraPhones = extra.map((phone) => phone.column);

    const propertyTypeText = row.get('property_type');
    const propertyType = propertyTypeText ? readPropertyType(propertyTypeText) : null;
    if (propertyTypeText && !propertyType) problem('property_type', `"${propertyTypeText}" is not a property type we know (single family, multi family, condo, townhouse, mobile home, land, commercial)`);
    const valueText = row.get('estimated_value');
    const estimatedValue = valueText ? parseMoney(valueText) : null;
    if (valueText && estimatedValue === null) problem('estimated_value', `"${valueText}" is not an amount`);
    const sourceText = row.get('source');
    const source = sourceText ? readLeadSource(sourceText) : 'list_import';
    if (sourceText && !source) problem('source', `"${sourceText}" is not a lead source (${LEAD_SOURCES.join(', ')})`);

    const input = {
      first_name: first,
      ...(last ? { last_name: last } : {}),
      ...(primary ? { phone: primary } : {}),
      ...(extra.length > 0 ? { other_phones: extra.map((phone) => phone.value) } : {}),
      ...(row.get('email') ? { email: row.get('email') } : {}),
      ...addressInput(row, 'address', 'address_city', 'address_state', 'address_zip', 'address'),
      ...addressInput(row, 'mailing_address', 'mailing_city', 'mailing_state', 'mailing_zip', 'mailing_address'),
      ...(propertyType ? { property_type: propertyType } : {}),
      ...(estimatedValue !== null ? { estimated_value: estimatedValue } : {}),
      source: source ?? 'list_import',
      assigned_to: meta.options.assigned_to,
      tags: [...new Set([...row.all('tags').flatMap((cell) => splitTags(cell.value)), ...meta.options.tags])].slice(0, 30),
      ...(row.all('notes').length > 0 ? { notes: row.all('notes').map((note) => note.value).join('\n').slice(0, 10_000) } : {}),
    };
    if (problems.length > 0) return { problems };

    const parsed = ZCreateLeadRequest.safeParse(input);
    if (!parsed.success) {
      return {
        problems: parsed.error.issues.map((issue) => {
          const path = issue.path.map(String);
          return toProblem(row, origin, path, path[0] === 'first_name' && !first ? 'The row has no owner name' : issue.message);
        }),
      };
    }
    const built = buildLeadRecord(parsed.data, { tenantId: meta.tenantId, createdBy: meta.createdBy, now: meta.now });
    if (built.errors) return { problems: built.errors.map((error) => toProblem(row, origin, error.field.split('.'), error.detail)) };
    return { record: built.record };
  },

  dedupeKeys(lead) {
    const found: string[] = [];
    if (lead.phone) found.push(`phone:${lead.phone}`);
    for (const phone of lead.other_phones) found.push(`phone:${phone}`);
    if (lead.email) found.push(`email:${lead.email}`);
    if (lead.address_key) found.push(`address:${lead.address_key}`);
    return found;
  },

  async findStored(ctx, wanted) {
    const phones = wanted.filter((key) => key.startsWith('phone:')).map((key) => key.slice(6));
    const emails = wanted.filter((key) => key.startsWith('email:')).map((key) => key.slice(6));
    const addresses = wanted.filter((key) => key.startsWith('address:')).map((key) => key.slice(8));
    const leads = ctx.db.collection<TLeadRecord>('leads');
    const projection = { status_history: 0, appointments: 0, offers: 0 } as const;
    const lookups = [
      ...inSlices(phones).flatMap((slice) => [leads.find({ phone: { $in: slice } }, { projection }).toArray(), leads.find({ other_phones: { $in: slice } }, { projection }).toArray()]),
      ...inSlices(emails).map((slice) => leads.find({ email: { $in: slice } }, { projection }).toArray()),
      ...inSlices(addresses).map((slice) => leads.find({ address_key: { $in: slice } }, { projection }).toArray()),
    ];
    const found = new Map<string, TLeadRecord>();
    for (const list of await Promise.all(lookups)) {
      for (const lead of list) for (const key of leadImportTarget.dedupeKeys(lead)) if (!found.has(key)) found.set(key, lead);
    }
    return found;
  },

  mergeInto(stored, incoming, row, now) {
    const set: Partial<TLeadRecord> = {};
    const next: TLeadRecord = { ...stored };
    if (row.get('first_name') || row.get('full_name')) {
      next.first_name = incoming.first_name;
      next.last_name = incoming.last_name;
      next.full_name = incoming.full_name;
    }
    if (incoming.email && incoming.email !== stored.email) next.email = incoming.email;
    // A new number never replaces the stored main phone: it joins the others.
    const phones = new Set([stored.phone, ...stored.other_phones].filter(Boolean));
    const added = [incoming.phone, ...incoming.other_phones].filter((phone): phone is string => Boolean(phone) && !phones.has(phone));
    if (!stored.phone && added.length > 0) next.phone = added.shift() ?? null;
    if (added.length > 0) next.other_phones = [...stored.other_phones, ...added].slice(0, 10);
    if (incoming.address && incoming.address_key !== stored.address_key) {
      next.address = incoming.address;
      next.address_key = addressKey(incoming.address);
    }
    if (incoming.mailing_address) next.mailing_address = incoming.mailing_address;
    if (incoming.property_type) next.property_type = incoming.property_type;
    if (incoming.estimated_value !== null) next.estimated_value = incoming.estimated_value;
    if (incoming.notes && !stored.notes.includes(incoming.notes)) next.notes = [stored.notes, incoming.notes].filter(Boolean).join('\n').slice(0, 10_000);
    const tags = incoming.tags.filter((tag) => !stored.tags.includes(tag));
    if (tags.length > 0) next.tags = [...stored.tags, ...tags];

    for (const field of ['first_name', 'last_name', 'full_name', 'email', 'phone', 'other_phones', 'address', 'address_key', 'mailing_address', 'property_type', 'estimated_value', 'notes', 'tags'] as const) {
      if (JSON.stringify(next[field]) !== JSON.stringify(stored[field])) (set as Record<string, unknown>)[field] = next[field];
    }
    if (Object.keys(set).length === 0) return null;
    set.search_text = leadSearchText(next);
    set.search_tokens = leadSearchTokens(next);
    set.updated_at = now;
    return { $set: set } satisfies TUpdate;
  },

  async capacity(ctx: TServiceContext) {
    const { max_leads } = ctx.tenant.plan.limits;
    return {
      remaining: await remainingLeadCapacity(ctx),
      reason: `Your plan allows ${max_leads.toLocaleString('en-US')} leads and this row would go over it; delete leads or upgrade your plan, then import the rest`,
    };
  },

  describe: (lead) => `${lead.full_name} (${lead._id})`,
};

/** A structured address when the file has city/state/ZIP columns, else the one-line text for the parser. */
function addressInput(row: MappedRow, line: string, city: string, state: string, zip: string, key: 'address' | 'mailing_address'): Record<string, unknown> {
  const street = row.get(line);
  const structured = row.has(city) || row.has(state) || row.has(zip);
  if (!structured) return street ? { [key]: street } : {};
  if (!street && !row.get(city) && !row.get(zip)) return {};
  return { [key]: { line1: street, city: row.get(city), state: row.get(state), zip: row.get(zip) } };
}

const ADDRESS_PARTS: Record<string, Record<string, string>> = {
  address: { line1: 'address', city: 'address_city', state: 'address_state', zip: 'address_zip' },
  mailing_address: { line1: 'mailing_address', city: 'mailing_city', state: 'mailing_state', zip: 'mailing_zip' },
};

/** A schema or normalisation problem at `path` (`address.zip`, `other_phones.2`) → the column it came from. */
function toProblem(row: MappedRow, origin: TLeadFieldOrigin, path: string[], detail: string): TRowProblem {
  const [head = '', part] = path;
  if (head === 'phone') return { column: origin.phones[0] ?? row.column('phone'), field: 'phone', detail };
  if (head === 'other_phones') return { column: origin.extraPhones[Number(part)] ?? row.column('other_phone'), field: 'other_phone', detail };
  const parts = ADDRESS_PARTS[head];
  if (parts) {
    const field = (part && parts[part]) || head;
    return { column: row.column(field) ?? row.column(head), field, detail };
  }
  if (head === 'first_name' || head === 'last_name') return { column: row.column(head) ?? row.column('full_name'), field: row.has(head) ? head : 'full_name', detail };
  return { column: row.column(head), field: head || 'row', detail };
}
