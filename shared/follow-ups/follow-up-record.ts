export type TFollowUpRecord = {
  _id: string;
  tenant_id: string;
  title: string;
  due_at: Date;
  assigned_to: string;
  lead_id: string | null;
  deal_id: string | null;
  done: boolean;
  done_at: Date | null;
  notes: string;
  /** Set when the overdue scan raised its notification and event, so it does so once. */
  overdue_notified_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
};
