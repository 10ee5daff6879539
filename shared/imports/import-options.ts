import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { assertAssignable, defaultAssignee } from '../leads/lead-access.ts';
import { checkMapping, detectColumnMapping } from './detect-column-mapping.ts';
import type { TImportKind, TImportRecord } from './import-record.ts';
import type { TImportOptionsInput } from './import.schemas.ts';
import { importTargetFor } from './import-targets.ts';

/**
 * The mapping and options an import starts with, checked: the mapping (given or detected from
 * the headers) must name known fields and a name column; a lead assignee must be someone the
 * caller may assign to (`me` and `unassigned` are understood). Problems are 400s on `field`.
 */
export async function resolveImportOptions(
  ctx: TServiceContext,
  kind: TImportKind,
  columns: readonly string[],
  input: TImportOptionsInput,
  location: 'query' | 'body',
): Promise<{ mapping: (string | null)[]; options: TImportRecord['options'] }> {
  const target = importTargetFor(kind);
  const mapping = input.mapping ?? detectColumnMapping(columns, target.fields, target.overflow);
  const problems = checkMapping(mapping, columns, target.fields, target.requiredAnyOf);
  if (problems.length > 0) {
    const hint = input.mapping ? '' : ` (detected from the headers: ${columns.map((header, index) => `${header} → ${mapping[index] ?? 'ignored'}`).join(', ')})`;
    throw new AppError('invalid', `${problems[0]}${hint}`, { fieldErrors: problems.map((detail) => ({ location, field: 'mapping', detail })) });
  }
  let assignedTo: string | null = null;
  if (kind === 'leads') {
    const requested = input.assigned_to === 'me' ? ctx.principal.uid : input.assigned_to === 'unassigned' ? null : input.assigned_to;
    assignedTo = await assertAssignable(ctx, requested === undefined ? defaultAssignee(ctx.principal) : requested);
  } else if (input.assigned_to) {
    throw new AppError('invalid', 'Buyers are not assigned to anyone', { fieldErrors: [{ location, field: 'assigned_to', detail: 'Not used for buyers' }] });
  }
  return { mapping, options: { duplicates: input.duplicates, tags: [...new Set(input.tags ?? [])], assigned_to: assignedTo } };
}
