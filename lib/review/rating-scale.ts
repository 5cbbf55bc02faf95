import type { RatingLabel } from '@/db/schema';

/**
 * The rating scale, best to worst, in one module so an organisation can later
 * configure its own labels. `value` is the ClaimReview ratingValue; unverifiable is off the ordinal.
 */
export interface RatingStep {
  label: RatingLabel;
  name: string;
  value: number | null;
}

export const RATING_SCALE: readonly RatingStep[] = [
  { label: 'accurate', name: 'Accurate', value: 5 },
  { label: 'mostly_accurate', name: 'Mostly accurate', value: 4 },
  { label: 'mixed', name: 'Mixed', value: 3 },
  { label: 'mostly_inaccurate', name: 'Mostly inaccurate', value: 2 },
  { label: 'inaccurate', name: 'Inaccurate', value: 1 },
  { label: 'unverifiable', name: 'Unverifiable', value: null },
];

export const BEST_RATING = 5;
export const WORST_RATING = 1;

export function ratingStep(label: RatingLabel): RatingStep {
  const step = RATING_SCALE.find((s) => s.label === label);
  if (!step) throw new Error(`Unknown rating label ${label}`);
  return step;
}

/** Steps apart on the ordinal, or null when either label is off it (unverifiable). */
export function ratingDistance(a: RatingLabel, b: RatingLabel): number | null {
  const va = ratingStep(a).value;
  const vb = ratingStep(b).value;
  return va === null || vb === null ? null : Math.abs(va - vb);
}
