import { newId } from '../ids.ts';
import type { TClock } from '../ports/clock.ts';
import type { TQueue } from '../ports/queue.ts';
import type { TDomainEvent, TEventPublisher } from './domain-event.ts';

/** The job id every domain event is delivered under; the automation engine and other consumers fan out from it. */
export const DOMAIN_EVENT_JOB = 'events.dispatch';

/** Publishes domain events for one tenant on the `domain-events` topic, after the write they describe. */
export function createEventPublisher(queue: () => Promise<TQueue>, tenantId: string, clock: TClock): TEventPublisher {
  return {
    async publish(event) {
      const occurred = clock.now();
      const full: TDomainEvent = { ...event, id: newId('evt', occurred), tenant_id: tenantId, occurred_at: occurred.toISOString() };
      await (await queue()).publish('domain-events', {
        data: full,
        attributes: { job: DOMAIN_EVENT_JOB, type: full.type, tenant_id: tenantId },
      });
    },
  };
}
