import type { RatingLabel } from '@/db/enums';
import { RATING_SCALE, WORST_RATING, BEST_RATING } from '@/lib/review/rating-scale';

/**
 * A mapping PROPOSED for a numeric rating given with its scale: the value's position between
 * worst and best, placed on our five ordered steps (accurate … inaccurate). Proposed, never
 * applied: an editor confirms it on Settings → Fact-checks, because publishers' scales are not
 * all linear (PolitiFact's 1 of 6 is "Pants on Fire", below plain "False").
 */
export function proposeNumericMapping(value: number | null, worst: number | null, best: number | null): RatingLabel | null {
  if (value === null || best === null) return null;
  const low = worst ?? 1;
  if (best === low) return null;
  const position = (value - low) / (best - low);
  if (!(position >= 0 && position <= 1)) return null;
  const ours = Math.round(WORST_RATING + position * (BEST_RATING - WORST_RATING));
  return RATING_SCALE.find((step) => step.value === ours)?.label ?? null;
}
