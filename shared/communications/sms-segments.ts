/**
 * How many SMS segments a body costs, as carriers count them (3GPP TS 23.038): GSM-7 when
 * every character is in the GSM alphabet (160 per single message, 153 per part; extension
 * characters such as `€ [ ] { }` take two), otherwise UCS-2 (70, or 67 per part, in UTF-16
 * units — an emoji is two). Throughput limits and cost estimates count segments.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

/** Twilio refuses bodies over 1,600 characters; we keep to 10 segments. */
export const MAX_SMS_SEGMENTS = 10;

export interface TSegmentCount {
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  /** Septets (GSM-7) or UTF-16 units (UCS-2). */
  units: number;
}

export function countSmsSegments(body: string): TSegmentCount {
  let septets = 0;
  let gsm = true;
  for (const character of body) {
    if (BASIC.has(character)) septets += 1;
    else if (EXTENDED.has(character)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = body.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
