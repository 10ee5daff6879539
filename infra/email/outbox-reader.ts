import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError, notFound } from '../../shared/errors/app-error.ts';

/**
 * Reads the local outbox (`<DATA_DIR>/outbox/*.eml`, written by the email adapter when no
 * SMTP_URL is set) for the portal's outbox viewer. Local tooling, not a port: it exists only
 * where the outbox does, and answers 404 elsewhere. Messages are parsed with `mailparser`
 * (loaded on use), which also turns `cid:` images into data: URLs for the HTML part.
 */
export interface TOutboxSource {
  dataDir: string;
  /** Outbox only exists when email is not sent over SMTP. */
  smtpUrl: string | undefined;
  runtime: 'local' | 'gcp';
}

const outboxDirectory = (source: TOutboxSource) => {
  if (source.smtpUrl || source.runtime !== 'local') throw new AppError('not_found', 'There is no local outbox: email goes out over SMTP here');
  return join(source.dataDir, 'outbox');
};

/** Message ids are file names without `.eml`; nothing else (no paths) is accepted. */
const fileOf = (source: TOutboxSource, id: string) => {
  if (basename(id) !== id || !/^[\w.-]+$/.test(id) || id.startsWith('.')) throw notFound('Message');
  return join(outboxDirectory(source), `${id}.eml`);
};

async function parse(file: string) {
  const { simpleParser } = await import('mailparser');
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch {
    throw notFound('Message');
  }
  return { raw, mail: await simpleParser(raw) };
}

const addresses = (value: unknown): string => {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.map((entry: { text?: string }) => entry.text ?? '').join(', ');
};

/** The newest messages first (file names start with the time they were written). */
export async function listOutbox(source: TOutboxSource, limit = 50) {
  const directory = outboxDirectory(source);
  const names = (await readdir(directory).catch(() => [] as string[])).filter((name) => name.endsWith('.eml')).sort().reverse().slice(0, limit);
  const items = [];
  for (const name of names) {
    const file = join(directory, name);
    const [{ mail }, info] = await Promise.all([parse(file), stat(file)]);
    items.push({ id: name.slice(0, -'.eml'.length), subject: mail.subject ?? '', to: addresses(mail.to), from: addresses(mail.from), date: mail.date?.toISOString() ?? null, bytes: info.size });
  }
  return { items };
}

export async function readOutboxMessage(source: TOutboxSource, id: string) {
  const { raw, mail } = await parse(fileOf(source, id));
  return {
    id,
    subject: mail.subject ?? '',
    to: addresses(mail.to),
    from: addresses(mail.from),
    date: mail.date?.toISOString() ?? null,
    bytes: raw.length,
    text: mail.text ?? '',
    html: mail.html === false ? null : mail.html,
    attachments: mail.attachments.map((attachment) => ({ filename: attachment.filename ?? '', content_type: attachment.contentType, cid: attachment.cid ?? null, bytes: attachment.size })),
  };
}

/** The message as written (message/rfc822), for download. */
export async function readOutboxRaw(source: TOutboxSource, id: string): Promise<Buffer> {
  try {
    return await readFile(fileOf(source, id));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw notFound('Message');
  }
}
