import { z } from 'zod';
import { requiredText } from '../schemas/common.ts';
import { FEATURES } from './plans.ts';

export const ZCreateTenantRequest = z.strictObject({
  name: requiredText(120),
  timezone: z.string().max(64).optional(),
});
export type TCreateTenantRequest = z.infer<typeof ZCreateTenantRequest>;

export const ZTenant = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  plan: z.object({
    name: z.enum(['trial', 'growth', 'scale']),
    limits: z.object({ max_users: z.number(), max_leads: z.number(), ai_model_calls_per_day: z.number() }),
    features: z.record(z.enum(FEATURES), z.boolean()),
  }),
  settings: z.object({ mao_factor: z.number() }),
  created_at: z.string(),
});
export type TTenant = z.infer<typeof ZTenant>;

export const ZUpdateTenantRequest = z
  .strictObject({
    name: requiredText(120).optional(),
    timezone: z.string().max(64).optional(),
    settings: z.strictObject({ mao_factor: z.number().min(0.4).max(0.95) }).partial().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateTenantRequest = z.infer<typeof ZUpdateTenantRequest>;
