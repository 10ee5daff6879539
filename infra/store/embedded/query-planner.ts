import type { TDocument, TFilter, TSort } from '../../../shared/ports/document-store.ts';
import { isPlainObject, sortKeyAtPath } from './document-values.ts';
import { compileMatcher } from './compile-matcher.ts';
import type { TMatcher } from './compile-matcher.ts';
import type { SortedIndex, TIndexPosition } from './sorted-index.ts';
import { compareValues, isScalar, typeEnd, typeStart } from './value-order.ts';

/**
 * Chooses how to answer a filter (+ sort/skip/limit) from one collection's documents and indexes,
 * and runs it. Semantics stay mingo's: every candidate is tested against the whole filter unless
 * the index range is known to hold exactly the matches. Indexes only make it fast:
 * - `_id` equality or `$in` reads the primary map;
 * - equality (or `$in`) on an index's leading fields, optionally followed by one range, narrows
 *   the candidates to index ranges whose sizes are known without visiting them (on a path
 *   holding arrays, only bounds one element must meet together are intersected: `usableRanges`);
 * - a sort that follows an index's order (after its equality prefix), with a limit, walks that
 *   index and stops once the page is full; if the remaining filter is too selective for that,
 *   it gives up after as many entries as the narrowest plan would read and falls back to it.
 */

export interface TCollectionView {
  readonly documents: ReadonlyMap<string, TDocument>;
  readonly indexes: readonly SortedIndex[];
}

export interface TQueryShape {
  sort?: TSort | undefined;
  skip?: number | undefined;
  limit?: number | undefined;
}

interface TBound {
  value: unknown;
  inclusive: boolean;
}

/** Bounds one condition puts on a field's values (a missing side is open). */
interface TValueRange {
  lower?: TBound;
  upper?: TBound;
  /**
   * Both bounds hold for one index key only while the path has no array at this component or
   * deeper (MongoDB's multikey rule): 0 for separate operators (`$gte` and `$lt` may be met by
   * different elements), the `$elemMatch` path's length inside one, Infinity for a single
   * predicate (an anchored regex).
   */
  together: number;
}

interface TFieldPredicate {
  /** Allowed values (equality or `$in`). */
  values?: unknown[];
  /** One per condition on the field; each alone bounds the index keys of every match. */
  ranges: TValueRange[];
  /** False when the field also has conditions the index cannot express. */
  exact: boolean;
  /** Written as a top-level key of the filter (not inside `$and`). */
  topLevel?: boolean;
}

interface TFilterAnalysis {
  fields: Map<string, TFieldPredicate>;
  /** False when some condition is not on a plain field (e.g. `$or`, `$expr`). */
  exact: boolean;
}

interface TRange {
  from: TIndexPosition;
  to: TIndexPosition;
}

interface TIndexPlan {
  kind: 'index';
  index: SortedIndex;
  ranges: TRange[];
  /** Entries in the ranges: exact, from ranks, without visiting them. */
  estimate: number;
  /** The ranges hold exactly the matching documents: no need to test them. */
  exact: boolean;
  /** Leading index fields fixed by equality. */
  eqFields: number;
  /** One contiguous range (no `$in` expansion), so a walk follows index order. */
  singlePrefix: boolean;
  /** Top-level filter fields every document in the ranges satisfies: no need to test them. */
  guaranteed: Set<string>;
}

type TPlan = { kind: 'ids'; ids: string[]; estimate: number } | { kind: 'scan'; estimate: number } | TIndexPlan;

const MAX_RANGES = 512;

const isOperatorObject = (value: unknown): value is Record<string, unknown> => {
  if (!isPlainObject(value)) return false;
  const first = Object.keys(value)[0];
  return first !== undefined && first.startsWith('$');
};

export function analyzeFilter(filter: TFilter): TFilterAnalysis {
  const analysis: TFilterAnalysis = { fields: new Map(), exact: true };
  addConditions(filter, analysis, true);
  return analysis;
}

