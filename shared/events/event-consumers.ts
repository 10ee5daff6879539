import type { TJobContext } from '../jobs/job-definition.ts';
import type { TDomainEvent } from './domain-event.ts';

/** Something that reacts to domain events (the automation engine, notifications, AI auto-tagging). */
export interface TEventConsumer {
  name: string;
  /** Event types it wants; the dispatcher skips loading it for others. */
  types: readonly TDomainEvent['type'][];
  load(): Promise<(event: TDomainEvent, context: TJobContext) => Promise<void>>;
}

/**
 * Every consumer of domain events. Each runs for each matching event; a failure in one
 * fails the delivery so the queue retries, which is why consumers must be idempotent.
 */
export const EVENT_CONSUMERS: readonly TEventConsumer[] = [
  // Inbox rows follow their lead's assignee and name (reps see conversations by assignee).
  // The automation engine: replies stop drips, matching active workflows start executions.
  {
    name: 'automation.engine',
    types: ['lead_created', 'lead_status_changed', 'communication_received', 'communication_sent', 'deal_status_changed', 'follow_up_overdue'],
    load: async () => (await import('../automation/handle-automation-event.ts')).handleAutomationEvent,
  },
  { name: 'communications.conversation-contact', types: ['lead_updated'], load: async () => (await import('../communications/sync-conversation-contact.ts')).syncConversationContact },
  // Motivation tags from the lead's notes (shared/ai/README.md).
  { name: 'ai.auto-tag', types: ['lead_created', 'lead_updated'], load: async () => (await import('../ai/auto-tag-lead.ts')).autoTagLead },
];
