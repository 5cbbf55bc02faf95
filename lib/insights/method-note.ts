import type { RatingLabel } from '@/db/enums';
import { RATING_LABELS } from '@/db/enums';
import { ratingStep } from '@/lib/review/rating-scale';

/**
 * How a verdict's rating was reached, without names: how many independent assessments, how they
 * spread on the scale, how many matched the published rating, how many reviewers' disagreements
 * were discussed and resolved. Frozen into a published version's snapshot (db/verdict-snapshot.ts)
 * and read back from there by the public page and ClaimReview; the claim page computes it live.
 */
export interface RatingMethod {
  assessments: number;
  matched: number;
  resolvedDisagreements: number;
  /** How many gave each label. */
  labels: Partial<Record<RatingLabel, number>>;
}

export function ratingMethodOf(labels: readonly RatingLabel[], verdict: RatingLabel, resolvedDisagreements: number): RatingMethod {
  const counts: Partial<Record<RatingLabel, number>> = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return { assessments: labels.length, matched: counts[verdict] ?? 0, resolvedDisagreements, labels: counts };
}

/** The lowest and highest labels given on the scale (unverifiable is off it), or null. */
export function ratingSpread(method: RatingMethod): { lowest: RatingLabel; highest: RatingLabel; steps: number } | null {
  const onScale = RATING_LABELS.filter((label) => (method.labels[label] ?? 0) > 0 && ratingStep(label).value !== null);
  const highest = onScale[0];
  const lowest = onScale[onScale.length - 1];
  if (!highest || !lowest) return null;
  return { lowest, highest, steps: ratingStep(highest).value! - ratingStep(lowest).value! };
}

const WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

export function countWord(n: number): string {
  return WORDS[n] ?? String(n);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The short note for readers: "Rated independently by three reviewers who could not see each
 * other's ratings; two matched the published rating; one disagreement was discussed and resolved."
 */
export function methodNote(method: RatingMethod): string {
  const n = method.assessments;
  if (n === 0) return 'No reviewer’s rating was recorded before publication.';
  const who =
    n === 1
      ? 'Rated by one reviewer'
      : `Rated independently by ${countWord(n)} reviewers who could not see each other’s ratings`;
  const matched =
    n === 1
      ? method.matched === 1
        ? 'the rating matched the published one'
        : 'the published rating differs from it'
      : method.matched === n
        ? `all ${countWord(n)} matched the published rating`
        : `${countWord(method.matched)} matched the published rating`;
  const k = method.resolvedDisagreements;
  const resolved =
    k === 0 ? '' : k === 1 ? '; one disagreement was discussed and resolved' : `; ${countWord(k)} disagreements were discussed and resolved`;
  return `${capitalised(who)}; ${matched}${resolved}.`;
}
