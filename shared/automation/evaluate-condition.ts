import type { TLeadRecord } from '../leads/lead-record.ts';
import type { TComparison, TCondition } from './workflow.schemas.ts';

/** What conditions read: the lead and a few counts the engine loads only when a condition needs them. */
export interface TConditionFacts {
  lead: TLeadRecord | null;
  /** Messages with the lead by direction (texts, emails and calls). */
  communications: { inbound: number; outbound: number };
  /** When the lead last texted or emailed us; null if never. */
  lastReplyAt: Date | null;
  /** When step `stepId` last ran in this execution; null if it has not. */
  stepRanAt(stepId: string): Date | null;
  /** When the execution started (replies "since" a step that has not run count from here). */
  startedAt: Date;
}

const compare = (left: number, operator: TComparison, right: number): boolean => {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'neq':
      return left !== right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
  }
};

const readPath = (lead: TLeadRecord, path: string): unknown => path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), lead);

const isEmpty = (value: unknown): boolean => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Numbers, dates (as epoch ms) and numeric strings compare as numbers; null when either side is not one. */
const asNumber = (value: unknown): number | null => {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value);
    if (Number.isFinite(number)) return number;
    const date = Date.parse(value);
    return Number.isNaN(date) ? null : date;
  }
  return null;
};

const normal = (value: unknown): string => (value instanceof Date ? value.toISOString() : String(value)).toLowerCase();

function fieldTest(actual: unknown, operator: Extract<TCondition, { kind: 'field' }>['operator'], expected: unknown): boolean {
  switch (operator) {
    case 'is_empty':
      return isEmpty(actual);
    case 'is_not_empty':
      return !isEmpty(actual);
    case 'contains':
    case 'not_contains': {
      const found = Array.isArray(actual) ? actual.some((item) => normal(item) === normal(expected)) : !isEmpty(actual) && normal(actual).includes(normal(expected));
      return operator === 'contains' ? found : !found;
    }
    case 'eq':
    case 'neq': {
      const equal = Array.isArray(actual) ? actual.some((item) => normal(item) === normal(expected)) : !isEmpty(actual) && normal(actual) === normal(expected);
      return operator === 'eq' ? equal : !equal;
    }
    default: {
      const left = asNumber(actual);
      const right = asNumber(expected);
      return left !== null && right !== null && compare(left, operator, right);
    }
  }
}

/**
 * Whether one condition holds. Pure: everything it reads is in `facts`. Without a lead, lead
 * conditions are false (a scheduled workflow without a lead cannot branch on one).
 */
export function evaluateCondition(condition: TCondition, facts: TConditionFacts): boolean {
  const { lead } = facts;
  switch (condition.kind) {
    case 'replied_since': {
      const since = facts.stepRanAt(condition.step_id) ?? facts.startedAt;
      return facts.lastReplyAt !== null && facts.lastReplyAt.getTime() >= since.getTime();
    }
    case 'communication_count': {
      const { inbound, outbound } = facts.communications;
      const count = condition.direction === 'inbound' ? inbound : condition.direction === 'outbound' ? outbound : inbound + outbound;
      return compare(count, condition.operator, condition.value);
    }
    default:
      break;
  }
  if (!lead) return false;
  switch (condition.kind) {
    case 'value':
      return lead.estimated_value !== null && compare(lead.estimated_value, condition.operator, condition.value);
    case 'source':
      return condition.values.includes(lead.source) === (condition.operator === 'in');
    case 'status':
      return condition.values.includes(lead.status) === (condition.operator === 'in');
    case 'tag': {
      const tags = [...lead.tags, ...lead.auto_tags].map((tag) => tag.toLowerCase());
      return tags.includes(condition.tag.toLowerCase()) === (condition.operator === 'has');
    }
    case 'field':
      return fieldTest(readPath(lead, condition.field), condition.operator, condition.value);
  }
}

/** All conditions hold (an empty list holds). */
export const evaluateConditions = (conditions: readonly TCondition[], facts: TConditionFacts): boolean => conditions.every((condition) => evaluateCondition(condition, facts));

/** Which facts the conditions need, so the engine queries only those. */
export const neededFacts = (conditions: readonly TCondition[]): { counts: boolean; replies: boolean } => ({
  counts: conditions.some((condition) => condition.kind === 'communication_count'),
  replies: conditions.some((condition) => condition.kind === 'replied_since'),
});
