import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import type { TCommunicationRecord } from './communication-record.ts';

/**
 * Withdraws a scheduled message before it goes out: its sender or an admin (or, for a deal
 * blast's messages, a disposition manager). The queued task stays and finds nothing to send.
 * 409 when it already went out (or is going out right now).
 */
export async function cancelMessage(ctx: TServiceContext, id: string): Promise<TCommunicationRecord> {
  const communications = ctx.db.collection<TCommunicationRecord>('communications');
  const mayCancel = (record: TCommunicationRecord) =>
    ctx.principal.role === 'admin' || record.sent_by === ctx.principal.uid || (ctx.principal.role === 'disposition_manager' && Boolean(record.blast_id));
  const current = await communications.findOne({ _id: id, direction: 'outbound' });
  if (!current || !mayCancel(current)) throw notFound('Message');
  const canceled = await communications.findOneAndUpdate(
    { _id: id, status: 'scheduled' },
    { $set: { status: 'canceled', error: `Canceled by ${ctx.principal.name}`, scheduled_for: null, reserved_slot: null, updated_at: ctx.ports.clock.now() } },
    { returnDocument: 'after' },
  );
  if (!canceled) throw new AppError('conflict', `This message is ${current.status === 'canceled' ? 'already canceled' : `already ${current.status}`}; only scheduled messages can be canceled`, { extensions: { status: current.status } });
  return canceled;
}
