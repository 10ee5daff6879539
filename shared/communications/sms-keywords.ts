/**
 * The carrier keywords every US messaging program must honour (CTIA Messaging Principles,
 * Twilio's default opt-out handling): a message that is only one of these words opts the
 * sender out, back in, or asks for help. REVOKE and OPTOUT follow the FCC's 2025 rule on
 * revoking consent "by any reasonable means". YES is deliberately not an opt-in word here:
 * buyers answer deal blasts with it.
 * https://help.twilio.com/articles/223134027-Twilio-support-for-opt-out-keywords-SMS-STOP-filtering-
 */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type TSmsKeyword = 'stop' | 'start' | 'help';

/** The keyword a message consists of, ignoring case, surrounding spaces and punctuation ("Stop.", " STOP! "). */
export function detectSmsKeyword(body: string): TSmsKeyword | null {
  const word = body.trim().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').replace(/\s+/g, '').toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(word)) return 'stop';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(word)) return 'start';
  if ((HELP_KEYWORDS as readonly string[]).includes(word)) return 'help';
  return null;
}

/** The replies carriers expect (Twilio's default wording), with the organisation's name where it helps. */
export function keywordReply(keyword: TSmsKeyword, companyName: string, helpText: string | null): string {
  switch (keyword) {
    case 'stop':
      return 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.';
    case 'start':
      return 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.';
    case 'help':
      return helpText?.trim() || `${companyName}: reply STOP to unsubscribe. Msg&Data Rates May Apply.`;
  }
}
