import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { findVisibleImport } from './find-visible-import.ts';
import type { TImportKind, TImportRecord } from './import-record.ts';
import { toImport, type TImport, type TStartImportRequest } from './import.schemas.ts';
import { resolveImportOptions } from './import-options.ts';
import { scheduleImportRun } from './schedule-import-run.ts';

/** `POST …/imports/:id/start`: a previewed (draft) import starts with the mapping the user confirmed. 409 once started. */
export async function startImport(ctx: TServiceContext, kind: TImportKind, importId: string, input: TStartImportRequest): Promise<TImport> {
  const draft = await findVisibleImport(ctx, kind, importId);
  if (draft.status !== 'draft') throw new AppError('conflict', `This import has already started (${draft.status})`, { extensions: { status: draft.status } });
  const { mapping, options } = await resolveImportOptions(ctx, kind, draft.columns, input, 'body');
  const now = ctx.ports.clock.now();
  const started = await ctx.db
    .collection<TImportRecord>('imports')
    .findOneAndUpdate({ _id: draft._id, status: 'draft' }, { $set: { status: 'queued', mapping, options, updated_at: now } }, { returnDocument: 'after' });
  if (!started) throw new AppError('conflict', 'This import has already started');
  await scheduleImportRun(ctx, started, 'start');
  return toImport(started);
}
