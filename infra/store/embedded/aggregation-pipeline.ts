import { Aggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import type { Iterator } from 'mingo/lazy';
import type { Options } from 'mingo/types';
import type { TDocument, TFilter, TSort } from '../../../shared/ports/document-store.ts';
import { compileExpression, compileStages, NotCompiled, type TCompileEnv, type TDoc, type TExpr, type TStep, type TVars } from './compile-pipeline.ts';
import { cloneValue, isPlainObject, setAtPath, valuesAtPath } from './document-values.ts';
import { BASE_OPERATORS, pipelineStages } from './mingo-context.ts';
import { storeError } from './store-errors.ts';
import { isScalar } from './value-order.ts';

/**
 * Aggregation for the embedded store: mingo runs the stages (with the corrections of
 * mingo-context.ts), and two more changes.
 * - `$lookup` is ours: it reads the other collection through the store (its indexes, its TTL),
 *   and runs a `pipeline` given together with `localField`/`foreignField` (MongoDB 5.0+, what
 *   shared/tenancy/tenant-database.ts emits) on the matched documents only — mingo would run it
 *   over the whole foreign collection.
 * - `$out` and `$merge` are refused: they would write behind the store's back.
 * mingo mutates documents in some stages (`$unwind`, dotted `$set`/`$project`…), so such a
 * stage runs on copies; read-only stages read stored documents directly.
 * Stages compile-pipeline.ts covers run as compiled functions (the same results, far faster);
 * the others run through mingo one by one.
 */

export type TStage = Record<string, unknown>;

/** How stages reach other collections: stored documents (never mutated) matching a filter. */
export type TFindStored = (collection: string, filter: TFilter) => TDocument[];

/** The prefix of a pipeline a find can answer with indexes: `$match`es, then `$sort`, `$skip`, `$limit`. */
export interface TPipelinePrefix {
  filter: TFilter;
  sort?: TSort;
  skip?: number;
  limit?: number;
  rest: TStage[];
}

export function splitPipeline(pipeline: TStage[]): TPipelinePrefix {
  for (const stage of pipeline) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) throw storeError(40323, 'A pipeline stage specification object must contain exactly one field.');
  }
  let i = 0;
  const matches: TFilter[] = [];
  while (i < pipeline.length && isPlainObject(pipeline[i]?.$match)) matches.push(pipeline[i++]?.$match as TFilter);
  const prefix: TPipelinePrefix = { filter: matches.length === 0 ? {} : matches.length === 1 ? (matches[0] as TFilter) : { $and: matches }, rest: [] };
  const sort = pipeline[i]?.$sort;
  if (isPlainObject(sort)) {
    prefix.sort = sort as TSort;
    i++;
  }
  const skip = pipeline[i]?.$skip;
  if (typeof skip === 'number' && skip >= 0) {
    prefix.skip = skip;
    i++;
  }
  const limit = pipeline[i]?.$limit;
  if (typeof limit === 'number' && limit > 0) {
    prefix.limit = limit;
    i++;
  }
  prefix.rest = pipeline.slice(i);
  return prefix;
}

const READ_ONLY_STAGES = new Set(['$match', '$group', '$count', '$sort', '$skip', '$limit', '$sortByCount', '$bucket', '$bucketAuto', '$lookup', '$replaceRoot', '$replaceWith']);
const TOP_LEVEL_FIELD_STAGES = new Set(['$project', '$addFields', '$set']);

/** Whether mingo runs these stages without mutating their input documents. */
export function isReadOnlyPipeline(pipeline: TStage[]): boolean {
  return pipeline.every((stage) => {
    const [name, spec] = Object.entries(stage)[0] ?? [];
    if (name === undefined) return false;
    if (READ_ONLY_STAGES.has(name)) return true;
    if (TOP_LEVEL_FIELD_STAGES.has(name)) return isPlainObject(spec) && Object.keys(spec).every((field) => !field.includes('.'));
    if (name === '$unset') return [spec].flat().every((field) => typeof field === 'string' && !field.includes('.'));
    if (name === '$facet') return isPlainObject(spec) && Object.values(spec).every((inner) => Array.isArray(inner) && isReadOnlyPipeline(inner as TStage[]));
    return false;
  });
}

interface TLookupSpec {
  from: string;
  as: string;
  localField?: string;
  foreignField?: string;
  let?: Record<string, unknown>;
  pipeline?: TStage[];
}

function readLookupSpec(expr: unknown): TLookupSpec {
  if (!isPlainObject(expr) || typeof expr.from !== 'string' || typeof expr.as !== 'string') {
    throw storeError(40321, '$lookup needs `from` (a collection of this database) and `as`.');
  }
  if ((expr.localField === undefined) !== (expr.foreignField === undefined)) throw storeError(40321, '$lookup needs both localField and foreignField, or neither.');
  if (expr.pipeline !== undefined && !Array.isArray(expr.pipeline)) throw storeError(40321, '$lookup pipeline must be an array.');
  if (expr.localField === undefined && expr.pipeline === undefined) throw storeError(40321, '$lookup needs localField/foreignField or a pipeline.');
  return expr as unknown as TLookupSpec;
}

