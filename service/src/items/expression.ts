import { InvalidRequest } from '../errors';
import type { components } from '../generated/openapi-types';
import { LIMITS } from '../limits';

/** A promotion's `customer.segments`, as the API document defines it (three levels at most). */
export type TargetingExpression = components['schemas']['TargetingExpression'];

/** Any level of an expression, seen by code that walks it without caring how deep it is. */
type Term = { id: string[] } | { not: Term } | { and: Term[] } | { or: Term[] };

const asTerm = (expression: TargetingExpression): Term => expression as Term;

/**
 * Whether the expression holds for a shopper profile in exactly the segments `isMember` accepts.
 * `{id: [A, B]}` is membership of A or B; `not`, `and`, `or` are the logical operators. A deleted
 * segment has no members, so the caller's `isMember` answers false for it.
 */
export function evaluate(expression: TargetingExpression, isMember: (segmentId: string) => boolean): boolean {
  const walk = (term: Term): boolean => {
    if ('id' in term) return term.id.some(isMember);
    if ('not' in term) return !walk(term.not);
    if ('and' in term) return term.and.every(walk);
    return term.or.some(walk);
  };
  return walk(asTerm(expression));
}

/**
 * True when the expression holds for a profile in no segment at all (some `not` makes it so).
 * Such a promotion can apply to a profile whose segments it never names, so it is kept where an
 * eligibility read finds it without looking at any segment.
 */
export function holdsOutsideEverySegment(expression: TargetingExpression): boolean {
  return evaluate(expression, () => false);
}

/** Every segment id the expression writes, repeats included, in the order written. */
function idsWritten(expression: TargetingExpression): string[] {
  const walk = (term: Term): string[] => {
    if ('id' in term) return term.id;
    if ('not' in term) return walk(term.not);
    return ('and' in term ? term.and : term.or).flatMap(walk);
  };
  return walk(asTerm(expression));
}

/** The distinct segment ids the expression names, in the order they first appear. */
export function namedSegmentIds(expression: TargetingExpression): string[] {
  return [...new Set(idsWritten(expression))];
}

/** The expression as it is stored on the node and on each named segment's targetings item. */
export function storedExpression(expression: TargetingExpression): string {
  return JSON.stringify(expression);
}

/**
 * What the document's schema cannot say. Distinct ids bound the one DynamoDB transaction a
 * targeting write is (a segment named twice costs nothing more); the stored size bounds the copy
 * each named segment keeps, 250 of which share one item (docs/promotions.md, "Limits").
 */
export function checkExpressionSize(expression: TargetingExpression): void {
  const distinct = namedSegmentIds(expression).length;
  if (distinct > LIMITS.segmentIdsPerExpression) {
    throw new InvalidRequest(`An expression may name at most ${LIMITS.segmentIdsPerExpression} distinct segment ids.`, {
      body: `names ${distinct} distinct segment ids; at most ${LIMITS.segmentIdsPerExpression} are allowed (a segment named again counts once)`,
    });
  }
  const bytes = Buffer.byteLength(storedExpression(expression));
  if (bytes > LIMITS.expressionBytes) {
    throw new InvalidRequest(`An expression may take at most ${LIMITS.expressionBytes} bytes of JSON.`, {
      body: `takes ${bytes} bytes as JSON without spaces; at most ${LIMITS.expressionBytes} are allowed`,
    });
  }
}
