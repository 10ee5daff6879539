import { z } from 'zod';
import { ALL_ROLES } from '../../shared/auth/principal.ts';
import { addLeadAppointment } from '../../shared/leads/add-lead-appointment.ts';
import { addLeadNote } from '../../shared/leads/add-lead-note.ts';
import { addLeadOffer } from '../../shared/leads/add-lead-offer.ts';
import { bulkUpdateLeads } from '../../shared/leads/bulk-update-leads.ts';
import { calculateLeadMao } from '../../shared/leads/calculate-lead-mao.ts';
import { countLeads } from '../../shared/leads/count-leads.ts';
import { createLead } from '../../shared/leads/create-lead.ts';
import { deleteLead } from '../../shared/leads/delete-lead.ts';
import { getLead } from '../../shared/leads/get-lead.ts';
import { LEAD_WRITER_ROLES } from '../../shared/leads/lead-access.ts';
import {
  ZAppointmentRequest,
  ZAssignee,
  ZBulkLeadAction,
  ZBulkLeadResult,
  ZChangeLeadStatusRequest,
  ZCreateLeadQuery,
  ZCreateLeadRequest,
  ZLead,
  ZLeadAppointmentParams,
  ZLeadCounts,
  ZLeadCountsQuery,
  ZLeadNoteRequest,
  ZLeadOfferParams,
  ZListLeadsQuery,
  ZMaoRequest,
  ZMaoResult,
  ZOfferRequest,
  ZTimelineEntry,
  ZTimelineQuery,
  ZUpdateAppointmentRequest,
  ZUpdateLeadRequest,
  ZUpdateOfferRequest,
} from '../../shared/leads/lead.schemas.ts';
import { listAssignees } from '../../shared/leads/list-assignees.ts';
import { listLeadTimeline } from '../../shared/leads/list-lead-timeline.ts';
import { listLeads } from '../../shared/leads/list-leads.ts';
import { setLeadStatus } from '../../shared/leads/set-lead-status.ts';
import { toLead } from '../../shared/leads/to-lead.ts';
import { updateLead } from '../../shared/leads/update-lead.ts';
import { updateLeadAppointment } from '../../shared/leads/update-lead-appointment.ts';
import { updateLeadOffer } from '../../shared/leads/update-lead-offer.ts';
import { ZIdParams, ZPage } from '../../shared/schemas/common.ts';
import { defineFunction } from '../../infra/http/define-function.ts';
import { Reply } from '../../infra/http/reply.ts';
import { defineRoute } from '../../infra/http/route.ts';
import { processPlatform } from '../../infra/platform/process-platform.ts';
import { leadAiItemRoutes, leadAiListRoutes } from './lead-ai.routes.ts';
import { leadCsvRoutes } from './lead-csv.routes.ts';
import { matchBuyersRoute } from './match-buyers.route.ts';

/**
 * Leads: the acquisition pipeline. Who may do what is in shared/leads/README.md; in short,
 * admins and acquisition reps write (reps only their own and unassigned leads), disposition
 * managers and executives read, admins delete. Literal paths come before `/:id`.
 */
