import type { RatingLabel } from '@/db/schema';
import { ratingDistance, ratingStep } from '@/lib/review/rating-scale';

/** One reviewer's current (not superseded) assessment of a claim. */
export interface CurrentAssessment {
  assessmentId: number;
  reviewerId: number;
  reviewerName: string;
  label: RatingLabel;
  confidence: number;
}

export interface Divergence {
  /** Identifies the set of current assessments, so a resolved divergence only reopens when it changes. */
  key: string;
  /** A sentence for the disagreements queue naming the widest-apart pair. */
  reason: string;
  /** Every reviewer in at least one diverging pair, ascending. */
  reviewerIds: number[];
}

/** Steps apart on the scale from which two ratings count as a disagreement (README.md, "How the workflow behaves"). */
export const DIVERGENCE_STEPS = 2;

interface DivergentPair {
  first: CurrentAssessment;
  second: CurrentAssessment;
  /** Steps apart, or null when exactly one of the two is unverifiable. */
  steps: number | null;
}

function isUnverifiable(a: CurrentAssessment): boolean {
  return ratingStep(a.label).value === null;
}

function divergentPair(x: CurrentAssessment, y: CurrentAssessment): DivergentPair | null {
  // Each reviewer has one current assessment per claim; a reviewer cannot disagree with themselves.
  if (x.reviewerId === y.reviewerId) return null;
  const [first, second] = x.assessmentId <= y.assessmentId ? [x, y] : [y, x];
  const steps = ratingDistance(first.label, second.label);
  if (steps === null) {
    // Both unverifiable is agreement; one unverifiable is a disagreement about whether it can be checked.
    return isUnverifiable(first) && isUnverifiable(second) ? null : { first, second, steps: null };
  }
  return steps >= DIVERGENCE_STEPS ? { first, second, steps } : null;
}

/**
 * Widest first: most steps apart on the ordinal, then an unverifiable pair; ties go to the earliest
 * assessments so the sentence does not depend on the order the rows arrived in.
 */
function widerFirst(p: DivergentPair, q: DivergentPair): number {
  const width = (d: DivergentPair) => d.steps ?? 0;
  return (
    width(q) - width(p) ||
    p.first.assessmentId - q.first.assessmentId ||
    p.second.assessmentId - q.second.assessmentId
  );
}

function describePair({ first, second, steps }: DivergentPair): string {
  const name = (a: CurrentAssessment) => ratingStep(a.label).name;
  if (steps === null) {
    const [unverifiable, rated] = isUnverifiable(first) ? [first, second] : [second, first];
    return `${unverifiable.reviewerName} rated it ${name(unverifiable)}; ${rated.reviewerName} rated it ${name(rated)}.`;
  }
  return `${first.reviewerName} rated it ${name(first)} and ${second.reviewerName} rated it ${name(second)}: ${steps} steps apart.`;
}

/** The trigger key for a set of current assessments: any new rating gives a new row id, so a new key. */
export function assessmentSetKey(assessments: readonly CurrentAssessment[]): string {
  const ids = [...new Set(assessments.map((a) => a.assessmentId))].sort((a, b) => a - b);
  return `reviewers:${ids.join(',')}`;
}

/**
 * Whether the current assessments of one claim diverge: two of them two or more
 * steps apart, or one unverifiable and another not. Confidence plays no part in detection.
 */
export function findReviewerDivergence(assessments: readonly CurrentAssessment[]): Divergence | null {
  const pairs: DivergentPair[] = [];
  for (let i = 0; i < assessments.length; i++) {
    for (let j = i + 1; j < assessments.length; j++) {
      const x = assessments[i];
      const y = assessments[j];
      if (!x || !y) continue;
      const pair = divergentPair(x, y);
      if (pair) pairs.push(pair);
    }
  }
  const widest = pairs.sort(widerFirst)[0];
  if (!widest) return null;

  const reviewerIds = new Set(pairs.flatMap((p) => [p.first.reviewerId, p.second.reviewerId]));
  return {
    key: assessmentSetKey(assessments),
    reason: describePair(widest),
    reviewerIds: [...reviewerIds].sort((a, b) => a - b),
  };
}
