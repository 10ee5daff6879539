import { Readable } from 'node:stream';
import { z } from 'zod';
import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { ZBlastRecipientParams, ZCreateBlastRequest, ZDealBlast, ZListBlastsQuery, ZSetBlastResponseRequest } from '../../shared/communications/blast.schemas.ts';
import { cancelMessage } from '../../shared/communications/cancel-message.ts';
import { BLAST_ROLES, COMMUNICATION_ADMIN_ROLES, COMMUNICATION_WRITER_ROLES, findVisibleCommunication } from '../../shared/communications/communication-access.ts';
import { createDealBlast } from '../../shared/communications/create-deal-blast.ts';
import { listDealBlasts, loadDealBlast, setBlastResponse } from '../../shared/communications/deal-blasts.ts';
import {
  ZCommunication,
  ZConversation,
  ZInboxCounts,
  ZInboxQuery,
  ZListCommunicationsQuery,
  ZMarkReadRequest,
  ZMarkReadResult,
  ZMessagePreview,
  ZSendMessageRequest,
  ZStartCallRequest,
} from '../../shared/communications/communication.schemas.ts';
import { deliveryAnalytics, ZDeliveryAnalytics, ZDeliveryAnalyticsQuery } from '../../shared/communications/delivery-analytics.ts';
import { fetchCallRecording } from '../../shared/communications/fetch-call-recording.ts';
import { countInbox, listInbox } from '../../shared/communications/list-inbox.ts';
import { listCommunications } from '../../shared/communications/list-communications.ts';
import { getCommunicationSettings, updateCommunicationSettings } from '../../shared/communications/manage-communication-settings.ts';
import {
  addDoNotContact,
  getContactPreferences,
  listDoNotContact,
  removeDoNotContact,
  updateContactPreferences,
} from '../../shared/communications/manage-contact-preferences.ts';
import { connectPhoneNumber, listPhoneNumbers, removePhoneNumber, updatePhoneNumber } from '../../shared/communications/manage-phone-numbers.ts';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from '../../shared/communications/manage-templates.ts';
import { markThreadRead } from '../../shared/communications/mark-thread-read.ts';
import {
  ZAddDoNotContactRequest,
  ZConnectNumberRequest,
  ZContactAddressQuery,
  ZContactPreferences,
  ZDoNotContact,
  ZPhoneNumber,
  ZUpdateNumberRequest,
  ZUpdatePreferencesRequest,
} from '../../shared/communications/phone-number.schemas.ts';
import { previewMessage } from '../../shared/communications/preview-message.ts';
import { sendMessage } from '../../shared/communications/send-message.ts';
import { ZCommunicationSettings, ZUpdateCommunicationSettingsRequest } from '../../shared/communications/settings.schemas.ts';
import { hangUpCall, startCall } from '../../shared/communications/start-call.ts';
import { ZListTemplatesQuery, ZMergeFieldList, ZTemplate, ZTemplateRequest, ZUpdateTemplateRequest, mergeFieldList } from '../../shared/communications/template.schemas.ts';
import { toCommunication } from '../../shared/communications/to-communication.ts';
import { suggestReplyRoute } from './suggest-reply.route.ts';
import { ZIdParams, ZPage, ZPageQuery, text } from '../../shared/schemas/common.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';
import {
  assertSandbox,
  simulateInboundCall,
  simulateInboundSms,
  ZSimulateInboundCallRequest,
  ZSimulateInboundSmsRequest,
  ZSimulationResult,
} from '../../infra/twilio/sandbox-simulator.ts';
import { listSandboxSent, SANDBOX_TEST_NUMBERS, silentWav } from '../../infra/twilio/sandbox-telephony.ts';

/**
 * Communications: the inbox, threads, sending and scheduling, templates, click-to-call and
 * the call log, delivery analytics, phone numbers, do-not-contact and consent, settings, and
 * the local sandbox's developer tools. Who may do what is in shared/communications/README.md.
 * Literal paths come before `/:id`.
 */
