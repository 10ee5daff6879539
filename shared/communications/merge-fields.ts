/**
 * Merge fields of message templates: `{{first_name}}`, or `{{first_name|there}}` with a
 * fallback used when the recipient has no value. Templates are validated when saved and
 * again before each send; a field with no value and no fallback stops the send with a clear
 * error instead of texting "Hi ,".
 */
export const MERGE_FIELDS = {
  first_name: "Recipient's first name",
  last_name: "Recipient's last name",
  full_name: "Recipient's full name",
  property_address: 'Property address on one line (the lead’s, or the deal’s for buyers)',
  property_street: 'Property street line',
  property_city: 'Property city',
  rep_name: 'Sender’s name (for automated texts, the lead’s rep)',
  rep_first_name: 'Sender’s first name',
  rep_phone: 'Sender’s phone',
  company_name: 'Your organisation’s name',
  asking_price: 'Deal asking price, e.g. $185,000',
  arv: 'Deal after-repair value',
  repair_estimate: 'Deal repair estimate',
  property_type: 'Property type, e.g. single family',
} as const;

export type TMergeField = keyof typeof MERGE_FIELDS;
export type TMergeValues = Partial<Record<TMergeField, string | null>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w]*)\s*(?:\|([^{}]*))?\}\}/g;

const isMergeField = (name: string): name is TMergeField => Object.hasOwn(MERGE_FIELDS, name);

/** Problems with a template's syntax or field names, as sentences; empty when it is fine. */
export function validateTemplate(body: string): string[] {
  const problems: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!isMergeField(name)) problems.push(`{{${name}}} is not a merge field; use one of ${Object.keys(MERGE_FIELDS).map((field) => `{{${field}}}`).join(', ')}`);
  }
  const rest = body.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('A merge field is not closed: write it as {{first_name}}');
  return problems;
}

/** The merge fields a template uses. */
export function templateFields(body: string): TMergeField[] {
  const fields = new Set<TMergeField>();
  for (const match of body.matchAll(PLACEHOLDER)) if (isMergeField(match[1] ?? '')) fields.add(match[1] as TMergeField);
  return [...fields];
}

/**
 * Fills a template. `missing` lists the fields that had neither a value nor a fallback (their
 * placeholders are left empty in `text`); callers refuse to send when it is not empty.
 */
export function renderTemplate(body: string, values: TMergeValues): { text: string; missing: TMergeField[] } {
  const missing = new Set<TMergeField>();
  const text = body.replace(PLACEHOLDER, (_whole, name: string, fallback: string | undefined) => {
    const value = isMergeField(name) ? values[name]?.trim() : undefined;
    if (value) return value;
    if (fallback !== undefined) return fallback.trim();
    if (isMergeField(name)) missing.add(name);
    return '';
  });
  return { text, missing: [...missing] };
}
