/**
 * The two tiers of a match, by score (lib/matching/rank.ts). The thresholds were measured, not
 * chosen: on the CLEF 2020 CheckThat! tweets (tests/bench/matching.ts, `npm run bench -- --only
 * matching`, which prints them again with each run; BENCHMARKS.md says how):
 * - SAME: the lowest score at which the top match is the right claim at least 90% of the time
 *   (precision at 1 ≥ 0.9 over the queries whose best score reaches it);
 * - RELATED: the score that 95% of the right matches reach; below it a candidate is dropped, since
 *   the right claim almost never scores so low.
 */

export const SAME_CLAIM_THRESHOLD = 0.445;
export const RELATED_THRESHOLD = 0.38;

export type MatchTier = 'same' | 'related';

/** A score's tier, or null below the related threshold. */
export function tierOf(score: number): MatchTier | null {
  if (score >= SAME_CLAIM_THRESHOLD) return 'same';
  if (score >= RELATED_THRESHOLD) return 'related';
  return null;
}