const mentionsVariablesOrExpr = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.startsWith('$$')
    : Array.isArray(value)
      ? value.some(mentionsVariablesOrExpr)
      : isPlainObject(value) && Object.entries(value).some(([key, inner]) => key === '$expr' || key === '$where' || mentionsVariablesOrExpr(inner));

/**
 * `{$match: {$expr: {$eq: ['$field', '$$variable']}}}` (either order), the usual correlated
 * sub-pipeline: the equality can narrow the foreign documents through an index before the
 * stage itself runs (the query equality matches a superset of the expression's).
 */
function correlatedEquality(stage: TStage | undefined): { field: string; variable: string } | undefined {
  const match = stage?.$match;
  if (!isPlainObject(match) || Object.keys(match).length !== 1 || !isPlainObject(match.$expr)) return undefined;
  const eq = match.$expr.$eq;
  if (!Array.isArray(eq) || eq.length !== 2 || Object.keys(match.$expr).length !== 1) return undefined;
  const [a, b] = eq as unknown[];
  const isField = (value: unknown): value is string => typeof value === 'string' && value.startsWith('$') && !value.startsWith('$$');
  const isVariable = (value: unknown): value is string => typeof value === 'string' && value.startsWith('$$') && !value.slice(2).includes('.');
  if (isField(a) && isVariable(b)) return { field: a.slice(1), variable: b.slice(2) };
  if (isField(b) && isVariable(a)) return { field: b.slice(1), variable: a.slice(2) };
  return undefined;
}

/** What a `$lookup` reads for one input document: the pipeline's leading matches, the local/foreign equality, the correlated `$eq`. */
function joinFilters(
  spec: TLookupSpec,
  baseFilters: TFilter[],
  document: Record<string, unknown>,
  variables: Record<string, unknown>,
  correlated: { field: string; variable: string } | undefined,
): TFilter[] {
  const filters = [...baseFilters];
  if (spec.localField !== undefined && spec.foreignField !== undefined) {
    const locals = valuesAtPath(document, spec.localField.split('.')).map((local) => (local === undefined ? null : local));
    filters.push({ [spec.foreignField]: { $in: locals } });
  }
  // Only a scalar narrows: a stored object could otherwise read as query operators.
  const correlatedValue = correlated ? (variables[correlated.variable] ?? null) : undefined;
  if (correlated && isScalar(correlatedValue)) filters.push({ [correlated.field]: correlatedValue });
  return filters;
}

function createLookup(findStored: TFindStored, copyJoined: boolean, contextFor: (copy: boolean) => Context) {
  return (collection: Iterator, expr: unknown, options: Options): Iterator => {
    const spec = readLookupSpec(expr);
    const stages = spec.pipeline ?? [];
    // Leading `$match`es that do not depend on the input document filter the foreign collection once.
    let leading = 0;
    while (leading < stages.length && isPlainObject(stages[leading]?.$match) && !mentionsVariablesOrExpr(stages[leading]?.$match)) leading++;
    const baseFilters = stages.slice(0, leading).map((stage) => stage.$match as TFilter);
    const rest = stages.slice(leading);
    const copyInput = copyJoined || !isReadOnlyPipeline(rest);
    const correlated = correlatedEquality(rest[0]);
    let uncorrelated: TDocument[] | undefined;

    return collection.map((value: unknown) => {
      const document = value as Record<string, unknown>;
      const variables = spec.let ? (evalExpr(document, spec.let, options) as Record<string, unknown>) : {};
      const filters = joinFilters(spec, baseFilters, document, variables, correlated);
      let joined: TDocument[];
      if (filters.length === baseFilters.length) {
        uncorrelated ??= findStored(spec.from, filters.length === 0 ? {} : { $and: filters });
        joined = uncorrelated;
      } else {
        joined = findStored(spec.from, { $and: filters });
      }
      if (copyInput) joined = joined.map(cloneValue);
      const results =
        rest.length === 0
          ? joined
          : new Aggregator(rest, { context: contextFor(copyInput), variables: { ...options.variables, ...variables }, collectionResolver: options.collectionResolver }).run(joined);
      if (!spec.as.includes('.')) return { ...document, [spec.as]: results };
      const nested = cloneValue(document);
      setAtPath(nested, spec.as, results);
      return nested;
    });
  };
}

/** Runs stages over documents of this database: compiled where covered, mingo's otherwise. */
export class PipelineRunner {
  private readonly contexts = new Map<boolean, Context>();
  private readonly findStored: TFindStored;
  private readonly env: TCompileEnv;

  private readonly compiled: boolean;

  /** `compiled: false` runs every stage through mingo (the reference the compiled stages are tested against). */
  constructor(findStored: TFindStored, options: { compiled?: boolean } = {}) {
    this.findStored = findStored;
    this.compiled = options.compiled ?? true;
    this.env = { lookup: (spec) => (this.compiled ? this.compiledLookup(spec) : this.mingoStep({ $lookup: spec })), mingo: (stage) => this.mingoStep(stage) };
  }

