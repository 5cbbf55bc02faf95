import { describe, expect, it } from 'vitest';
import { alphaInterval, krippendorffAlpha, profilesOf, unitsOfObservers, type AlphaLevel } from '@/lib/insights/krippendorff';
import { poisson, seededRandom } from '@/lib/insights/random';

const _ = null;

/**
 * Krippendorff, K. (2011). "Computing Krippendorff's Alpha-Reliability", University of
 * Pennsylvania, https://repository.upenn.edu/asc_papers/43 — example C: four observers, twelve
 * units, values 1–5, "." missing. Published: nominal .743, ordinal .815, interval .849.
 */
const EXAMPLE_C = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

/**
 * The three-observer, fifteen-unit example of the `krippendorff` Python package
 * (pln-fing-udelar/fast-krippendorff, tests/test_krippendorff.py: test_nominal_metric_reliability_data
 * = 0.691358 and test_interval_metric = 0.810845), the data Wikipedia's "A computational example"
 * of Krippendorff's alpha uses.
 */
const THREE_OBSERVERS = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];

function alphaOf(observers: (number | null)[][], level: AlphaLevel, domain = [1, 2, 3, 4, 5]) {
  return krippendorffAlpha(profilesOf(unitsOfObservers(observers), domain), domain, level);
}

describe("Krippendorff's alpha reproduces the published values", () => {
  it('example C of Krippendorff (2011): nominal 0.743, ordinal 0.815, interval 0.849', () => {
    const nominal = alphaOf(EXAMPLE_C, 'nominal');
    expect(nominal.alpha).toBeCloseTo(0.743, 3);
    expect(alphaOf(EXAMPLE_C, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    expect(alphaOf(EXAMPLE_C, 'interval').alpha).toBeCloseTo(0.849, 3);
    // Unit 12 has one value: 11 pairable units holding 40 values.
    expect(nominal).toMatchObject({ units: 11, pairable: 40 });
  });

  it('the three-observer, fifteen-unit example: nominal 0.691, interval 0.811', () => {
    expect(alphaOf(THREE_OBSERVERS, 'nominal', [1, 2, 3, 4]).alpha).toBeCloseTo(0.691358, 6);
    expect(alphaOf(THREE_OBSERVERS, 'interval', [1, 2, 3, 4]).alpha).toBeCloseTo(0.810845, 6);
  });

  it('gives the same alpha for units given one by one and as weighted profiles', () => {
    const domain = [1, 2, 3, 4, 5];
    const single = profilesOf(unitsOfObservers(EXAMPLE_C), domain);
    const doubled = single.map((p) => ({ ...p, weight: 2 }));
    const repeated = [...single, ...single];
    expect(krippendorffAlpha(doubled, domain, 'ordinal').alpha).toBeCloseTo(krippendorffAlpha(repeated, domain, 'ordinal').alpha!, 12);
  });
});

describe("Krippendorff's alpha at the edges", () => {
  it('is undefined, not NaN, when every claim has one rating', () => {
    const result = alphaOf([[1, 2, 3], [_, _, _]], 'nominal');
    expect(result).toEqual({ alpha: null, units: 0, pairable: 0, reason: 'too_few_units' });
  });

  it('is undefined ("not enough variation") when everyone agrees on one label', () => {
    const result = alphaOf([[3, 3, 3], [3, 3, 3], [3, _, 3]], 'ordinal');
    expect(result).toEqual({ alpha: null, units: 3, pairable: 8, reason: 'no_variation' });
    expect(alphaOf([[3, 3, 3], [3, 3, 3]], 'nominal').alpha).toBeNull();
  });

  it('works when values are missing everywhere but two', () => {
    // Two values that agree: nothing varies, so nothing to measure agreement against.
    expect(alphaOf([[2, _, _], [2, _, _]], 'nominal')).toEqual({ alpha: null, units: 1, pairable: 2, reason: 'no_variation' });
    // Two that differ, on one unit: observed equals expected disagreement, alpha 0.
    expect(alphaOf([[1, _, _], [2, _, _]], 'nominal')).toEqual({ alpha: 0, units: 1, pairable: 2 });
    // Two units, each rated by two: perfect agreement on different values is alpha 1.
    expect(alphaOf([[1, _, 4], [1, _, 4]], 'ordinal').alpha).toBe(1);
    // Total disagreement on a two-unit sample: below zero, as alpha may be.
    expect(alphaOf([[1, 4], [4, 1]], 'interval').alpha).toBeLessThan(0);
  });

  it('is 1 for perfect agreement with variation', () => {
    expect(alphaOf([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], 'nominal').alpha).toBe(1);
    expect(alphaOf([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], 'interval').alpha).toBe(1);
  });
});

describe('the bootstrap interval', () => {
  const domain = [1, 2, 3, 4, 5];
  const profiles = profilesOf(unitsOfObservers(EXAMPLE_C), domain);

  it('is seeded: the same data gives the same interval', () => {
    const first = alphaInterval(profiles, domain, 'ordinal');
    const second = alphaInterval(profiles, domain, 'ordinal');
    expect(first).not.toBeNull();
    expect(second).toEqual(first);
    expect(alphaInterval(profiles, domain, 'ordinal', { seed: 99 })).not.toEqual(first);
  });

  it('holds the point estimate and narrows with more claims', () => {
    const small = alphaInterval(profiles, domain, 'ordinal')!;
    const alpha = krippendorffAlpha(profiles, domain, 'ordinal').alpha!;
    expect(small.low).toBeLessThanOrEqual(alpha);
    expect(small.high).toBeGreaterThanOrEqual(alpha);
    const large = alphaInterval(profiles.map((p) => ({ ...p, weight: 400 })), domain, 'ordinal')!;
    expect(large.high - large.low).toBeLessThan((small.high - small.low) / 5);
    expect(large.low).toBeLessThanOrEqual(alpha);
    expect(large.high).toBeGreaterThanOrEqual(alpha);
  });

  it('is null when there is nothing to resample', () => {
    expect(alphaInterval(profilesOf([[1], [2]], domain), domain, 'nominal')).toBeNull();
    expect(alphaInterval(profilesOf([[3, 3], [3, 3]], domain), domain, 'nominal')).toBeNull();
  });
});

describe('the Poisson draws behind the bootstrap', () => {
  it.each([0.5, 3, 29, 31, 400, 100_000])('have mean and variance λ = %d', (lambda) => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 20_000 }, () => poisson(lambda, random));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean - lambda)).toBeLessThan(4 * Math.sqrt(lambda / draws.length));
    expect(variance / lambda).toBeGreaterThan(0.95);
    expect(variance / lambda).toBeLessThan(1.05);
    expect(draws.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });
});
