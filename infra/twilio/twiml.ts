import type { TVoiceAction } from '../../shared/communications/twilio-webhook.schemas.ts';

/**
 * TwiML, the XML Twilio executes for a webhook's answer, written by hand: the few verbs we use
 * do not justify loading the helper library's XML builder on every webhook.
 * https://www.twilio.com/docs/voice/twiml · https://www.twilio.com/docs/messaging/twiml
 */
const escapeXml = (value: string): string =>
  value.replace(/[<>&'"]/g, (character) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[character] as string);

const attributes = (values: Record<string, string | number | undefined>): string =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');

export const TWIML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/** An empty answer (a message needs no reply) or one `<Message>` reply. */
export function messagingTwiml(reply: string | null): string {
  return reply ? `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${escapeXml(reply)}</Message></Response>` : '<?xml version="1.0" encoding="UTF-8"?><Response/>';
}

/** Our webhook URLs a voice action continues at (absolute, as Twilio calls them). */
export interface TVoiceUrls {
  dialResult: string;
  voicemail: string;
  recording: string;
}

export function voiceTwiml(action: TVoiceAction, urls: TVoiceUrls): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?><Response>';
  switch (action.kind) {
    case 'dial':
      return `${head}<Dial${attributes({
        callerId: action.callerId,
        timeout: action.timeoutSeconds,
        action: urls.dialResult,
        method: 'POST',
        ...(action.record ? { record: 'record-from-answer-dual', recordingStatusCallback: urls.recording, recordingStatusCallbackEvent: 'completed' } : {}),
      })}><Number>${escapeXml(action.to)}</Number></Dial></Response>`;
    case 'voicemail':
      return `${head}<Say>${escapeXml(action.greeting)}</Say><Record${attributes({ action: urls.voicemail, method: 'POST', maxLength: action.maxSeconds, playBeep: 'true', timeout: 5 })}/><Hangup/></Response>`;
    case 'hangup':
      return `${head}<Hangup/></Response>`;
  }
}

/** The TwiML that the rep's leg of a click-to-call runs once they answer: dial the contact, showing our number. */
export function bridgeTwiml(options: { callerId: string; bridgeTo: string; record: boolean; recordingCallback: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Dial${attributes({
    callerId: options.callerId,
    ...(options.record ? { record: 'record-from-answer-dual', recordingStatusCallback: options.recordingCallback, recordingStatusCallbackEvent: 'completed' } : {}),
  })}><Number>${escapeXml(options.bridgeTo)}</Number></Dial></Response>`;
}
