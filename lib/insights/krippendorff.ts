import { poisson, seededRandom } from './random';

/**
 * Krippendorff's alpha by the coincidence-matrix method (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability"), for nominal, ordinal and interval data with missing values.
 * Written here because the npm packages we found cannot do ordinal.
 *
 * Units are given as profiles: how many coders gave each value of the domain to one unit, with a
 * weight saying how many units share that profile. A desk of thousands of claims has only a few
 * hundred distinct profiles (six labels, two to four reviewers), so the matrix, and every bootstrap
 * replicate, costs the number of profiles, not the number of claims.
 */

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

export interface UnitProfile {
  /** counts[v]: how many coders gave the unit the domain's v-th value. */
  counts: readonly number[];
  /** How many units have exactly these counts. */
  weight: number;
}

export type AlphaResult =
  | { alpha: number; units: number; pairable: number }
  /** too_few_units: no unit has two values; no_variation: expected disagreement is zero (one value throughout). */
  | { alpha: null; units: number; pairable: number; reason: 'too_few_units' | 'no_variation' };

/** Units as rows of values (null = missing) → profiles over the domain's values. */
export function profilesOf<T>(units: readonly (readonly (T | null)[])[], domain: readonly T[]): UnitProfile[] {
  return units.map((values) => {
    const counts = domain.map(() => 0);
    for (const value of values) {
      if (value === null) continue;
      const index = domain.indexOf(value);
      if (index < 0) throw new RangeError(`Value ${String(value)} is not in the domain`);
      counts[index]! += 1;
    }
    return { counts, weight: 1 };
  });
}

/** Observers as rows, units as columns (as Krippendorff prints them) → units as rows. */
export function unitsOfObservers<T>(observers: readonly (readonly (T | null)[])[]): (T | null)[][] {
  const width = Math.max(0, ...observers.map((row) => row.length));
  return Array.from({ length: width }, (_, unit) => observers.map((row) => row[unit] ?? null));
}

/** δ² for every pair of domain values, given the values' marginal totals (ordinal needs them). */
function squaredDistances(level: AlphaLevel, domain: readonly number[], totals: readonly number[]): number[][] {
  const size = domain.length;
  return Array.from({ length: size }, (_, c) =>
    Array.from({ length: size }, (_, k) => {
      if (c === k) return 0;
      if (level === 'nominal') return 1;
      if (level === 'interval') return (domain[c]! - domain[k]!) ** 2;
      const [low, high] = c < k ? [c, k] : [k, c];
      let between = 0;
      for (let g = low; g <= high; g++) between += totals[g]!;
      return (between - (totals[c]! + totals[k]!) / 2) ** 2;
    }),
  );
}

/**
 * Alpha over the profiles. `domain` holds the values in order (their numbers matter only for
 * interval; ordinal uses their order, nominal neither). Units with fewer than two values are not
 * pairable and contribute nothing.
 */
export function krippendorffAlpha(profiles: readonly UnitProfile[], domain: readonly number[], level: AlphaLevel): AlphaResult {
  const size = domain.length;
  const coincidences = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  let units = 0;
  let pairable = 0;
  for (const { counts, weight } of profiles) {
    let values = 0;
    for (const count of counts) values += count;
    if (values < 2 || weight <= 0) continue;
    units += weight;
    pairable += weight * values;
    for (let c = 0; c < size; c++) {
      const nc = counts[c]!;
      if (nc === 0) continue;
      for (let k = 0; k < size; k++) {
        const pairs = nc * (counts[k]! - (c === k ? 1 : 0));
        if (pairs > 0) coincidences[c]![k]! += (weight * pairs) / (values - 1);
      }
    }
  }
  if (units === 0) return { alpha: null, units, pairable, reason: 'too_few_units' };
  const totals = coincidences.map((row) => row.reduce((sum, x) => sum + x, 0));
  const n = totals.reduce((sum, x) => sum + x, 0);
  const delta = squaredDistances(level, domain, totals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      observed += coincidences[c]![k]! * delta[c]![k]!;
      expected += totals[c]! * totals[k]! * delta[c]![k]!;
    }
  }
  // Rounding can leave a hair above zero when every value is the same.
  if (expected <= 1e-12) return { alpha: null, units, pairable, reason: 'no_variation' };
  return { alpha: 1 - ((n - 1) * observed) / expected, units, pairable };
}

export interface AlphaInterval {
  low: number;
  high: number;
  /** Replicates that gave an alpha (a replicate with no variation gives none). */
  replicates: number;
}

export const BOOTSTRAP_REPLICATES = 1000;
const DEFAULT_SEED = 0x5eed;

/**
 * A 95% percentile interval by resampling units (claims). It is the Poisson bootstrap: each unit
 * is drawn Poisson(1) times instead of exactly N draws with replacement — the same thing as N
 * grows, and it lets a profile shared by f units be drawn Poisson(f) times in one step. Seeded, so
 * the same data always gives the same interval. Null when fewer than 95% of the replicates give an
 * alpha (too little variation for an interval to mean anything).
 */
export function alphaInterval(
  profiles: readonly UnitProfile[],
  domain: readonly number[],
  level: AlphaLevel,
  options: { replicates?: number; seed?: number } = {},
): AlphaInterval | null {
  const replicates = options.replicates ?? BOOTSTRAP_REPLICATES;
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const pairable = profiles.filter((p) => p.weight > 0 && p.counts.reduce((s, x) => s + x, 0) >= 2);
  if (pairable.length === 0) return null;
  const alphas: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const drawn = pairable.map((p) => ({ counts: p.counts, weight: poisson(p.weight, random) }));
    const result = krippendorffAlpha(drawn, domain, level);
    if (result.alpha !== null) alphas.push(result.alpha);
  }
  if (alphas.length < replicates * 0.95) return null;
  alphas.sort((a, b) => a - b);
  const at = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(q * (alphas.length - 1))))]!;
  return { low: at(0.025), high: at(0.975), replicates: alphas.length };
}
