import { z } from 'zod';
import { ROLES } from '../auth/principal.ts';
import { ZEmail } from '../schemas/common.ts';
import { ZTenant } from '../tenants/tenant.schemas.ts';

export const ZRole = z.enum(ROLES);

export const ZUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  status: z.enum(['active', 'deactivated']),
  /** Gets the weekly executive email (executives and admins start subscribed). */
  weekly_report: z.boolean(),
  created_at: z.string(),
  last_seen_at: z.string().nullable(),
});
export type TUser = z.infer<typeof ZUser>;

/** `GET /api/users/me`: who the signed-in person is, and whether they still need onboarding. */
export const ZMeResponse = z.object({
  identity: z.object({ uid: z.string(), email: z.string(), name: z.string() }),
  user: ZUser.nullable(),
  tenant: ZTenant.nullable(),
  /** True when the membership (tenant, role) changed and the client must refresh its ID token to see it in claims. */
  claimsChanged: z.boolean(),
});
export type TMeResponse = z.infer<typeof ZMeResponse>;

export const ZCreateInviteRequest = z.strictObject({ email: ZEmail, role: ZRole });
export type TCreateInviteRequest = z.infer<typeof ZCreateInviteRequest>;

export const ZInvite = z.object({
  id: z.string(),
  email: z.string(),
  role: ZRole,
  status: z.enum(['pending', 'accepted', 'revoked']),
  invited_by: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});
export type TInvite = z.infer<typeof ZInvite>;

export const ZUpdateUserRequest = z
  .strictObject({ role: ZRole.optional(), status: z.enum(['active', 'deactivated']).optional() })
  .refine((body) => body.role !== undefined || body.status !== undefined, { message: 'Give a role or a status' });
export type TUpdateUserRequest = z.infer<typeof ZUpdateUserRequest>;

export const ZUpdateProfileRequest = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    phone: z.string().trim().max(32).optional(),
    weekly_report: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Nothing to update' });
export type TUpdateProfileRequest = z.infer<typeof ZUpdateProfileRequest>;
