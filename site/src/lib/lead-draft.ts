import type { TLead } from '../../../shared/leads/lead.schemas.ts';
import { addressDraft, addressValue, type TAddressDraft } from './address-draft.ts';
import { parseMoney, phone as formatPhone } from './format.ts';

/*
 * The lead form's state and the request bodies made from it: `POST /api/leads` leaves blanks
 * out; `PATCH /api/leads/:id` sends only what changed, clearing a field with null (or an empty
 * string or list where the API has no null). Pure, so the rules are unit-tested.
 */
/** Everything the form holds, as strings (what inputs give). */
export interface TLeadDraft {
  first_name: string;
  last_name: string;
  phone: string;
  other_phones: string;
  email: string;
  address: TAddressDraft;
  has_mailing: boolean;
  mailing_address: TAddressDraft;
  property_type: string;
  estimated_value: string;
  source: string;
  assigned_to: string;
  tags: string;
  notes: string;
}

const list = (value: string) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);

/** The form's starting state: the lead's values, or blanks with the default assignee. */
export function leadDraft(lead: TLead | null, defaultAssignee: string): TLeadDraft {
  return {
    first_name: lead?.first_name ?? '',
    last_name: lead?.last_name ?? '',
    phone: lead?.phone ? formatPhone(lead.phone) : '',
    other_phones: lead?.other_phones.map(formatPhone).join(', ') ?? '',
    email: lead?.email ?? '',
    address: addressDraft(lead?.address),
    has_mailing: Boolean(lead?.mailing_address),
    mailing_address: addressDraft(lead?.mailing_address),
    property_type: lead?.property_type ?? '',
    estimated_value: lead?.estimated_value !== null && lead?.estimated_value !== undefined ? String(lead.estimated_value) : '',
    source: lead?.source ?? 'other',
    assigned_to: lead ? (lead.assigned_to ?? '') : defaultAssignee,
    tags: lead?.tags.join(', ') ?? '',
    notes: lead?.notes ?? '',
  };
}

/** `POST /api/leads`: blanks are left out; `assigned_to` is always said (blank = unassigned). */
export function createLeadBody(draft: TLeadDraft): Record<string, unknown> {
  const value = parseMoney(draft.estimated_value);
  const body: Record<string, unknown> = { first_name: draft.first_name.trim(), source: draft.source, assigned_to: draft.assigned_to || null };
  if (draft.last_name.trim()) body.last_name = draft.last_name.trim();
  if (draft.phone.trim()) body.phone = draft.phone.trim();
  if (list(draft.other_phones).length > 0) body.other_phones = list(draft.other_phones);
  if (draft.email.trim()) body.email = draft.email.trim();
  const address = addressValue(draft.address);
  if (address) body.address = address;
  const mailing = draft.has_mailing ? addressValue(draft.mailing_address) : undefined;
  if (mailing) body.mailing_address = mailing;
  if (draft.property_type) body.property_type = draft.property_type;
  if (value !== undefined) body.estimated_value = value;
  if (list(draft.tags).length > 0) body.tags = list(draft.tags);
  if (draft.notes.trim()) body.notes = draft.notes.trim();
  return body;
}

/** `PATCH /api/leads/:id`: only what changed; a cleared optional field is sent as null. */
export function updateLeadBody(before: TLeadDraft, after: TLeadDraft): Record<string, unknown> {
  const next = createLeadBody(after);
  const previous = createLeadBody(before);
  const body: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(next), ...Object.keys(previous)]);
  for (const key of keys) {
    if (JSON.stringify(next[key]) === JSON.stringify(previous[key])) continue;
    if (next[key] !== undefined) body[key] = next[key];
    else if (['last_name', 'notes'].includes(key)) body[key] = '';
    else if (['other_phones', 'tags'].includes(key)) body[key] = [];
    else body[key] = null;
  }
  return body;
}

