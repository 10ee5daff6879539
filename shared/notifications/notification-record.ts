/** An in-app notification for one user (the bell in the portal header). */
export type TNotificationRecord = {
  _id: string;
  tenant_id: string;
  user_id: string;
  kind: 'follow_up_overdue' | 'lead_assigned' | 'message_received' | 'workflow' | 'report' | 'system';
  title: string;
  body: string;
  /** Portal path to open, e.g. `/leads/detail?id=ld_…`. */
  href: string | null;
  read: boolean;
  created_at: Date;
};
