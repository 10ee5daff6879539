import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { createTenant } from '../../shared/tenants/create-tenant.ts';
import { ZCreateTenantRequest, ZTenant, ZUpdateTenantRequest } from '../../shared/tenants/tenant.schemas.ts';
import { toTenant } from '../../shared/tenants/tenant-record.ts';
import { updateTenant } from '../../shared/tenants/update-tenant.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';

export const definition = defineFunction('tenants', [
  defineRoute({
    method: 'POST',
    path: '/api/tenants',
    summary: 'Create an organisation (trial plan); the caller becomes its admin',
    access: 'signed-in',
    body: ZCreateTenantRequest,
    response: ZTenant,
    status: 201,
    handler: ({ system, identity, body }) => createTenant(system, identity, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/tenants/current',
    summary: "The caller's organisation: plan, limits, features, settings",
    access: ALL_ROLES,
    response: ZTenant,
    handler: async ({ ctx }) => toTenant(ctx.tenant),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/tenants/current',
    summary: 'Rename the organisation or change its time zone and MAO factor',
    access: ['admin'],
    body: ZUpdateTenantRequest,
    response: ZTenant,
    handler: ({ ctx, body }) => updateTenant(ctx, body),
  }),
]);

export const handler = definition.createHandler(processPlatform);