function addConditions(filter: TFilter, analysis: TFilterAnalysis, topLevel: boolean): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) addConditions(part, analysis, false);
      continue;
    }
    if (key.startsWith('$')) {
      analysis.exact = false;
      continue;
    }
    const predicate = toPredicate(value, 0);
    if (topLevel) predicate.topLevel = true;
    addPredicate(analysis, key, predicate);
    if (isOperatorObject(value) && isPlainObject(value.$elemMatch)) addElementConditions(analysis, key, value.$elemMatch);
  }
}

function addPredicate(analysis: TFilterAnalysis, path: string, predicate: TFieldPredicate): void {
  const existing = analysis.fields.get(path);
  if (!existing) {
    analysis.fields.set(path, predicate);
    return;
  }
  existing.exact = false;
  existing.topLevel = false;
  if (!existing.values && predicate.values) existing.values = predicate.values;
  existing.ranges.push(...predicate.ranges);
}

/**
 * `{arr: {$elemMatch: {sub: cond}}}` bounds the index path `arr.sub`; one element meets all of
 * `cond`, so its bounds stay together unless arrays lie below `arr`. The whole filter is still tested.
 */
function addElementConditions(analysis: TFilterAnalysis, path: string, conditions: Record<string, unknown>): void {
  const depth = path.split('.').length;
  for (const [key, condition] of Object.entries(conditions)) {
    if (key.startsWith('$')) continue;
    const predicate = toPredicate(condition, depth);
    predicate.exact = false;
    addPredicate(analysis, `${path}.${key}`, predicate);
  }
}

function toPredicate(condition: unknown, together: number): TFieldPredicate {
  if (isScalar(condition)) return { values: [condition], ranges: [], exact: true };
  if (condition instanceof RegExp) return { ranges: regexRanges(condition.source, condition.flags), exact: false };
  if (!isOperatorObject(condition)) return { ranges: [], exact: false };
  const predicate: TFieldPredicate = { ranges: [], exact: true };
  const range: TValueRange = { together };
  for (const [operator, operand] of Object.entries(condition)) {
    if (operator === '$eq' && isScalar(operand)) predicate.values = [operand];
    else if (operator === '$in' && Array.isArray(operand) && operand.length > 0 && operand.every(isScalar)) predicate.values = operand;
    else if ((operator === '$gt' || operator === '$gte') && isScalar(operand) && operand !== null) range.lower = { value: operand, inclusive: operator === '$gte' };
    else if ((operator === '$lt' || operator === '$lte') && isScalar(operand) && operand !== null) range.upper = { value: operand, inclusive: operator === '$lte' };
    else {
      predicate.exact = false;
      if (operator === '$regex') predicate.ranges.push(...regexOperandRanges(operand, condition.$options));
    }
  }
  // A range whose ends are of different types matches nothing MongoDB-wise; let the matcher decide.
  if (range.lower && range.upper && compareValues(typeStart(range.lower.value), typeStart(range.upper.value)) !== 0) predicate.exact = false;
  if (range.lower || range.upper) predicate.ranges.unshift(range);
  if (predicate.values && predicate.ranges.length > 0) {
    predicate.exact = false;
    predicate.ranges = [];
  }
  return predicate;
}

function regexOperandRanges(operand: unknown, options: unknown): TValueRange[] {
  if (operand instanceof RegExp) return options === undefined ? regexRanges(operand.source, operand.flags) : [];
  if (typeof operand === 'string' && (options === undefined || options === '')) return regexRanges(operand, '');
  return [];
}

/**
 * An anchored regex without flags matches only strings that start with its literal prefix:
 * the range [prefix, prefix with its last character incremented). It is one predicate per
 * value, so the range holds on multikey paths too (MongoDB builds the same bounds).
 */
function regexRanges(source: string, flags: string): TValueRange[] {
  if (flags !== '') return [];
  const prefix = regexPrefix(source);
  if (!prefix) return [];
  const stem = prefix.replace(/\uffff+$/, '');
  const lower = { value: prefix, inclusive: true };
  if (stem === '') return [{ lower, upper: { value: typeEnd(''), inclusive: true }, together: Number.POSITIVE_INFINITY }];
  const next = stem.slice(0, -1) + String.fromCharCode(stem.charCodeAt(stem.length - 1) + 1);
  return [{ lower, upper: { value: next, inclusive: false }, together: Number.POSITIVE_INFINITY }];
}

