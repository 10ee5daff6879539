import { recordActivity } from '../activities/record-activity.ts';
import { formatAddress } from '../contact/normalize-contact.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import { formatZonedTime } from '../tenants/zoned-day.ts';
import { assertLeadWriter, findVisibleLead } from './lead-access.ts';
import type { TLead, ZAppointmentRequest } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { toLead } from './to-lead.ts';
import type { z } from 'zod';

/** Appointments and offers live on the lead; a bound keeps the document small. */
export const MAX_APPOINTMENTS = 50;

/**
 * Records an appointment with the seller (default place: the property), so the funnel
 * lead → contact → appointment → offer → contract → close counts real appointments.
 */
export async function addLeadAppointment(ctx: TServiceContext, leadId: string, input: z.output<typeof ZAppointmentRequest>): Promise<TLead> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  if (lead.appointments.length >= MAX_APPOINTMENTS) throw new AppError('conflict', `A lead keeps at most ${MAX_APPOINTMENTS} appointments`);
  const now = ctx.ports.clock.now();
  const appointment: TLeadRecord['appointments'][number] = {
    id: newId('apt', now),
    scheduled_at: new Date(input.scheduled_at),
    location: input.location || formatAddress(lead.address),
    outcome: input.outcome,
    notes: input.notes ?? '',
  };
  const updated = await ctx.db
    .collection<TLeadRecord>('leads')
    .findOneAndUpdate({ _id: lead._id }, { $push: { appointments: appointment }, $set: { updated_at: now } }, { returnDocument: 'after' });
  if (!updated) throw notFound('Lead');
  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'appointment',
    summary: `Appointment ${formatZonedTime(appointment.scheduled_at, ctx.tenant.timezone)}${appointment.location ? ` at ${appointment.location}` : ''}`,
    data: { appointment_id: appointment.id, scheduled_at: appointment.scheduled_at.toISOString(), outcome: appointment.outcome },
    at: now,
  });
  return toLead(updated);
}
