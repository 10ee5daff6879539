import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import type { TEmailMessage, TEmailSender } from '../../shared/ports/email.ts';

/**
 * Email through nodemailer: SMTP in production (`SMTP_URL`, e.g. a SendGrid relay), or
 * the local outbox, where each message is written whole as an `.eml` file that any mail
 * client (and the portal's outbox page) can open.
 */
export async function createEmailSender(options: { smtpUrl?: string | undefined; outboxDirectory: string; from: string }): Promise<TEmailSender> {
  const nodemailer = await import('nodemailer');
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return { send: (message) => deliver(transport, options.from, message) };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  await mkdir(options.outboxDirectory, { recursive: true });
  return {
    async send(message) {
      const info = (await transport.sendMail(toMail(options.from, message))) as { messageId: string; message: Buffer };
      const safeId = info.messageId.replace(/[^\w.-]/g, '');
      await writeFile(join(options.outboxDirectory, `${Date.now()}-${safeId}.eml`), info.message);
      return { messageId: info.messageId };
    },
  };
}

async function deliver(transport: Transporter, from: string, message: TEmailMessage): Promise<{ messageId: string }> {
  const info = (await transport.sendMail(toMail(from, message))) as { messageId: string };
  return { messageId: info.messageId };
}

function toMail(from: string, message: TEmailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    replyTo: message.replyTo,
    headers: message.headers,
    attachments: message.attachments?.map((attachment) => ({
      filename: attachment.filename,
      content: attachment.content,
      contentType: attachment.contentType,
      cid: attachment.cid,
    })),
  };
}