/** The literal text every match of `^…` starts with; undefined when not anchored or when alternation (`|`) may unanchor it. */
function regexPrefix(source: string): string | undefined {
  if (!source.startsWith('^') || /(^|[^\\])(\\\\)*\|/.test(source)) return undefined;
  let prefix = '';
  let i = 1;
  while (i < source.length) {
    let literal = source[i] as string;
    let width = 1;
    if (literal === '\\') {
      const escaped = source[i + 1];
      // \d, \w, \b, \1, \u… are classes or escapes with meaning; only escaped punctuation is literal.
      if (escaped === undefined || /[A-Za-z0-9]/.test(escaped)) break;
      literal = escaped;
      width = 2;
    } else if ('.*+?()[]{}|^$'.includes(literal)) break;
    // A quantifier makes the character optional (or repeats it): the prefix ends before it.
    const after = source[i + width];
    if (after !== undefined && '*+?{'.includes(after)) break;
    prefix += literal;
    i += width;
  }
  return prefix;
}

function planIndex(index: SortedIndex, analysis: TFilterAnalysis): TIndexPlan | undefined {
  // A partial index holds only some documents; using it would need proof the filter implies its condition.
  if (index.definition.partialFilterExpression) return undefined;
  let prefixes: unknown[][] = [[]];
  const used = new Set<string>();
  let choices: { ranges: TClosedRange[]; direction: 1 | -1 } | undefined;
  let loosened = false;
  for (const [position, field] of index.fields.entries()) {
    const predicate = analysis.fields.get(field.path);
    if (!predicate) break;
    if (predicate.values) {
      if (prefixes.length * predicate.values.length > MAX_RANGES) break;
      prefixes = prefixes.flatMap((prefix) => (predicate.values ?? []).map((value) => [...prefix, value]));
      used.add(field.path);
      continue;
    }
    if (predicate.ranges.length > 0) {
      const usable = usableRanges(predicate.ranges, index.multikeyComponents[position] ?? 0);
      choices = { ranges: usable.ranges, direction: field.direction };
      loosened = usable.loosened;
      used.add(field.path);
    }
    break;
  }
  if (used.size === 0) return undefined;
  const candidates = (choices?.ranges ?? [undefined]).map((range) => {
    const ranges: TRange[] = prefixes.map((prefix) => {
      if (!range || !choices) return index.prefixRange(prefix);
      const [first, last] = choices.direction === 1 ? [range.lower, range.upper] : [range.upper, range.lower];
      return { from: index.lowerBound([...prefix, first.value], first.inclusive), to: index.upperBound([...prefix, last.value], last.inclusive) };
    });
    let estimate = 0;
    for (const { from, to } of ranges) estimate += Math.max(0, index.rank(to) - index.rank(from));
    return { ranges, estimate };
  });
  // On an array path the conditions cannot be intersected: read the narrowest one.
  const { ranges, estimate } = candidates.reduce((best, candidate) => (candidate.estimate < best.estimate ? candidate : best));
  const guaranteed = new Set(index.multikey ? [] : [...used].filter((path) => analysis.fields.get(path)?.exact && analysis.fields.get(path)?.topLevel));
  const exact = !loosened && analysis.exact && [...analysis.fields.keys()].every((path) => guaranteed.has(path));
  return { kind: 'index', index, ranges, estimate, exact, eqFields: prefixes[0]?.length ?? 0, singlePrefix: prefixes.length === 1, guaranteed };
}

interface TClosedRange {
  lower: TBound;
  upper: TBound;
}

/**
 * The ranges an index field may be read by, each alone holding every match. Where no document
 * had an array on the path, all conditions intersect into one range. Otherwise (multikey) a
 * document matches `{$gte: a, $lt: b}` when one element is >= a and another < b, so bounds from
 * separate operators or conditions are alternatives, as in MongoDB; only bounds of one predicate
 * (an anchored regex, an `$elemMatch` with no array below it) stay together. `loosened` when a
 * range was split, so the plan is not exact.
 */
