import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../infra/store/embedded/compile-matcher.ts';
import { compileQuery } from '../../infra/store/embedded/mingo-context.ts';
import type { TDocument, TFilter } from '../../shared/ports/document-store.ts';
import { seeded } from '../support/seeded-random.ts';

/**
 * The direct predicates must decide exactly as mingo (MongoDB's semantics) does: random filters
 * of simple conditions, `$and` and `$or`, over documents whose fields are scalars, missing, null
 * or arrays (nested ones included), or sub-documents reached by dotted paths, compared one by one.
 */
describe('compileMatcher', () => {
  it('agrees with mingo on random filters over scalars, arrays and dotted paths', () => {
    const random = seeded(2026);
    const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
    const scalars = [null, 0, 1, 2, 5, 'a', 'b', 'ca', 'cb', 'c.x', 'z', true, new Date('2026-01-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')];
    const value = (): unknown => {
      const roll = random();
      if (roll < 0.1) return undefined;
      if (roll < 0.55) return pick(scalars);
      const array: unknown[] = Array.from({ length: Math.floor(random() * 4) }, () => pick(scalars));
      if (random() < 0.1) array.push([pick(scalars)]);
      return array;
    };
    // `c` holds a sub-document (or an array of them, a scalar, null, nothing) for dotted paths.
    const nested = (): unknown => {
      const roll = random();
      if (roll < 0.1) return undefined;
      if (roll < 0.2) return pick(scalars);
      const document = (): Record<string, unknown> => {
        const inner: Record<string, unknown> = {};
        const innerValue = value();
        if (innerValue !== undefined) inner.a = innerValue;
        if (random() < 0.3) inner.d = { a: value() ?? null };
        return inner;
      };
      return roll < 0.8 ? document() : [document(), document()];
    };
    const documents: TDocument[] = Array.from({ length: 160 }, (_, index) => {
      const document: TDocument = { _id: `d${index}` };
      for (const field of ['a', 'b']) {
        const fieldValue = value();
        if (fieldValue !== undefined) document[field] = fieldValue;
      }
      const inner = nested();
      if (inner !== undefined) document.c = inner;
      return document;
    });
    const condition = (): unknown => {
      const operand = pick(scalars.filter((scalar) => scalar !== true));
      switch (Math.floor(random() * 9)) {
        case 0:
          return operand;
        case 1:
          return { $ne: operand };
        case 2:
          return { $in: [pick(scalars), pick(scalars)] };
        case 3:
          return { $nin: [pick(scalars), pick(scalars)] };
        case 4:
          return { [pick(['$gt', '$gte', '$lt', '$lte'])]: operand };
        case 5:
          return { $gte: pick([0, 'a', 1]), $lt: pick([2, 'c', 5]) };
        case 6:
          return { $exists: random() < 0.5 };
        case 7:
          return { $regex: pick(['^c', 'a', 'b$', '^z', '^c\\.', '^(c|z)', '^cb']), ...(random() < 0.3 ? { $options: 'i' } : {}) };
        default:
          return { $eq: operand };
      }
    };
    const filter = (depth: number): TFilter => {
      const roll = random();
      if (depth < 2 && roll < 0.2) return { $and: [filter(depth + 1), filter(depth + 1)] };
      if (depth < 2 && roll < 0.4) return { $or: [filter(depth + 1), filter(depth + 1)] };
      if (roll < 0.5) return { c: { $elemMatch: random() < 0.5 ? { a: condition() } : { a: condition(), 'd.a': condition() } } };
      const built: TFilter = { [pick(['a', 'b', 'c.a', 'c.d.a'])]: condition() };
      if (random() < 0.3) built._id = { $gt: pick(['d1', 'd5', 'd50']) };
      return built;
    };
    for (let round = 0; round < 600; round++) {
      const candidate = filter(0);
      const direct = compileMatcher(candidate);
      const reference = compileQuery(candidate);
      for (const document of documents) {
        expect(direct ? direct(document) : true, `${JSON.stringify(candidate)} on ${JSON.stringify(document)}`).toBe(reference.test(document));
      }
    }
  });
});