export const definition = defineFunction('leads', [
  defineRoute({
    method: 'GET',
    path: '/api/leads',
    summary: 'Leads the caller may see, filtered, sorted, a page at a time (cursor)',
    access: ALL_ROLES,
    query: ZListLeadsQuery,
    response: ZPage(ZLead),
    handler: ({ ctx, query }) => listLeads(ctx, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads',
    summary: 'Create a lead; 409 with existing_lead_id when its phone, email or address is known, unless allow_duplicate=true',
    access: LEAD_WRITER_ROLES,
    query: ZCreateLeadQuery,
    body: ZCreateLeadRequest,
    response: ZLead,
    status: 201,
    handler: async ({ ctx, query, body }) => toLead(await createLead(ctx, body, { allowDuplicate: query.allow_duplicate === true })),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/leads/counts',
    summary: 'Leads per status under the list filters (pipeline tabs)',
    access: ALL_ROLES,
    query: ZLeadCountsQuery,
    response: ZLeadCounts,
    handler: ({ ctx, query }) => countLeads(ctx, query),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/leads/assignees',
    summary: 'Members leads can be assigned to (admins and acquisition reps), with names',
    access: ALL_ROLES,
    response: z.object({ items: z.array(ZAssignee) }),
    handler: ({ ctx }) => listAssignees(ctx),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/bulk',
    summary: 'Assign, tag or move a selection of leads; reports the leads it skipped and why',
    access: LEAD_WRITER_ROLES,
    body: ZBulkLeadAction,
    response: ZBulkLeadResult,
    handler: ({ ctx, body }) => bulkUpdateLeads(ctx, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/mao',
    summary: 'Maximum allowable offer: ARV × factor − repairs − desired fee (factor: the organisation’s unless given)',
    access: ALL_ROLES,
    body: ZMaoRequest,
    response: ZMaoResult,
    handler: ({ ctx, body }) => calculateLeadMao(ctx, null, body),
  }),
  // CSV export and imports (the deals capability's, shared/imports/): literal paths, before `/:id`.
  ...leadCsvRoutes,
  ...leadAiListRoutes,
  defineRoute({
    method: 'GET',
    path: '/api/leads/:id',
    summary: 'One lead with its status history, appointments and offers',
    access: ALL_ROLES,
    params: ZIdParams,
    response: ZLead,
    handler: ({ ctx, params }) => getLead(ctx, params.id),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/leads/:id',
    summary: 'Edit a lead (null clears an optional field); status has its own endpoint',
    access: LEAD_WRITER_ROLES,
    params: ZIdParams,
    body: ZUpdateLeadRequest,
    response: ZLead,
    handler: ({ ctx, params, body }) => updateLead(ctx, params.id, body),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/leads/:id',
    summary: 'Delete a lead with its follow-ups and timeline (admins; refused when it has a deal)',
    access: ['admin'],
    params: ZIdParams,
    handler: async ({ ctx, params }) => {
      await deleteLead(ctx, params.id);
      return Reply.empty();
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/:id/status',
    summary: 'Move a lead along the pipeline (lost needs a reason; under contract and closed come from its deal)',
    access: LEAD_WRITER_ROLES,
    params: ZIdParams,
    body: ZChangeLeadStatusRequest,
    response: ZLead,
    handler: async ({ ctx, params, body }) => toLead(await setLeadStatus(ctx, params.id, body)),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/leads/:id/timeline',
    summary: "The lead's timeline, newest first",
    access: ALL_ROLES,
    params: ZIdParams,
    query: ZTimelineQuery,
    response: ZPage(ZTimelineEntry),
    handler: ({ ctx, params, query }) => listLeadTimeline(ctx, params.id, query),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/:id/notes',
    summary: 'Add a note to the timeline (also appended to the notes the AI reads)',
    access: LEAD_WRITER_ROLES,
    params: ZIdParams,
    body: ZLeadNoteRequest,
    response: ZTimelineEntry,
    status: 201,
    handler: ({ ctx, params, body }) => addLeadNote(ctx, params.id, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/:id/appointments',
    summary: 'Record an appointment with the seller',
    access: LEAD_WRITER_ROLES,
    params: ZIdParams,
    body: ZAppointmentRequest,
    response: ZLead,
    status: 201,
    handler: ({ ctx, params, body }) => addLeadAppointment(ctx, params.id, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/leads/:id/appointments/:appointmentId',
    summary: 'Reschedule an appointment or record its outcome',
    access: LEAD_WRITER_ROLES,
    params: ZLeadAppointmentParams,
    body: ZUpdateAppointmentRequest,
    response: ZLead,
    handler: ({ ctx, params, body }) => updateLeadAppointment(ctx, params.id, params.appointmentId, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/:id/offers',
    summary: 'Record an offer made to the seller',
    access: LEAD_WRITER_ROLES,
    params: ZIdParams,
    body: ZOfferRequest,
    response: ZLead,
    status: 201,
    handler: ({ ctx, params, body }) => addLeadOffer(ctx, params.id, body),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/leads/:id/offers/:offerId',
    summary: "Record the seller's answer to an offer, or correct it",
    access: LEAD_WRITER_ROLES,
    params: ZLeadOfferParams,
    body: ZUpdateOfferRequest,
    response: ZLead,
    handler: ({ ctx, params, body }) => updateLeadOffer(ctx, params.id, params.offerId, body),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/leads/:id/mao',
    summary: "The MAO calculator on a lead (the organisation's factor unless given)",
    access: ALL_ROLES,
    params: ZIdParams,
    body: ZMaoRequest,
    response: ZMaoResult,
    handler: ({ ctx, params, body }) => calculateLeadMao(ctx, params.id, body),
  }),
  matchBuyersRoute,
  ...leadAiItemRoutes,
]);

export const handler = definition.createHandler(processPlatform);
