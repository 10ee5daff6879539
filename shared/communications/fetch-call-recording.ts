import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { TelephonyError } from '../ports/telephony.ts';
import { findVisibleCommunication } from './communication-access.ts';

/** A call's recording or voicemail, streamed from the provider (its media URLs need the account's credentials). */
export async function fetchCallRecording(ctx: TServiceContext, id: string): Promise<{ body: ReadableStream<Uint8Array>; contentType: string }> {
  const call = await findVisibleCommunication(ctx, id);
  if (call.channel !== 'call' || !call.recording_url) throw notFound('Recording');
  try {
    return await (await ctx.ports.telephony()).fetchRecording(call.recording_url);
  } catch (error) {
    if (!(error instanceof TelephonyError)) throw error;
    if (error.httpStatus === 404) throw notFound('Recording');
    throw new AppError(error.retryable ? 'unavailable' : 'invalid', `The recording could not be fetched: ${error.message}`);
  }
}
