/** A field an import can fill, with the column headers list providers use for it. */
export interface TImportField {
  name: string;
  label: string;
  /** Several columns may feed it (Phone 2, Phone 3…; tags). */
  multiple?: boolean;
  /** Normalised headers (`headerKey`) that mean this field, best first. */
  synonyms: readonly string[];
}

/** `Owner 1 First-Name` → `owner1firstname`: case, spaces and punctuation do not matter. */
export const headerKey = (header: string): string => header.normalize('NFKD').toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Guesses which field each column holds from its header, the way list providers name them
 * (PropStream, DealMachine, BatchLeads, county exports…). A single-valued field takes the
 * first column that names it; a later column naming it again is left unmapped, except that a
 * field may name an `overflow` field to receive the rest (a second "Phone" becomes another
 * phone). Columns nobody recognises are `null` (ignored); the portal shows the guess and lets
 * the user change it before the import starts.
 */
export function detectColumnMapping(
  headers: readonly string[],
  fields: readonly TImportField[],
  overflow: Readonly<Record<string, string>> = {},
): (string | null)[] {
  const byKey = new Map<string, string>();
  for (const field of fields) for (const synonym of field.synonyms) if (!byKey.has(synonym)) byKey.set(synonym, field.name);
  const multiple = new Set(fields.filter((field) => field.multiple).map((field) => field.name));
  const taken = new Set<string>();
  return headers.map((header) => {
    let field = byKey.get(headerKey(header)) ?? null;
    if (field && taken.has(field) && !multiple.has(field)) field = overflow[field] ?? null;
    if (field) taken.add(field);
    return field;
  });
}

/** Problems with a mapping chosen by a person (or a guess): unknown fields, a single field twice, a missing required field. */
export function checkMapping(
  mapping: readonly (string | null)[],
  headers: readonly string[],
  fields: readonly TImportField[],
  requiredAnyOf: readonly (readonly string[])[],
): string[] {
  const problems: string[] = [];
  if (mapping.length !== headers.length) problems.push(`The mapping names ${mapping.length} columns; the file has ${headers.length}`);
  const known = new Map(fields.map((field) => [field.name, field]));
  const seen = new Map<string, number>();
  mapping.forEach((name, index) => {
    if (name === null) return;
    const field = known.get(name);
    if (!field) return void problems.push(`Column ${index + 1} (${headers[index] ?? '?'}): "${name}" is not a field you can import; use one of ${[...known.keys()].join(', ')}`);
    const earlier = seen.get(name);
    if (earlier !== undefined && !field.multiple) problems.push(`${field.label} is mapped twice (columns ${earlier + 1} and ${index + 1}); keep one`);
    seen.set(name, index);
  });
  for (const group of requiredAnyOf) {
    if (!group.some((name) => seen.has(name))) {
      const labels = group.map((name) => known.get(name)?.label ?? name);
      problems.push(`No column holds ${labels.join(' or ')}: map one`);
    }
  }
  return problems;
}
