import type { TServiceContext } from '../../context/service-context.ts';
import { notFound } from '../../errors/app-error.ts';
import { newId } from '../../ids.ts';
import { findPage } from '../../schemas/pagination.ts';
import type { TPage } from '../../schemas/common.ts';
import type { TReportDefinition, TReportResult, TSavedReport } from '../analytics.schemas.ts';
import { runReport } from './run-report.ts';
import { toSavedReport, type TSavedReportRecord } from './saved-report-record.ts';

const reports = (ctx: TServiceContext) => ctx.db.collection<TSavedReportRecord>('analytics_reports');

export async function listSavedReports(ctx: TServiceContext, page: { cursor?: string | undefined; limit: number }): Promise<TPage<TSavedReport>> {
  const found = await findPage(reports(ctx), {}, { sortField: 'updated_at', direction: -1, limit: page.limit, cursor: page.cursor });
  return { items: found.items.map(toSavedReport), nextCursor: found.nextCursor };
}

export async function getSavedReport(ctx: TServiceContext, id: string): Promise<TSavedReport> {
  const record = await reports(ctx).findOne({ _id: id });
  if (!record) throw notFound('Report');
  return toSavedReport(record);
}

export async function saveReport(ctx: TServiceContext, input: { name: string; definition: TReportDefinition }): Promise<TSavedReport> {
  const now = ctx.ports.clock.now();
  const record: TSavedReportRecord = { _id: newId('rpt', now), tenant_id: ctx.tenant._id, name: input.name, definition: input.definition, created_by: ctx.principal.uid, created_at: now, updated_at: now };
  await reports(ctx).insertOne(record);
  return toSavedReport(record);
}

export async function updateSavedReport(ctx: TServiceContext, id: string, input: { name?: string | undefined; definition?: TReportDefinition | undefined }): Promise<TSavedReport> {
  const set: Partial<TSavedReportRecord> = { updated_at: ctx.ports.clock.now() };
  if (input.name !== undefined) set.name = input.name;
  if (input.definition !== undefined) set.definition = input.definition;
  const record = await reports(ctx).findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' });
  if (!record) throw notFound('Report');
  return toSavedReport(record);
}

export async function deleteSavedReport(ctx: TServiceContext, id: string): Promise<void> {
  if ((await reports(ctx).deleteOne({ _id: id })).deletedCount === 0) throw notFound('Report');
}

export async function runSavedReport(ctx: TServiceContext, id: string): Promise<TReportResult> {
  const report = await getSavedReport(ctx, id);
  return runReport(ctx, report.definition, report.name);
}
