import type { z } from 'zod';
import type { TServiceContext, TSystemContext } from '../context/service-context.ts';

/** What a background job's handler receives. */
export interface TJobContext {
  system: TSystemContext;
  /** A service context acting as the system in one tenant (workflow actions, imports, reports). */
  forTenant(tenantId: string, actor?: string): Promise<TServiceContext>;
  messageId: string;
  /** 1 on first delivery. */
  attempt: number;
  publishTime: Date;
  /** The portal's public address (links in emails the job sends). */
  publicUrl: string;
}

export type TJobHandler<P> = (payload: P, context: TJobContext) => Promise<void>;

/**
 * A typed asynchronous job: id (the message's `job` attribute), version, payload schema,
 * and a lazily imported handler so the receiving function only loads the code a message
 * needs. The receiver verifies the sender, re-parses the payload, and dedupes by message
 * id; handlers must still make a repeat delivery harmless.
 */
export interface TJobDefinition<P = unknown> {
  id: string;
  version: number;
  schema: z.ZodType<P>;
  load(): Promise<TJobHandler<P>>;
}

export function defineJob<P>(definition: TJobDefinition<P>): TJobDefinition<P> {
  return definition;
}
