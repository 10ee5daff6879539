import { z } from 'zod';

/**
 * Domain events, published after the write they describe has been stored. They reach the
 * automation engine through the `domain-events` topic (Pub/Sub in production).
 */
export const DOMAIN_EVENT_TYPES = [
  'lead_created',
  'lead_updated',
  'lead_status_changed',
  'communication_received',
  'communication_sent',
  'deal_status_changed',
  'follow_up_overdue',
  'scheduled',
] as const;

export const ZDomainEventType = z.enum(DOMAIN_EVENT_TYPES);
export type TDomainEventType = z.infer<typeof ZDomainEventType>;

export const ZDomainEvent = z.object({
  id: z.string().min(1).max(100),
  type: ZDomainEventType,
  tenant_id: z.string().min(1).max(100),
  occurred_at: z.iso.datetime(),
  /** Who caused it: a user id, `system`, `workflow:<id>` or `twilio`. */
  actor: z.string().max(200),
  subject: z.object({ kind: z.enum(['lead', 'deal', 'buyer', 'communication', 'follow_up', 'workflow']), id: z.string().max(100) }),
  data: z.record(z.string(), z.unknown()),
});
export type TDomainEvent = z.infer<typeof ZDomainEvent>;

export interface TEventPublisher {
  publish(event: Omit<TDomainEvent, 'id' | 'occurred_at' | 'tenant_id'>): Promise<void>;
}
