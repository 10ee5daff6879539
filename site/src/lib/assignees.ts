import { useEffect, useState } from 'react';
import { api } from './api-client.ts';

/** Someone leads can be assigned to (`GET /api/leads/assignees`). */
export interface TAssignee {
  id: string;
  name: string;
  role: 'admin' | 'acquisition_rep';
}

let cached: Promise<TAssignee[]> | undefined;

/** The page's assignees, asked once however many islands need names. */
export function loadAssignees(): Promise<TAssignee[]> {
  cached ??= api()
    .get<{ items: TAssignee[] }>('/api/leads/assignees')
    .then((answer) => answer.items)
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}

/** Assignees by id, empty until loaded (names then replace ids). */
export function useAssignees(): Map<string, TAssignee> {
  const [byId, setById] = useState<Map<string, TAssignee>>(new Map());
  useEffect(() => {
    loadAssignees()
      .then((items) => setById(new Map(items.map((item) => [item.id, item]))))
      .catch(() => undefined);
  }, []);
  return byId;
}

/** A display name for an assignee id. */
export const assigneeName = (byId: Map<string, TAssignee>, id: string | null, self: string | null): string => {
  if (!id) return 'Unassigned';
  if (id === self) return 'You';
  return byId.get(id)?.name || 'Teammate';
};
