import { z } from 'zod';

/** Bounded text: every string the API accepts has a maximum length. */
export const text = (max = 200) => z.string().trim().max(max);
export const requiredText = (max = 200) => z.string().trim().min(1, 'Required').max(max);

export const ZId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'Not a valid id');
export const ZIdParams = z.strictObject({ id: ZId });

export const ZEmail = z.email().max(254).transform((email) => email.trim().toLowerCase());

/** Cursor pagination, shared by every list endpoint. */
export const ZPageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface TPage<T> {
  items: T[];
  nextCursor: string | null;
}

export const ZPage = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Query-string arrays: `?tag=a&tag=b` or `?tag=a,b`. */
export const queryList = <T extends z.ZodType>(item: T, max = 50) =>
  z.preprocess((value) => {
    if (value === undefined) return undefined;
    const values = Array.isArray(value) ? value : [value];
    return values.flatMap((entry) => String(entry).split(',')).map((entry) => entry.trim()).filter(Boolean);
  }, z.array(item).max(max).optional());

export const queryBoolean = z.preprocess((value) => (value === undefined ? undefined : value === 'true' || value === '1'), z.boolean().optional());
