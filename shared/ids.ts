import { randomBytes } from 'node:crypto';

/**
 * Time-ordered, URL-safe ids (`<prefix>_<12 hex ms><16 hex random>`): creation order sorts
 * lexically, which keeps cursor pagination and index locality simple in both stores.
 */
export function newId(prefix: string, at: Date = new Date()): string {
  return `${prefix}_${at.getTime().toString(16).padStart(12, '0')}${randomBytes(8).toString('hex')}`;
}
