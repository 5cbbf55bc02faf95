import type { RatingLabel } from '@/db/enums';
import { RATING_LABELS } from '@/db/enums';
import { ratingStep } from '@/lib/review/rating-scale';

/**
 * Calibration: how a reviewer's ratings and confidence compare with the verdicts the desk
 * published. A confidence (0–100) is read as the reviewer's probability that their label is the
 * one the verdict ends up with, so the outcome of a rating is 1 when the labels match, else 0.
 */

/** One reviewer's rating of one published claim beside its verdict; `count` rows like it (grouped by SQL). */
export interface RatedPair {
  label: RatingLabel;
  verdict: RatingLabel;
  /** 0–100. */
  confidence: number;
  count?: number;
}

export const CONFIDENCE_BINS = 5;

export interface ReliabilityBin {
  /** Confidence range as probabilities: [from, to), the last bin closed at 1. */
  from: number;
  to: number;
  count: number;
  /** Mean stated confidence in the bin (0–1); null when empty. */
  meanConfidence: number | null;
  /** How often ratings in the bin matched the verdict (0–1); null when empty. */
  observed: number | null;
}

export interface BrierDecomposition {
  score: number;
  reliability: number;
  resolution: number;
  uncertainty: number;
}

export interface Calibration {
  count: number;
  exact: number;
  /** Ratings at most one step from the verdict on the scale (an exact match counts; unverifiable matches only itself). */
  withinOne: number;
  /** Mean signed step difference (rating − verdict) where both are on the scale: above 0 kinder than the desk, below harsher. */
  bias: number | null;
  /** Pairs where both are on the scale (what bias is averaged over). */
  onScale: number;
  /** confusion[label][verdict] = how many ratings gave `label` where the verdict was `verdict`. */
  confusion: Record<RatingLabel, Record<RatingLabel, number>>;
  brier: BrierDecomposition | null;
  bins: ReliabilityBin[];
}

function binOf(probability: number): number {
  return Math.min(CONFIDENCE_BINS - 1, Math.max(0, Math.floor(probability * CONFIDENCE_BINS)));
}

interface Weighted {
  probability: number;
  outcome: 0 | 1;
  count: number;
}

/** The Brier score of probabilities against outcomes. */
export function brierScore(probabilities: readonly number[], outcomes: readonly (0 | 1)[]): number | null {
  return decompose(probabilities.map((p, i) => ({ probability: p, outcome: outcomes[i]!, count: 1 })))?.score ?? null;
}

/**
 * The Brier score and Murphy's decomposition over five confidence bins: score ≈ reliability −
 * resolution + uncertainty, exactly when the forecasts within each bin are equal (otherwise the
 * difference is the spread of forecasts within bins, which the score keeps and the parts do not).
 */
export function murphyDecomposition(probabilities: readonly number[], outcomes: readonly (0 | 1)[]): BrierDecomposition | null {
  return decompose(probabilities.map((p, i) => ({ probability: p, outcome: outcomes[i]!, count: 1 })));
}

function decompose(items: readonly Weighted[]): BrierDecomposition | null {
  const bins = summariseBins(items);
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  let squared = 0;
  let hits = 0;
  for (const { probability, outcome, count } of items) {
    squared += count * (probability - outcome) ** 2;
    hits += count * outcome;
  }
  const base = hits / total;
  let reliability = 0;
  let resolution = 0;
  for (const bin of bins) {
    if (bin.count === 0) continue;
    reliability += bin.count * (bin.meanConfidence! - bin.observed!) ** 2;
    resolution += bin.count * (bin.observed! - base) ** 2;
  }
  return { score: squared / total, reliability: reliability / total, resolution: resolution / total, uncertainty: base * (1 - base) };
}

function summariseBins(items: readonly Weighted[]): ReliabilityBin[] {
  const sums = Array.from({ length: CONFIDENCE_BINS }, () => ({ count: 0, confidence: 0, hits: 0 }));
  for (const { probability, outcome, count } of items) {
    const bin = sums[binOf(probability)]!;
    bin.count += count;
    bin.confidence += count * probability;
    bin.hits += count * outcome;
  }
  return sums.map((bin, i) => ({
    from: i / CONFIDENCE_BINS,
    to: (i + 1) / CONFIDENCE_BINS,
    count: bin.count,
    meanConfidence: bin.count ? bin.confidence / bin.count : null,
    observed: bin.count ? bin.hits / bin.count : null,
  }));
}

function emptyConfusion(): Record<RatingLabel, Record<RatingLabel, number>> {
  const row = () => Object.fromEntries(RATING_LABELS.map((label) => [label, 0])) as Record<RatingLabel, number>;
  return Object.fromEntries(RATING_LABELS.map((label) => [label, row()])) as Record<RatingLabel, Record<RatingLabel, number>>;
}

/** Every calibration figure for a set of ratings of published claims. */
export function calibrate(pairs: readonly RatedPair[]): Calibration {
  const confusion = emptyConfusion();
  const items: Weighted[] = [];
  let count = 0;
  let exact = 0;
  let withinOne = 0;
  let onScale = 0;
  let signed = 0;
  for (const pair of pairs) {
    const n = pair.count ?? 1;
    if (n <= 0) continue;
    count += n;
    confusion[pair.label][pair.verdict] += n;
    const match = pair.label === pair.verdict;
    if (match) exact += n;
    const a = ratingStep(pair.label).value;
    const b = ratingStep(pair.verdict).value;
    if (a !== null && b !== null) {
      onScale += n;
      signed += n * (a - b);
      if (Math.abs(a - b) <= 1) withinOne += n;
    } else if (match) {
      withinOne += n;
    }
    items.push({ probability: pair.confidence / 100, outcome: match ? 1 : 0, count: n });
  }
  return {
    count,
    exact,
    withinOne,
    bias: onScale ? signed / onScale : null,
    onScale,
    confusion,
    brier: decompose(items),
    bins: summariseBins(items),
  };
}
