import type { TRole } from '../auth/principal.ts';
import type { TInvite, TUser } from './user.schemas.ts';

/** A member of one tenant (`_id` is the Firebase uid: one organisation per account). */
export type TUserRecord = {
  _id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: TRole;
  status: 'active' | 'deactivated';
  /** Weekly executive report by email; executives and admins opt in by default. */
  weekly_report: boolean;
  phone?: string;
  created_at: Date;
  updated_at: Date;
  last_seen_at: Date | null;
};

export type TInviteRecord = {
  _id: string;
  tenant_id: string;
  email: string;
  role: TRole;
  status: 'pending' | 'accepted' | 'revoked';
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_by?: string;
};

export const toUser = (record: TUserRecord): TUser => ({
  id: record._id,
  email: record.email,
  name: record.name,
  role: record.role,
  status: record.status,
  weekly_report: record.weekly_report,
  created_at: record.created_at.toISOString(),
  last_seen_at: record.last_seen_at?.toISOString() ?? null,
});

export const toInvite = (record: TInviteRecord): TInvite => ({
  id: record._id,
  email: record.email,
  role: record.role,
  status: record.status,
  invited_by: record.invited_by,
  created_at: record.created_at.toISOString(),
  expires_at: record.expires_at.toISOString(),
});
