import type { TImport, TImportPreview } from '../../../shared/imports/import.schemas.ts';
import type { TBadgeTone } from '../components/badge.tsx';

export type TImportKind = TImport['kind'];

/** Still moving: the page keeps asking for progress. */
export const isRunning = (status: TImport['status']): boolean => status === 'queued' || status === 'validating' || status === 'importing';

export const importStatusTone = (status: TImport['status']): TBadgeTone => (status === 'completed' ? 'success' : status === 'failed' ? 'danger' : status === 'draft' ? 'neutral' : 'primary');

/** The detected mapping, one field (or null: ignore) per column. */
export const mappingFromPreview = (preview: Pick<TImportPreview, 'columns'>): (string | null)[] => preview.columns.map((column) => column.field);

/**
 * Fields chosen for more than one column that take only one (a second "Phone" column can be
 * "Other phone", but two columns cannot both be the ZIP): their labels, to say so before starting.
 */
export function duplicateFields(mapping: readonly (string | null)[], fields: TImportPreview['fields']): string[] {
  const counts = new Map<string, number>();
  for (const field of mapping) if (field) counts.set(field, (counts.get(field) ?? 0) + 1);
  return fields.filter((field) => !field.multiple && (counts.get(field.name) ?? 0) > 1).map((field) => field.label);
}
