import { recordActivity } from '../activities/record-activity.ts';
import type { TServiceContext } from '../context/service-context.ts';
import { notFound } from '../errors/app-error.ts';
import { formatZonedTime } from '../tenants/zoned-day.ts';
import { assertLeadWriter, findVisibleLead } from './lead-access.ts';
import { label } from './lead.constants.ts';
import type { TLead, ZUpdateAppointmentRequest } from './lead.schemas.ts';
import type { TLeadRecord } from './lead-record.ts';
import { toLead } from './to-lead.ts';
import type { z } from 'zod';

/** Reschedules an appointment or records how it went (completed, no-show, cancelled…). */
export async function updateLeadAppointment(
  ctx: TServiceContext,
  leadId: string,
  appointmentId: string,
  input: z.output<typeof ZUpdateAppointmentRequest>,
): Promise<TLead> {
  assertLeadWriter(ctx.principal);
  const lead = await findVisibleLead(ctx, leadId);
  const current = lead.appointments.find((appointment) => appointment.id === appointmentId);
  if (!current) throw notFound('Appointment');
  const next: TLeadRecord['appointments'][number] = {
    ...current,
    ...(input.scheduled_at ? { scheduled_at: new Date(input.scheduled_at) } : {}),
    ...(input.location !== undefined ? { location: input.location } : {}),
    ...(input.outcome ? { outcome: input.outcome } : {}),
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
  };
  const now = ctx.ports.clock.now();
  const updated = await ctx.db
    .collection<TLeadRecord>('leads')
    .findOneAndUpdate({ _id: lead._id, 'appointments.id': appointmentId }, { $set: { 'appointments.$': next, updated_at: now } }, { returnDocument: 'after' });
  if (!updated) throw notFound('Appointment');

  const moved = next.scheduled_at.getTime() !== current.scheduled_at.getTime();
  const summary =
    next.outcome !== current.outcome
      ? `Appointment ${label(next.outcome).toLowerCase()}`
      : moved
        ? `Appointment moved to ${formatZonedTime(next.scheduled_at, ctx.tenant.timezone)}`
        : 'Appointment updated';
  await recordActivity(ctx, {
    subject: { kind: 'lead', id: lead._id },
    type: 'appointment',
    summary,
    data: { appointment_id: appointmentId, scheduled_at: next.scheduled_at.toISOString(), outcome: next.outcome, previous_outcome: current.outcome },
    at: now,
  });
  return toLead(updated);
}