  /** Runs `stages` over stored documents and returns copies the caller owns. */
  run(documents: TDocument[], stages: TStage[]): Record<string, unknown>[] {
    if (stages.length === 0) return documents.map(cloneValue);
    // Compiled stages never mutate their input; mingo stages that may get copies (mingoStep).
    if (!this.compiled) {
      const readOnly = isReadOnlyPipeline(stages);
      return new Aggregator(stages, { context: this.context(!readOnly), collectionResolver: (name: string) => this.findStored(name, {}).map(cloneValue) })
        .run<Record<string, unknown>>(readOnly ? documents : documents.map(cloneValue))
        .map(cloneValue);
    }
    return compileStages(stages, this.env)(documents, {}).map(cloneValue);
  }

  /** One stage through mingo, on copies when it may mutate them. */
  private mingoStep(stage: TStage): TStep {
    const readOnly = isReadOnlyPipeline([stage]);
    return (documents, vars) =>
      new Aggregator([stage], {
        context: this.context(!readOnly),
        variables: vars,
        collectionResolver: (name: string) => this.findStored(name, {}).map(cloneValue),
      }).run<Record<string, unknown>>(readOnly ? documents : documents.map(cloneValue));
  }

  /** `$lookup` as createLookup does it, with the sub-pipeline compiled. */
  private compiledLookup(expr: unknown): TStep {
    const spec = readLookupSpec(expr);
    if (spec.as.includes('.')) return this.mingoStep({ $lookup: expr });
    const stages = spec.pipeline ?? [];
    let leading = 0;
    while (leading < stages.length && isPlainObject(stages[leading]?.$match) && !mentionsVariablesOrExpr(stages[leading]?.$match)) leading++;
    const baseFilters = stages.slice(0, leading).map((stage) => stage.$match as TFilter);
    const rest = stages.slice(leading);
    const correlated = correlatedEquality(rest[0]);
    const runRest = rest.length === 0 ? undefined : compileStages(rest, this.env);
    let letVariables: TExpr | undefined;
    try {
      letVariables = spec.let ? compileExpression(spec.let) : undefined;
    } catch (error) {
      if (error instanceof NotCompiled) return this.mingoStep({ $lookup: expr });
      throw error;
    }
    const batchable = spec.localField !== undefined && spec.foreignField !== undefined && !spec.foreignField.includes('.') && !correlated;
    return (documents, vars) => {
      let uncorrelated: TDocument[] | undefined;
      const batched = batchable ? this.joinInBatches(spec, baseFilters, documents) : undefined;
      return documents.map((document, index) => {
        const variables = (letVariables ? letVariables(document, vars) : {}) as TVars;
        const joinedTogether = batched?.[index];
        if (joinedTogether) return { ...document, [spec.as]: runRest ? runRest(joinedTogether, { ...vars, ...variables }) : joinedTogether };
        const filters = joinFilters(spec, baseFilters, document, variables, correlated);
        let joined: TDocument[];
        if (filters.length === baseFilters.length) {
          uncorrelated ??= this.findStored(spec.from, filters.length === 0 ? {} : { $and: filters });
          joined = uncorrelated;
        } else {
          joined = this.findStored(spec.from, { $and: filters });
        }
        return { ...document, [spec.as]: runRest ? runRest(joined, { ...vars, ...variables }) : joined };
      });
    };
  }

  /**
   * The foreign documents of every input document whose local value is one string (an id, the
   * usual join), read with one query per 500 values instead of one per document; others get
   * undefined and are joined one by one. A foreign document joins a value when its field is that
   * string or an array holding it — what `{field: {$in: [value]}}` matches.
   */
  private joinInBatches(spec: TLookupSpec, baseFilters: TFilter[], documents: TDoc[]): (TDocument[] | undefined)[] {
    const localPath = (spec.localField as string).split('.');
    const foreignField = spec.foreignField as string;
    const locals = documents.map((document) => {
      const values = valuesAtPath(document, localPath);
      return values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
    });
    const wanted = [...new Set(locals.filter((local): local is string => local !== undefined))];
    const byValue = new Map<string, TDocument[]>();
    for (let start = 0; start < wanted.length; start += 500) {
      const chunk = wanted.slice(start, start + 500);
      const inChunk = new Set(chunk);
      for (const found of this.findStored(spec.from, { $and: [...baseFilters, { [foreignField]: { $in: chunk } }] })) {
        const value = found[foreignField];
        for (const key of new Set(Array.isArray(value) ? value : [value])) {
          if (typeof key !== 'string' || !inChunk.has(key)) continue;
          const list = byValue.get(key);
          if (list) list.push(found);
          else byValue.set(key, [found]);
        }
      }
    }
    return locals.map((local) => (local === undefined ? undefined : (byValue.get(local) ?? [])));
  }

  private context(copyJoined: boolean): Context {
    let context = this.contexts.get(copyJoined);
    if (!context) {
      context = Context.init({ ...BASE_OPERATORS, pipeline: pipelineStages(createLookup(this.findStored, copyJoined, (copy) => this.context(copy))) });
      this.contexts.set(copyJoined, context);
    }
    return context;
  }
}
