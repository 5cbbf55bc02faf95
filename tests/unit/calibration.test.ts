import { describe, expect, it } from 'vitest';
import { brierScore, calibrate, murphyDecomposition } from '@/lib/insights/calibration';

describe('Brier score and its decomposition', () => {
  it('outcomes [0,1,1,0] with confidences [0.1,0.9,0.8,0.3] give 0.0375', () => {
    expect(brierScore([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0])).toBeCloseTo(0.0375, 12);
  });

  it('0.2 on five items [0,0,0,1,0] and 0.8 on five [1,1,0,1,1]: 0.16 = 0 − 0.09 + 0.25', () => {
    const parts = murphyDecomposition([0.2, 0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8], [0, 0, 0, 1, 0, 1, 1, 0, 1, 1])!;
    expect(parts.score).toBeCloseTo(0.16, 12);
    expect(parts.reliability).toBeCloseTo(0, 12);
    expect(parts.resolution).toBeCloseTo(0.09, 12);
    expect(parts.uncertainty).toBeCloseTo(0.25, 12);
    expect(parts.reliability - parts.resolution + parts.uncertainty).toBeCloseTo(parts.score, 12);
  });

  it('has no score without ratings', () => {
    expect(brierScore([], [])).toBeNull();
    expect(calibrate([]).brier).toBeNull();
  });
});

describe('calibration against published verdicts', () => {
  const pairs = [
    { label: 'accurate', verdict: 'accurate', confidence: 90 },
    { label: 'mostly_accurate', verdict: 'accurate', confidence: 60 },
    { label: 'inaccurate', verdict: 'mixed', confidence: 100 },
    { label: 'unverifiable', verdict: 'mixed', confidence: 10 },
    { label: 'mixed', verdict: 'mixed', confidence: 70, count: 2 },
  ] as const;

  it('counts exact and within-one agreement, bias and the confusion matrix', () => {
    const result = calibrate(pairs);
    expect(result.count).toBe(6);
    expect(result.exact).toBe(3);
    expect(result.withinOne).toBe(4);
    expect(result.onScale).toBe(5);
    // (0 − 1 − 2 + 0 + 0) / 5: a little harsher than the desk.
    expect(result.bias).toBeCloseTo(-0.6, 12);
    expect(result.confusion.mixed.mixed).toBe(2);
    expect(result.confusion.unverifiable.mixed).toBe(1);
    expect(result.confusion.mostly_accurate.accurate).toBe(1);
  });

  it('bins confidence in fifths, the top bin closed at 100, with counts and hit rates', () => {
    const { bins, brier } = calibrate(pairs);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 3, 2]);
    expect(bins[1]!.observed).toBeNull();
    expect(bins[3]!.observed).toBeCloseTo(2 / 3, 12);
    expect(bins[4]!.meanConfidence).toBeCloseTo(0.95, 12);
    expect(bins[4]!.observed).toBe(0.5);
    // (0.01 + 0.36 + 1 + 0.01 + 2 × 0.09) / 6
    expect(brier!.score).toBeCloseTo(1.56 / 6, 12);
  });
});