export const definition = defineFunction('communications', [
  // — AI: suggested replies (literal path)
  suggestReplyRoute,
  // — Inbox and threads
  defineRoute({
    method: 'GET',
    path: '/api/communications/inbox',
    summary: 'Unified inbox: one row per lead or buyer (last message, unread count), newest first; filter by kind, unread, channel, assignee, name',
    access: ALL_ROLES,
    query: ZInboxQuery,
    response: ZPage(ZConversation),
    handler: ({ ctx, query }) => listInbox(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/inbox/counts',
    summary: 'Unread conversations and messages (navigation badge, inbox tabs)',
    access: ALL_ROLES,
    response: ZInboxCounts,
    handler: ({ ctx }) => countInbox(ctx),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/read',
    summary: "Mark a lead's or buyer's thread read",
    access: ALL_ROLES,
    body: ZMarkReadRequest,
    response: ZMarkReadResult,
    handler: ({ ctx, body }) => markThreadRead(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications',
    summary: 'Messages and calls: a thread (lead_id/buyer_id, direction_order=asc for chat order), a deal’s or blast’s, or the call log (channel=call, missed=true)',
    access: ALL_ROLES,
    query: ZListCommunicationsQuery,
    response: ZPage(ZCommunication),
    handler: ({ ctx, query }) => listCommunications(ctx, query),
  }),
  // — Sending
  defineRoute({
    method: 'POST',
    path: '/api/communications/messages',
    summary:
      'Send a text or email now (201) or at `at` (202, status scheduled). 403 reason opted_out/do_not_contact; 409 reason quiet_hours (repeat with force: true); 400 names a merge field without a value',
    access: COMMUNICATION_WRITER_ROLES,
    body: ZSendMessageRequest,
    response: ZCommunication,
    handler: async ({ ctx, body }) => {
      const record = await sendMessage(ctx, body);
      return Reply.json(toCommunication(record), record.status === 'scheduled' ? 202 : 201);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/messages/preview',
    summary: 'Render a message for its recipient without sending: text, segments, sender, missing merge fields, opt-out/DNC block, quiet hours',
    access: COMMUNICATION_WRITER_ROLES,
    body: ZSendMessageRequest,
    response: ZMessagePreview,
    handler: ({ ctx, body }) => previewMessage(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/messages/:id',
    summary: 'One message or call',
    access: ALL_ROLES,
    params: ZIdParams,
    response: ZCommunication,
    handler: async ({ ctx, params }) => toCommunication(await findVisibleCommunication(ctx, params.id)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/messages/:id/cancel',
    summary: 'Cancel a scheduled message (its sender or an admin); 409 once it went out',
    access: COMMUNICATION_WRITER_ROLES,
    params: ZIdParams,
    response: ZCommunication,
    handler: async ({ ctx, params }) => toCommunication(await cancelMessage(ctx, params.id)),
  }),
  // — Templates
  defineRoute({
    method: 'GET',
    path: '/api/communications/templates',
    summary: 'Message templates, by name',
    access: ALL_ROLES,
    query: ZListTemplatesQuery,
    response: ZPage(ZTemplate),
    handler: ({ ctx, query }) => listTemplates(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/templates',
    summary: 'Create a template; merge fields are checked ({{first_name}}, {{first_name|fallback}})',
    access: COMMUNICATION_WRITER_ROLES,
    body: ZTemplateRequest,
    response: ZTemplate,
    status: 201,
    handler: ({ ctx, body }) => createTemplate(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/templates/fields',
    summary: 'The merge fields templates may use, with what each holds',
    access: ALL_ROLES,
    response: ZMergeFieldList,
    handler: async () => mergeFieldList(),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/templates/:id',
    summary: 'One template',
    access: ALL_ROLES,
    params: ZIdParams,
    response: ZTemplate,
    handler: ({ ctx, params }) => getTemplate(ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/communications/templates/:id',
    summary: 'Edit a template',
    access: COMMUNICATION_WRITER_ROLES,
    params: ZIdParams,
    body: ZUpdateTemplateRequest,
    response: ZTemplate,
    handler: ({ ctx, params, body }) => updateTemplate(ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/communications/templates/:id',
    summary: 'Delete a template (its author or an admin)',
    access: COMMUNICATION_WRITER_ROLES,
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await deleteTemplate(ctx, params.id);
      return Reply.empty();
    },
  }),
  // — Calls
  defineRoute({
    method: 'POST',
    path: '/api/communications/calls',
    summary: 'Click-to-call: rings your profile phone from our number, then bridges the lead or buyer (201, status queued → ringing → in_progress → completed)',
    access: COMMUNICATION_WRITER_ROLES,
    feature: 'calls',
    body: ZStartCallRequest,
    response: ZCommunication,
    status: 201,
    handler: async ({ ctx, body }) => toCommunication(await startCall(ctx, body)),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/calls/:id/hang-up',
    summary: 'End a click-to-call in progress',
    access: COMMUNICATION_WRITER_ROLES,
    feature: 'calls',
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await hangUpCall(ctx, params.id);
      return Reply.empty();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/calls/:id/recording',
    summary: "A call's recording or voicemail (audio, streamed from the provider)",
    access: ALL_ROLES,
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      const recording = await fetchCallRecording(ctx, params.id);
      return Reply.stream(Readable.fromWeb(recording.body as Parameters<typeof Readable.fromWeb>[0]), { contentType: recording.contentType });
    },
  }),
  // — Deal blasts
  defineRoute({
    method: 'POST',
    path: '/api/communications/blasts',
    summary:
      'Send a deal on the market to its matched buyers (or buyer_ids) by text and/or email in one action (202): scheduled sends spread over the number’s throughput; opted-out or unreachable buyers are skipped with the reason',
    access: BLAST_ROLES,
    body: ZCreateBlastRequest,
    response: ZDealBlast,
    status: 202,
    handler: ({ ctx, body }) => createDealBlast(ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/blasts',
    summary: 'Deal blasts, newest first (deal_id: one deal’s), with delivery and response counts',
    access: ALL_ROLES,
    query: ZListBlastsQuery,
    response: ZPage(ZDealBlast),
    handler: ({ ctx, query }) => listDealBlasts(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/blasts/:id',
    summary: 'One blast: each buyer’s text/email status, skips, and response (interested, not interested, replied)',
    access: ALL_ROLES,
    params: ZIdParams,
    response: ZDealBlast,
    handler: ({ ctx, params }) => loadDealBlast(ctx, params.id),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/communications/blasts/:id/recipients/:buyerId/response',
    summary: 'Record a buyer’s answer to a blast by hand (a call, an email reply)',
    access: BLAST_ROLES,
    params: ZBlastRecipientParams,
    body: ZSetBlastResponseRequest,
    response: ZDealBlast,
    handler: ({ ctx, params, body }) => setBlastResponse(ctx, params.id, params.buyerId, body.response),
  }),
  // — Analytics
  defineRoute({
    method: 'GET',
    path: '/api/communications/analytics',
    summary: 'Delivery analytics per number over days (sent, delivered, failed, opt-outs with rates; calls)',
    access: ALL_ROLES,
    query: ZDeliveryAnalyticsQuery,
    response: ZDeliveryAnalytics,
    handler: ({ ctx, query }) => deliveryAnalytics(ctx, query),
  }),
  // — Phone numbers
  defineRoute({
    method: 'GET',
    path: '/api/communications/numbers',
    summary: "The organisation's numbers",
    access: ALL_ROLES,
    response: z.object({ items: z.array(ZPhoneNumber) }),
    handler: ({ ctx }) => listPhoneNumbers(ctx),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/numbers',
    summary: 'Connect a Twilio number (admins): checked against the account, webhooks pointed here; 409 when another organisation has it',
    access: COMMUNICATION_ADMIN_ROLES,
    body: ZConnectNumberRequest,
    response: ZPhoneNumber,
    status: 201,
    handler: ({ ctx, body }) => connectPhoneNumber(ctx, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/communications/numbers/:id',
    summary: 'Label, throughput, owner or default sender of a number (admins)',
    access: COMMUNICATION_ADMIN_ROLES,
    params: ZIdParams,
    body: ZUpdateNumberRequest,
    response: ZPhoneNumber,
    handler: ({ ctx, params, body }) => updatePhoneNumber(ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/communications/numbers/:id',
    summary: 'Disconnect a number (admins); its history stays',
    access: COMMUNICATION_ADMIN_ROLES,
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await removePhoneNumber(ctx, params.id);
      return Reply.empty();
    },
  }),
  // — Compliance
  defineRoute({
    method: 'GET',
    path: '/api/communications/do-not-contact',
    summary: 'The do-not-contact list, newest first (q: prefix of the phone or email)',
    access: ALL_ROLES,
    query: ZPageQuery.extend({ q: text(100).optional() }).strict(),
    response: ZPage(ZDoNotContact),
    handler: ({ ctx, query }) => listDoNotContact(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/do-not-contact',
    summary: 'Put a phone or email on the do-not-contact list: every later text, email and call to it is refused',
    access: COMMUNICATION_WRITER_ROLES,
    body: ZAddDoNotContactRequest,
    response: ZDoNotContact,
    status: 201,
    handler: ({ ctx, body }) => addDoNotContact(ctx, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/communications/do-not-contact/:id',
    summary: 'Take an entry off the do-not-contact list (admins)',
    access: COMMUNICATION_ADMIN_ROLES,
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await removeDoNotContact(ctx, params.id);
      return Reply.empty();
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/preferences',
    summary: 'Opt-out, consent and do-not-contact state of a phone or email, with its history',
    access: ALL_ROLES,
    query: ZContactAddressQuery,
    response: ZContactPreferences,
    handler: ({ ctx, query }) => getContactPreferences(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/preferences',
    summary: 'Record consent (express/implied/revoked, with its source) or opt a contact out on their word; opting in is theirs (START)',
    access: COMMUNICATION_WRITER_ROLES,
    body: ZUpdatePreferencesRequest,
    response: ZContactPreferences,
    handler: ({ ctx, body }) => updateContactPreferences(ctx, body),
  }),
  // — Settings
  defineRoute({
    method: 'GET',
    path: '/api/communications/settings',
    summary: 'Quiet hours, call recording, keyword replies, HELP text, voicemail greeting, ring time',
    access: ALL_ROLES,
    response: ZCommunicationSettings,
    handler: ({ ctx }) => getCommunicationSettings(ctx),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/communications/settings',
    summary: 'Change messaging and calling settings (admins)',
    access: COMMUNICATION_ADMIN_ROLES,
    body: ZUpdateCommunicationSettingsRequest,
    response: ZCommunicationSettings,
    handler: ({ ctx, body }) => updateCommunicationSettings(ctx, body),
  }),
  // — Local sandbox (404 unless TELEPHONY=sandbox)
  defineRoute({
    method: 'GET',
    path: '/api/communications/sandbox',
    summary: 'Sandbox only (404 otherwise): the test numbers and what the sandbox “sent” lately — the developer panel',
    access: ALL_ROLES,
    tags: ['sandbox'],
    response: z.object({ test_numbers: z.record(z.string(), z.string()), sent: z.array(z.record(z.string(), z.unknown())) }),
    handler: async ({ platform, ctx }) => {
      assertSandbox(platform);
      const ours = (await listPhoneNumbers(ctx)).items.map((number) => number.number);
      return { test_numbers: SANDBOX_TEST_NUMBERS, sent: await listSandboxSent(await platform.db(), ours, 50) };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/sandbox/inbound-sms',
    summary: 'Sandbox only: a text arriving from `from` at one of our numbers, posted to /api/twilio/sms signed as Twilio signs',
    access: COMMUNICATION_WRITER_ROLES,
    tags: ['sandbox'],
    body: ZSimulateInboundSmsRequest,
    response: ZSimulationResult,
    handler: ({ platform, ctx, body }) => simulateInboundSms(platform, ctx, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/communications/sandbox/inbound-call',
    summary: 'Sandbox only: a call arriving, answered, missed (voicemail) or busy, played through the voice webhooks as Twilio would',
    access: COMMUNICATION_WRITER_ROLES,
    tags: ['sandbox'],
    body: ZSimulateInboundCallRequest,
    response: ZSimulationResult,
    handler: ({ platform, ctx, body }) => simulateInboundCall(platform, ctx, body),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/communications/sandbox/recordings/:sid',
    summary: 'Sandbox only: a recording the sandbox “made” (a second of silence)',
    access: 'public',
    tags: ['sandbox'],
    params: z.strictObject({ sid: z.string().regex(/^RE[0-9a-f]{32}$/) }),
    handler: async ({ platform }) => {
      assertSandbox(platform);
      return Reply.stream(Readable.from([Buffer.from(silentWav(1))]), { contentType: 'audio/wav' });
    },
  }),
]);

export const handler = definition.createHandler(processPlatform);
