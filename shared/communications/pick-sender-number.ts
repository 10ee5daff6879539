import type { TServiceContext } from '../context/service-context.ts';
import { AppError, invalid } from '../errors/app-error.ts';
import type { TPhoneNumberRecord } from './phone-number-record.ts';

/**
 * The organisation's number a text or call goes out from: the one asked for (it must be
 * theirs), else the one last used with this contact (replies stay in one thread on the
 * recipient's phone), else the default, else the oldest. 409 when there is none.
 */
export async function pickSenderNumber(
  ctx: TServiceContext,
  options: { requested?: string | undefined; previous?: string | null; capability: 'sms' | 'voice' },
): Promise<TPhoneNumberRecord> {
  const numbers = ctx.db.collection<TPhoneNumberRecord>('phone_numbers');
  if (options.requested) {
    const requested = await numbers.findOne({ number: options.requested });
    if (!requested) throw invalid('from', `${options.requested} is not one of your numbers`);
    return requested;
  }
  const all = await numbers.find({}, { sort: { created_at: 1 } }).toArray();
  const usable = all.filter((number) => number.capabilities[options.capability]);
  const chosen = usable.find((number) => number.number === options.previous) ?? usable.find((number) => number.is_default) ?? usable[0];
  if (!chosen) {
    throw new AppError('conflict', `Connect a phone number that can ${options.capability === 'sms' ? 'text' : 'call'} first (Communications → Numbers & quiet hours)`, {
      extensions: { reason: 'no_number' },
    });
  }
  return chosen;
}