function usableRanges(ranges: readonly TValueRange[], arrayComponents: number): { ranges: TClosedRange[]; loosened: boolean } {
  const pieces: TValueRange[] = [];
  let loosened = false;
  for (const range of ranges) {
    const together = range.together >= 31 || arrayComponents >>> range.together === 0;
    if (together || !range.lower || !range.upper) pieces.push(range);
    else {
      pieces.push({ lower: range.lower, together: 0 }, { upper: range.upper, together: 0 });
      loosened = true;
    }
  }
  const closed = pieces.map((piece) => ({
    lower: piece.lower ?? { value: typeStart(piece.upper?.value), inclusive: true },
    upper: piece.upper ?? { value: typeEnd(piece.lower?.value), inclusive: true },
  }));
  if (arrayComponents !== 0) return { ranges: closed, loosened: loosened || closed.length > 1 };
  return { ranges: [closed.reduce((a, b) => ({ lower: tighter(a.lower, b.lower, 1), upper: tighter(a.upper, b.upper, -1) }))], loosened };
}

/** The tighter of two lower (`side` 1) or upper (`side` -1) bounds. */
function tighter(a: TBound, b: TBound, side: 1 | -1): TBound {
  const c = compareValues(a.value, b.value) * side;
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function planIds(view: TCollectionView, analysis: TFilterAnalysis): TPlan | undefined {
  const values = analysis.fields.get('_id')?.values;
  if (!values || !values.every((value) => typeof value === 'string')) return undefined;
  const ids = [...new Set(values as string[])];
  return { kind: 'ids', ids, estimate: ids.filter((id) => view.documents.has(id)).length };
}

/** How many leading fields of the index the filter constrains (equalities, then one range); 0 when it cannot be used. */
function usableDepth(index: SortedIndex, analysis: TFilterAnalysis): number {
  if (index.definition.partialFilterExpression) return 0;
  let depth = 0;
  for (const field of index.fields) {
    const predicate = analysis.fields.get(field.path);
    if (!predicate || (!predicate.values && predicate.ranges.length === 0)) break;
    depth++;
    if (!predicate.values) break;
  }
  return depth;
}

/** Each index planned at most once per query (the narrowest plan and a sort walk both look). */
type TPlanner = (index: SortedIndex) => TIndexPlan | undefined;
function plannerFor(analysis: TFilterAnalysis): TPlanner {
  const plans = new Map<SortedIndex, TIndexPlan | undefined>();
  return (index) => {
    if (!plans.has(index)) plans.set(index, planIndex(index, analysis));
    return plans.get(index);
  };
}

/**
 * The cheapest plan to find the matching documents, ignoring order. An index whose only usable
 * field is its first is skipped when another index constrains that field and more: the deeper
 * one reads a part of the same range (every tenant-bound query would otherwise size a range in
 * each of a collection's indexes).
 */
function bestPlan(view: TCollectionView, analysis: TFilterAnalysis, plan: TPlanner = plannerFor(analysis)): TPlan {
  const byId = planIds(view, analysis);
  if (byId) return byId;
  const depths = view.indexes.map((index) => usableDepth(index, analysis));
  const deepest = new Map<string, number>();
  view.indexes.forEach((index, i) => {
    const first = index.fields[0]?.path ?? '';
    deepest.set(first, Math.max(deepest.get(first) ?? 0, depths[i] ?? 0));
  });
  let best: TPlan = { kind: 'scan', estimate: view.documents.size };
  view.indexes.forEach((index, i) => {
    const depth = depths[i] ?? 0;
    if (depth === 0 || (depth === 1 && (deepest.get(index.fields[0]?.path ?? '') ?? 0) > 1)) return;
    const candidate = plan(index);
    if (candidate && (candidate.estimate < best.estimate || (candidate.estimate === best.estimate && best.kind === 'scan'))) best = candidate;
  });
  return best;
}

/**
 * Whether walking this plan's index yields documents in `sort` order (forwards or backwards):
 * sort fields in the index's equality prefix are fixed, the rest must follow the index after it.
 */
function walkDirection(plan: TIndexPlan, sort: TSort): 'forward' | 'reverse' | undefined {
  if (!plan.singlePrefix || plan.index.multikey) return undefined;
  const fixed = new Set(plan.index.fields.slice(0, plan.eqFields).map((field) => field.path));
  const remaining = Object.entries(sort).filter(([path]) => !fixed.has(path));
  if (remaining.length === 0) return 'forward';
  let direction: 'forward' | 'reverse' | undefined;
  for (let i = 0; i < remaining.length; i++) {
    const field = plan.index.fields[plan.eqFields + i];
    const [path, order] = remaining[i] as [string, 1 | -1];
    // Entries with equal keys are ordered by _id ascending, so `_id` may close the sort.
    const closesWithId = !field && path === '_id' && i === remaining.length - 1 && plan.eqFields + i === plan.index.fields.length;
    if (!closesWithId && (!field || field.path !== path)) return undefined;
    const here = (closesWithId ? 1 : field?.direction) === order ? 'forward' : 'reverse';
    if (direction && direction !== here) return undefined;
    direction = here;
  }
  return direction;
}

/** Visits the plan's candidate documents (stored versions) until `visit` returns false. */
function visitPlan(view: TCollectionView, plan: TPlan, reverse: boolean, visit: (document: TDocument) => boolean): void {
  if (plan.kind === 'scan') {
    for (const document of view.documents.values()) if (!visit(document)) return;
    return;
  }
  if (plan.kind === 'ids') {
    for (const id of plan.ids) {
      const document = view.documents.get(id);
      if (document && !visit(document)) return;
    }
    return;
  }
  const { index } = plan;
  const seen = index.multikey ? new Set<TDocument>() : undefined;
  let going = true;
  for (const { from, to } of reverse ? [...plan.ranges].reverse() : plan.ranges) {
    index.each(from, to, reverse, (entry) => {
      const document = index.documentOf(entry);
      if (seen) {
        if (seen.has(document)) return true;
        seen.add(document);
      }
      going = visit(document);
      return going;
    });
    if (!going) return;
  }
}

/** Tests what the plan does not already guarantee. */
function matcherFor(filter: TFilter, plan: TPlan): TMatcher | undefined {
  if (plan.kind !== 'index' || plan.guaranteed.size === 0) return compileMatcher(filter);
  if (plan.exact) return undefined;
  const residual: TFilter = {};
  for (const [key, value] of Object.entries(filter)) if (!plan.guaranteed.has(key)) residual[key] = value;
  return compileMatcher(residual);
}

/** Matching stored documents (not copies) in the requested order and page. */
export function findDocuments(view: TCollectionView, filter: TFilter, shape: TQueryShape = {}): TDocument[] {
  const analysis = analyzeFilter(filter);
  const skip = Math.max(0, shape.skip ?? 0);
  const limit = shape.limit ? Math.abs(shape.limit) : 0;
  const sort = shape.sort && Object.keys(shape.sort).length > 0 ? shape.sort : undefined;
  const planner = plannerFor(analysis);
  const best = bestPlan(view, analysis, planner);

  if (sort) {
    let walked: { plan: TIndexPlan; reverse: boolean } | undefined;
    for (const index of view.indexes) {
      if (index.definition.partialFilterExpression) continue;
      const plan = planner(index) ?? wholeIndexPlan(index);
      const direction = walkDirection(plan, sort);
      if (direction && (!walked || plan.estimate < walked.plan.estimate)) walked = { plan, reverse: direction === 'reverse' };
    }
    const sameIndex = walked !== undefined && best.kind === 'index' && best.index === walked.plan.index;
    // A walk expects to read (skip + limit) × walked / narrowest entries before the page is full,
    // if matches spread evenly; when that exceeds the narrowest plan, reading that plan and
    // sorting its candidates is cheaper, and a walk would most likely run out of budget anyway.
    const expectedWalk = walked && best.estimate > 0 ? ((skip + limit) * walked.plan.estimate) / best.estimate : Number.POSITIVE_INFINITY;
    const walkPays = sameIndex || limit === 0 || expectedWalk <= best.estimate;
    if (walked && walkPays && (limit > 0 || walked.plan.estimate <= 2 * best.estimate)) {
      // Reading more entries than the narrowest plan has candidates is where walking stops paying.
      const budget = limit > 0 && !sameIndex ? Math.max(best.estimate, 64) : Number.POSITIVE_INFINITY;
      const page = takePage(view, walked.plan, walked.reverse, matcherFor(filter, walked.plan), skip, limit, budget);
      if (page) return page;
    }
    const matches = matcherFor(filter, best);
    const found: TDocument[] = [];
    visitPlan(view, best, false, (document) => {
      if (!matches || matches(document)) found.push(document);
      return true;
    });
    return sortPage(found, sort, skip, limit);
  }
  return takePage(view, best, false, matcherFor(filter, best), skip, limit, Number.POSITIVE_INFINITY) ?? [];
}

/** A plan over a whole index, for sorts on an index whose leading fields the filter does not constrain. */
function wholeIndexPlan(index: SortedIndex): TIndexPlan {
  return { kind: 'index', index, ranges: [{ from: index.start(), to: index.end() }], estimate: index.size, exact: false, eqFields: 0, singlePrefix: true, guaranteed: new Set() };
}

export function countDocuments(view: TCollectionView, filter: TFilter): number {
  const analysis = analyzeFilter(filter);
  const plan = bestPlan(view, analysis);
  if (plan.kind === 'index' && plan.exact) return plan.estimate;
  if (plan.kind === 'scan' && Object.keys(filter).length === 0) return view.documents.size;
  const matches = matcherFor(filter, plan);
  let count = 0;
  visitPlan(view, plan, false, (document) => {
    if (!matches || matches(document)) count++;
    return true;
  });
  return count;
}

/** Skips and takes matches in plan order; undefined when the budget ran out before the page filled. */
function takePage(view: TCollectionView, plan: TPlan, reverse: boolean, matches: TMatcher | undefined, skip: number, limit: number, budget: number): TDocument[] | undefined {
  const page: TDocument[] = [];
  let skipped = 0;
  let examined = 0;
  let exhausted = false;
  visitPlan(view, plan, reverse, (document) => {
    if (++examined > budget) {
      exhausted = true;
      return false;
    }
    if (matches && !matches(document)) return true;
    if (skipped < skip) {
      skipped++;
      return true;
    }
    page.push(document);
    return limit === 0 || page.length < limit;
  });
  return exhausted ? undefined : page;
}

interface TKeyed {
  keys: unknown[];
  document: TDocument;
}

export function compileSort(sort: TSort): (a: TDocument, b: TDocument) => number {
  const compare = keyedComparator(sort);
  const keyed = keyer(sort);
  return (a, b) => compare(keyed(a), keyed(b));
}

function keyer(sort: TSort): (document: TDocument) => TKeyed {
  const fields = Object.entries(sort).map(([path, direction]) => ({ path, parts: path.split('.'), direction }));
  return (document) => ({
    document,
    keys: fields.map(({ path, parts, direction }) => {
      const value = parts.length === 1 ? document[path] : undefined;
      return parts.length === 1 && !Array.isArray(value) ? value : sortKeyAtPath(document, parts, direction);
    }),
  });
}

function keyedComparator(sort: TSort): (a: TKeyed, b: TKeyed) => number {
  const directions = Object.values(sort);
  return (a, b) => {
    for (let i = 0; i < directions.length; i++) {
      const c = compareValues(a.keys[i], b.keys[i]);
      if (c !== 0) return directions[i] === 1 ? c : -c;
    }
    return 0;
  };
}

/** Sorts matches and cuts the page; with a limit it keeps only the best skip+limit (top-k). */
export function sortPage(documents: TDocument[], sort: TSort, skip: number, limit: number): TDocument[] {
  const compare = keyedComparator(sort);
  const keyed = documents.map(keyer(sort));
  const wanted = limit > 0 ? skip + limit : 0;
  let ordered: TKeyed[];
  if (wanted > 0 && keyed.length > wanted * 4) {
    ordered = [];
    for (const item of keyed) {
      if (ordered.length === wanted && compare(item, ordered[wanted - 1] as TKeyed) >= 0) continue;
      let low = 0;
      let high = ordered.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compare(ordered[middle] as TKeyed, item) <= 0) low = middle + 1;
        else high = middle;
      }
      ordered.splice(low, 0, item);
      if (ordered.length > wanted) ordered.pop();
    }
  } else {
    ordered = keyed.sort(compare);
  }
  const end = limit > 0 ? skip + limit : ordered.length;
  return ordered.slice(skip, end).map((item) => item.document);
}
