/**
 * The two tiers of a match, by score (lib/matching/rank.ts). The thresholds were measured, not
 * chosen: on the CLEF 2020 CheckThat! tweets (tests/bench/matching.ts, `npm run bench -- --only
 * matching`, which prints them again with each run; BENCHMARKS.md says how):
 * - SAME: the lowest score at which the top match is the right claim at least 90% of the time
 *   (precision at 1 ≥ 0.9 over the queries whose best score reaches it);
 * - RELATED: the score that 95% of the right matches reach; below it a candidate is dropped, since
 *   the right claim almost never scores so low.
 * A candidate scored without a sentence vector (not read yet, or no encoder) is scored with other
 * weights, so its score is measured against the thresholds of that method.
 */

export const SAME_CLAIM_THRESHOLD = 0.367;
export const RELATED_THRESHOLD = 0.323;
/** For a score without a sentence vector (measured on the method without them). */
export const SENTENCELESS_SAME_CLAIM_THRESHOLD = 0.445;
export const SENTENCELESS_RELATED_THRESHOLD = 0.38;

export type MatchTier = 'same' | 'related';

/** A score's tier, or null below the related threshold; `sentence`: whether a sentence vector counted in the score. */
export function tierOf(score: number, sentence = true): MatchTier | null {
  const [same, related] = sentence ? [SAME_CLAIM_THRESHOLD, RELATED_THRESHOLD] : [SENTENCELESS_SAME_CLAIM_THRESHOLD, SENTENCELESS_RELATED_THRESHOLD];
  if (score >= same) return 'same';
  if (score >= related) return 'related';
  return null;
}
