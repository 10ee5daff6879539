import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import type { TFilter } from '../ports/document-store.ts';
import type { TPage } from '../schemas/common.ts';
import { findPage } from '../schemas/pagination.ts';
import { templateFields, validateTemplate } from './merge-fields.ts';
import type { TMessageTemplateRecord } from './message-template-record.ts';
import { countSmsSegments } from './sms-segments.ts';
import type { TTemplate, TTemplateRequest, TUpdateTemplateRequest } from './template.schemas.ts';
import type { z } from 'zod';
import type { ZListTemplatesQuery } from './template.schemas.ts';

/**
 * Message templates: any writer creates and edits them; the creator or an admin deletes. Merge
 * fields are validated on save (unknown names and unclosed braces are field errors), so a
 * template that saved renders — only a recipient's missing values can stop a send.
 */
const templates = (ctx: TServiceContext) => ctx.db.collection<TMessageTemplateRecord>('message_templates');

function assertValid(body: string, subject: string): void {
  const problems = [
    ...validateTemplate(body).map((detail) => ({ location: 'body' as const, field: 'body', detail })),
    ...validateTemplate(subject).map((detail) => ({ location: 'body' as const, field: 'subject', detail })),
  ];
  if (problems.length > 0) throw new AppError('invalid', problems[0]?.detail ?? 'Invalid template', { fieldErrors: problems });
}

export async function createTemplate(ctx: TServiceContext, input: TTemplateRequest): Promise<TTemplate> {
  const subject = input.channel === 'email' ? (input.subject ?? '') : '';
  assertValid(input.body, subject);
  if (input.channel === 'email' && !subject.trim()) throw new AppError('invalid', 'An email template needs a subject', { fieldErrors: [{ location: 'body', field: 'subject', detail: 'Required for email' }] });
  const now = ctx.ports.clock.now();
  const record: TMessageTemplateRecord = {
    _id: newId('tpl', now),
    tenant_id: ctx.tenant._id,
    name: input.name,
    channel: input.channel,
    subject,
    body: input.body,
    audience: input.audience,
    created_by: ctx.principal.uid,
    created_at: now,
    updated_at: now,
  };
  await templates(ctx).insertOne(record);
  return toTemplate(record);
}

export async function updateTemplate(ctx: TServiceContext, id: string, input: TUpdateTemplateRequest): Promise<TTemplate> {
  const current = await templates(ctx).findOne({ _id: id });
  if (!current) throw notFound('Template');
  const next = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), updated_at: ctx.ports.clock.now() } as TMessageTemplateRecord;
  if (next.channel === 'sms') next.subject = '';
  assertValid(next.body, next.subject);
  await templates(ctx).replaceOne({ _id: id }, next);
  return toTemplate(next);
}

export async function deleteTemplate(ctx: TServiceContext, id: string): Promise<void> {
  const current = await templates(ctx).findOne({ _id: id });
  if (!current) throw notFound('Template');
  if (ctx.principal.role !== 'admin' && current.created_by !== ctx.principal.uid) throw new AppError('forbidden', 'Only its author or an admin can delete a template');
  await templates(ctx).deleteOne({ _id: id });
}

export async function getTemplate(ctx: TServiceContext, id: string): Promise<TTemplate> {
  const record = await templates(ctx).findOne({ _id: id });
  if (!record) throw notFound('Template');
  return toTemplate(record);
}

export async function listTemplates(ctx: TServiceContext, query: z.output<typeof ZListTemplatesQuery>): Promise<TPage<TTemplate>> {
  const filter: TFilter = {};
  if (query.channel) filter.channel = query.channel;
  if (query.audience) filter.audience = query.audience === 'any' ? 'any' : { $in: [query.audience, 'any'] };
  const page = await findPage(templates(ctx), filter, { sortField: 'name', direction: 1, limit: query.limit, cursor: query.cursor });
  return { items: page.items.map(toTemplate), nextCursor: page.nextCursor };
}

export const toTemplate = (record: TMessageTemplateRecord): TTemplate => ({
  id: record._id,
  name: record.name,
  channel: record.channel,
  subject: record.subject,
  body: record.body,
  audience: record.audience,
  fields: templateFields(`${record.subject} ${record.body}`),
  segments: record.channel === 'sms' ? countSmsSegments(record.body).segments : null,
  created_by: record.created_by,
  created_at: record.created_at.toISOString(),
  updated_at: record.updated_at.toISOString(),
});
