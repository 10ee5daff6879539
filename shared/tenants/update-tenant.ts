import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import type { TTenant, TUpdateTenantRequest } from './tenant.schemas.ts';
import { toTenant, type TTenantRecord } from './tenant-record.ts';
import { assertTimeZone } from './time-zone.ts';

/** Admins rename the organisation, set its time zone (reports, quiet hours) and MAO factor. */
export async function updateTenant(ctx: TServiceContext, input: TUpdateTenantRequest): Promise<TTenant> {
  const set: Record<string, unknown> = { updated_at: ctx.ports.clock.now() };
  if (input.name !== undefined) set.name = input.name;
  if (input.timezone !== undefined) set.timezone = assertTimeZone(input.timezone);
  if (input.settings?.mao_factor !== undefined) set['settings.mao_factor'] = input.settings.mao_factor;
  const updated = await ctx.db.collection<TTenantRecord>('tenants').findOneAndUpdate({ _id: ctx.tenant._id }, { $set: set }, { returnDocument: 'after' });
  if (!updated) throw notFound('Organisation');
  return toTenant(updated);
}
