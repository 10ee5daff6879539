/** A reusable message with merge fields (`message_templates`). */
export type TMessageTemplateRecord = {
  _id: string;
  tenant_id: string;
  name: string;
  channel: 'sms' | 'email';
  /** Email only. May hold merge fields too. */
  subject: string;
  body: string;
  /** Where the portal offers it: seller conversations, buyer blasts, or both. */
  audience: 'lead' | 'buyer' | 'any';
  created_by: string;
  created_at: Date;
  updated_at: Date;
};
