import type { TServiceContext } from '../context/service-context.ts';
import type { TCommunicationRecord } from './communication-record.ts';
import { findSendBlock } from './contact-compliance.ts';
import { deliverMessage } from './deliver-message.ts';
import { loadCommunicationSettings } from './load-communication-settings.ts';
import { checkQuietHours } from './quiet-hours.ts';
import { scheduleSend } from './schedule-send.ts';

/** Tasks may fire a little early (clock skew between the queue and us). */
const EARLY_TOLERANCE_MS = 2_000;
/** A `sending` message untouched this long was left by a worker that died mid-send. */
const STALE_SENDING_MS = 120_000;

/**
 * Sends a scheduled message when its task fires. Claims it (`scheduled` → `sending`, atomic,
 * so a repeated task or a cancellation racing it can't double-send), then re-checks what may
 * have changed since it was scheduled: an opt-out or do-not-contact entry cancels it, and an
 * automated text that would now land in quiet hours waits for the window. A message no longer
 * `scheduled` (sent, canceled) or not yet due (moved to a later slot) is left alone.
 */
export async function sendDueMessage(ctx: TServiceContext, communicationId: string): Promise<void> {
  const communications = ctx.db.collection<TCommunicationRecord>('communications');
  const now = ctx.ports.clock.now();
  const claimed =
    (await communications.findOneAndUpdate(
      { _id: communicationId, status: 'scheduled', scheduled_for: { $lte: new Date(now.getTime() + EARLY_TOLERANCE_MS) } },
      { $set: { status: 'sending', updated_at: now } },
      { returnDocument: 'after' },
    )) ??
    (await communications.findOneAndUpdate(
      { _id: communicationId, status: 'sending', provider_sid: null, updated_at: { $lte: new Date(now.getTime() - STALE_SENDING_MS) } },
      { $set: { updated_at: now } },
      { returnDocument: 'after' },
    ));
  if (!claimed) return;

  const block = await findSendBlock(ctx, claimed.channel === 'email' ? 'email' : 'sms', claimed.to);
  if (block) {
    await communications.updateOne({ _id: claimed._id }, { $set: { status: 'canceled', error: `Not sent: ${block.detail}`, scheduled_for: null, updated_at: now } });
    return;
  }
  if (claimed.automated && claimed.channel === 'sms') {
    const settings = await loadCommunicationSettings(ctx);
    const quiet = checkQuietHours(now, claimed.time_zone ?? ctx.tenant.timezone, settings.quiet_hours);
    if (!quiet.allowed) {
      await communications.updateOne({ _id: claimed._id }, { $set: { status: 'scheduled', scheduled_for: quiet.next_allowed_at, reserved_slot: null, updated_at: now } });
      await scheduleSend(ctx, claimed, quiet.next_allowed_at);
      return;
    }
  }
  await deliverMessage(ctx, claimed);
}
