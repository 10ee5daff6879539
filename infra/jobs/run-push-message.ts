import type { z } from 'zod';
import { SYSTEM_ACTOR } from '../../shared/auth/system-principal.ts';
import type { TServiceContext, TSystemContext } from '../../shared/context/service-context.ts';
import { AppError } from '../../shared/errors/app-error.ts';
import { createEventPublisher } from '../../shared/events/event-publisher.ts';
import type { TJobContext } from '../../shared/jobs/job-definition.ts';
import { JOB_DEFINITIONS } from '../../shared/jobs/job-registry.ts';
import { deferIfNotDue } from '../../shared/jobs/not-before.ts';
import { decodePushData } from '../../shared/jobs/push-envelope.ts';
import type { ZPushEnvelope } from '../../shared/jobs/push-envelope.schemas.ts';
import type { TTopic } from '../../shared/ports/queue.ts';
import { bindTenant } from '../../shared/tenancy/tenant-database.ts';
import type { TTenantRecord } from '../../shared/tenants/tenant-record.ts';
import type { TPlatform } from '../platform/platform.ts';

const LEASE_SECONDS = 120;
const LEDGER_TTL_SECONDS = 7 * 86_400;

/**
 * Runs one pushed message: finds its job by the `job` attribute, re-validates the payload,
 * and records the message id in the idempotency ledger so a redelivery of a message that
 * already succeeded is acknowledged without running again.
 */
export async function runPushMessage(
  platform: TPlatform,
  system: TSystemContext,
  topic: TTopic,
  envelope: z.infer<typeof ZPushEnvelope>,
): Promise<'done' | 'duplicate' | 'deferred'> {
  const { message } = envelope;
  if (await deferIfNotDue(await platform.queue(), topic, envelope, platform.clock.now())) return 'deferred';
  const jobId = message.attributes?.job;
  const definition = jobId ? JOB_DEFINITIONS.get(jobId) : undefined;
  if (!definition) throw new AppError('invalid', `Unknown job "${jobId ?? ''}"`);

  let payload: unknown;
  try {
    payload = decodePushData(message.data);
  } catch {
    throw new AppError('invalid', 'The message data is not base64-encoded JSON');
  }
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) throw new AppError('invalid', `Payload of ${definition.id} is invalid: ${parsed.error.message}`);

  const ledger = await platform.idempotency();
  const key = `push:${message.messageId}`;
  const claim = await ledger.claim(key, { leaseSeconds: LEASE_SECONDS, ttlSeconds: LEDGER_TTL_SECONDS });
  if (claim === 'done') return 'duplicate';
  if (claim === 'in_progress') throw new AppError('unavailable', 'This message is being processed by another delivery', { retryAfterSeconds: 30 });

  const context: TJobContext = {
    system,
    forTenant: (tenantId, actor) => tenantContext(platform, system, tenantId, actor),
    messageId: message.messageId,
    attempt: envelope.deliveryAttempt ?? 1,
    publishTime: new Date(message.publishTime),
    publicUrl: platform.config.publicUrl,
  };
  try {
    const handle = await definition.load();
    await handle(parsed.data, context);
  } catch (error) {
    await ledger.release(key);
    throw error;
  }
  await ledger.complete(key);
  return 'done';
}

async function tenantContext(platform: TPlatform, system: TSystemContext, tenantId: string, actor = SYSTEM_ACTOR): Promise<TServiceContext> {
  const tenant = await system.db.collection<TTenantRecord>('tenants').findOne({ _id: tenantId });
  if (!tenant) throw new AppError('not_found', `Tenant ${tenantId} not found`);
  return {
    principal: { uid: actor, email: '', tenantId, role: 'admin', name: 'DealCycle' },
    tenant,
    db: bindTenant(system.db, tenantId),
    events: createEventPublisher(platform.queue, tenantId, platform.clock),
    ports: platform,
    log: system.log,
  };
}
