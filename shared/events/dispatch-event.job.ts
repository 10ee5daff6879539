import { defineJob } from '../jobs/job-definition.ts';
import { ZDomainEvent } from './domain-event.ts';
import { DOMAIN_EVENT_JOB } from './event-publisher.ts';

/** Fans a domain event out to its consumers. */
export const dispatchEventJob = defineJob({
  id: DOMAIN_EVENT_JOB,
  version: 1,
  schema: ZDomainEvent,
  load: async () => {
    const { EVENT_CONSUMERS } = await import('./event-consumers.ts');
    return async (event, context) => {
      for (const consumer of EVENT_CONSUMERS.filter((candidate) => candidate.types.includes(event.type))) {
        const consume = await consumer.load();
        await consume(event, context);
      }
    };
  },
});
