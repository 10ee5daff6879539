import { ZSuggestReplyRequest, ZSuggestReplyResponse } from '../../shared/ai/ai.schemas.ts';
import { suggestReply } from '../../shared/ai/suggest-reply.ts';
import { COMMUNICATION_WRITER_ROLES } from '../../shared/communications/communication-access.ts';
import { defineRoute } from '../../infra/http/route.ts';

/** Suggested SMS replies for the composer (shared/ai/README.md): nothing is sent. */
export const suggestReplyRoute = defineRoute({
  method: 'POST',
  path: '/api/communications/suggest-reply',
  summary: 'Three suggested replies to a lead’s or buyer’s texts, in the rep’s tone, each with its compliance check; nothing is sent',
  access: COMMUNICATION_WRITER_ROLES,
  feature: 'ai',
  body: ZSuggestReplyRequest,
  response: ZSuggestReplyResponse,
  tags: ['communications', 'ai'],
  handler: ({ ctx, body }) => suggestReply(ctx, body),
});
