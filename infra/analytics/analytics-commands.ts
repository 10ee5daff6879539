import { parseArgs } from 'node:util';
import { nightlyRange, rollupAnalytics } from '../../shared/analytics/rollups/rollup-analytics.ts';
import { sendWeeklyReport } from '../../shared/analytics/weekly-report/send-weekly-report.ts';
import { SYSTEM_ACTOR } from '../../shared/auth/system-principal.ts';
import type { TServiceContext } from '../../shared/context/service-context.ts';
import type { TDatabase } from '../../shared/ports/document-store.ts';
import { createEventPublisher } from '../../shared/events/event-publisher.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import { signInWithGoogle } from '../firebase/emulator-accounts.ts';
import type { TConfig } from '../platform/config.ts';
import { createPlatform, type TLocalPlatform } from '../platform/create-platform.ts';
import { StoreLockedError } from '../store/embedded/directory-lock.ts';

/**
 * `npm run rollup` and `npm run report`. They open the configured platform and run the same
 * services as the scheduled jobs. One process owns an embedded store: when `npm start` holds
 * it (StoreLockedError), the command asks the running host instead, over its API, signed in
 * through the local Auth emulator as an admin of the organisation (MongoDB has no such lock:
 * with MONGODB_URI the command always runs directly).
 */
export const USAGE = {
  rollup: 'npm run rollup -- --tenant <id|all> [--from YYYY-MM-DD] [--to YYYY-MM-DD]   (default: the last 7 whole days)',
  report: 'npm run report -- --tenant <id> [--week YYYY-MM-DD] [--to subscribers|me]   (default: last week, to everyone opted in)',
};

type TCommand = 'rollup' | 'report';

export interface TCommandOptions {
  config: TConfig;
  /** Where the Auth emulator listens when the command must go through a running host (default 127.0.0.1:9099). */
  emulatorHost?: string;
  log?: (line: string) => void;
}

export async function runAnalyticsCommand(command: TCommand, argv: string[], options: TCommandOptions): Promise<unknown> {
  const { values } = parseArgs({
    args: argv,
    options: { tenant: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, week: { type: 'string' } },
    strict: true,
  });
  const tenant = values.tenant;
  if (!tenant) throw new Error(`--tenant is required\n${USAGE[command]}`);
  for (const day of [values.from, values.week, command === 'rollup' ? values.to : undefined]) {
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`Days are YYYY-MM-DD (got ${day})\n${USAGE[command]}`);
  }
  if (command === 'report' && values.to !== undefined && values.to !== 'me' && values.to !== 'subscribers') throw new Error(`--to is "subscribers" or "me"\n${USAGE.report}`);

  let platform: TLocalPlatform | undefined;
  try {
    platform = await createPlatform(options.config);
    const db = await platform.db();
    const tenants = db.collection<TTenantRecord>('tenants');
    const targets = tenant === 'all' && command === 'rollup' ? await tenants.find({}).toArray() : [await tenants.findOne({ _id: tenant })];
    const results = [];
    for (const record of targets) {
      if (!record) throw new Error(`No organisation ${tenant}`);
      const ctx = commandContext(platform, db, record);
      if (command === 'rollup') {
        const nightly = nightlyRange(platform.clock.now(), record.timezone);
        results.push({ tenant: record._id, ...(await rollupAnalytics(ctx, { from: values.from ?? values.to ?? nightly.from, to: values.to ?? values.from ?? nightly.to })) });
      } else {
        results.push({ tenant: record._id, ...(await sendWeeklyReport(ctx, { week: values.week, to: values.to === 'me' ? 'me' : 'subscribers', publicUrl: options.config.publicUrl })) });
      }
    }
    return results.length === 1 ? results[0] : results;
  } catch (error) {
    if (!(error instanceof StoreLockedError)) throw error;
    options.log?.('The local host (npm start) owns the store: asking it over its API instead.');
    if (tenant === 'all') throw new Error('--tenant all needs the store itself: stop npm start, or name one organisation', { cause: error });
    return throughHost(command, tenant, values, options);
  } finally {
    await platform?.close().catch(() => {});
  }
}

/** A system context in one organisation, as the job runner builds it. */
function commandContext(platform: TLocalPlatform, db: TDatabase, tenant: TTenantRecord): TServiceContext {
  return {
    principal: { uid: SYSTEM_ACTOR, email: '', tenantId: tenant._id, role: 'admin', name: 'DealCycle' },
    tenant,
    db: bindTenant(db, tenant._id),
    events: createEventPublisher(platform.queue, tenant._id, platform.clock),
    ports: platform,
    log: platform.logger,
  };
}

interface TEmulatorUser {
  localId: string;
  email?: string;
  customAttributes?: string;
  providerUserInfo?: { providerId: string; rawId: string; email?: string }[];
}

/** Calls the running host's API as an admin of the organisation, signed in through the Auth emulator. */
async function throughHost(command: TCommand, tenant: string, values: { from?: string | undefined; to?: string | undefined; week?: string | undefined }, options: TCommandOptions): Promise<unknown> {
  const { config } = options;
  const emulator = options.emulatorHost ?? config.auth.emulatorHost ?? '127.0.0.1:9099';
  const query = await fetch(`http://${emulator}/identitytoolkit.googleapis.com/v1/projects/${config.projectId}/accounts:query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
    body: JSON.stringify({ returnUserInfo: true }),
  }).catch(() => null);
  if (!query?.ok) throw new Error(`The store is in use (npm start?) and the Auth emulator at ${emulator} does not answer: stop the host and run the command again`);
  const { userInfo = [] } = (await query.json()) as { userInfo?: TEmulatorUser[] };
  const admin = userInfo.find((user) => {
    try {
      const claims = JSON.parse(user.customAttributes ?? '{}') as { tenant_id?: string; role?: string };
      return claims.tenant_id === tenant && claims.role === 'admin' && user.providerUserInfo?.some((provider) => provider.providerId === 'google.com');
    } catch {
      return false;
    }
  });
  const google = admin?.providerUserInfo?.find((provider) => provider.providerId === 'google.com');
  if (!admin || !google) throw new Error(`No admin of ${tenant} can sign in through the Auth emulator at ${emulator}`);
  const session = await signInWithGoogle(emulator, config.auth.apiKey, { sub: google.rawId, email: admin.email ?? google.email ?? '' });
  const [path, body] =
    command === 'rollup'
      ? ['/api/analytics/rollups', { from: values.from ?? values.to ?? defaultFrom(), to: values.to ?? values.from ?? defaultTo() }]
      : ['/api/analytics/reports/weekly/send', { ...(values.week ? { week: values.week } : {}), to: values.to === 'me' ? 'me' : 'subscribers' }];
  const response = await fetch(`${config.publicUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${session.idToken}` }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

// Without the store, the organisation's zone is unknown here: the API skips days not over yet.
const defaultTo = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const defaultFrom = () => new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
