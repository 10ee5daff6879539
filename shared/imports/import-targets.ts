import type { TImportKind } from './import-record.ts';
import type { TImportTarget } from './import-target.ts';
import { buyerImportTarget } from './buyer-import-target.ts';
import { leadImportTarget } from './lead-import-target.ts';

const TARGETS: Record<TImportKind, TImportTarget> = {
  leads: leadImportTarget as unknown as TImportTarget,
  buyers: buyerImportTarget as unknown as TImportTarget,
};

/** The target an import of this kind writes into. */
export const importTargetFor = (kind: TImportKind): TImportTarget => TARGETS[kind];
