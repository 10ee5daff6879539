import type { TServiceContext } from '../context/service-context.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from '../ids.ts';
import type { TCreateInviteRequest, TInvite } from './user.schemas.ts';
import { toInvite, type TInviteRecord, type TUserRecord } from './user-record.ts';

const INVITE_DAYS = 14;

/** Admins invite by email and role; the person joins on first sign-in with that email. Seats count pending invites. */
export async function inviteUser(ctx: TServiceContext, input: TCreateInviteRequest): Promise<TInvite> {
  const users = ctx.db.collection<TUserRecord>('users');
  const invites = ctx.db.collection<TInviteRecord>('invites');
  const now = ctx.ports.clock.now();
  if (await users.findOne({ email: input.email })) throw new AppError('conflict', `${input.email} is already a member`);
  if (await invites.findOne({ email: input.email, status: 'pending', expires_at: { $gt: now } })) {
    throw new AppError('conflict', `${input.email} already has a pending invite`);
  }
  const seats = (await users.countDocuments({ status: 'active' })) + (await invites.countDocuments({ status: 'pending', expires_at: { $gt: now } }));
  const { max_users } = ctx.tenant.plan.limits;
  if (seats >= max_users) {
    throw new AppError('plan_limit', `Your plan allows ${max_users} users (members and pending invites); remove one or upgrade`, { extensions: { limit: max_users } });
  }
  const invite: TInviteRecord = {
    _id: newId('inv', now),
    tenant_id: ctx.tenant._id,
    email: input.email,
    role: input.role,
    status: 'pending',
    invited_by: ctx.principal.uid,
    created_at: now,
    expires_at: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
  };
  await invites.insertOne(invite);
  await sendInviteEmail(ctx, invite);
  return toInvite(invite);
}

async function sendInviteEmail(ctx: TServiceContext, invite: TInviteRecord): Promise<void> {
  const role = invite.role.replace(/_/g, ' ');
  try {
    await (await ctx.ports.email()).send({
      to: invite.email,
      subject: `${ctx.principal.name} invited you to ${ctx.tenant.name} on DealCycle`,
      text: `${ctx.principal.name} invited you to join ${ctx.tenant.name} on DealCycle as ${role}.\n\nSign in with Google using this email address (${invite.email}) within ${INVITE_DAYS} days and you will join automatically.`,
    });
  } catch (error) {
    // The invite stands without the email: the admin can tell the person directly.
    ctx.log.warn({ err: error, invite_id: invite._id }, 'Invite email could not be sent');
  }
}
