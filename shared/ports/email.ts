/** Outgoing email. Production: SMTP via nodemailer; local: `.eml` files in the outbox. */
export interface TEmailMessage {
  to: string | string[];
  subject: string;
  html?: string;
  text: string;
  replyTo?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: Buffer; contentType: string; cid?: string }[];
}

export interface TEmailSender {
  send(message: TEmailMessage): Promise<{ messageId: string }>;
}
