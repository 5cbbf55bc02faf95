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

/** δ² for every pair of domain values (flat, row-major), given the values' marginal totals (ordinal needs them). */
function squaredDistances(level: AlphaLevel, domain: readonly number[], totals: Float64Array): Float64Array {
  const size = domain.length;
  const delta = new Float64Array(size * size);
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      if (c === k) continue;
      if (level === 'nominal') delta[c * size + k] = 1;
      else if (level === 'interval') delta[c * size + k] = (domain[c]! - domain[k]!) ** 2;
      else {
        const [low, high] = c < k ? [c, k] : [k, c];
        let between = 0;
        for (let g = low; g <= high; g++) between += totals[g]!;
        delta[c * size + k] = (between - (totals[c]! + totals[k]!) / 2) ** 2;
      }
    }
  }
  return delta;
}

/** A pairable profile's own coincidences (flat, row-major) and how many values it holds. */
interface Contribution {
  coincidences: Float64Array;
  values: number;
  weight: number;
}

function contributions(profiles: readonly UnitProfile[], size: number): Contribution[] {
  const out: Contribution[] = [];
  for (const { counts, weight } of profiles) {
    let values = 0;
    for (const count of counts) values += count;
    if (values < 2 || weight <= 0) continue;
    const coincidences = new Float64Array(size * size);
    for (let c = 0; c < size; c++) {
      const nc = counts[c]!;
      if (nc === 0) continue;
      for (let k = 0; k < size; k++) coincidences[c * size + k] = (nc * (counts[k]! - (c === k ? 1 : 0))) / (values - 1);
    }
    out.push({ coincidences, values, weight });
  }
  return out;
}

/** Alpha from the profiles' contributions, each counted `weights[i]` times. */
function alphaOfContributions(parts: readonly Contribution[], weights: readonly number[], domain: readonly number[], level: AlphaLevel): AlphaResult {
  const size = domain.length;
  const matrix = new Float64Array(size * size);
  let units = 0;
  let pairable = 0;
  for (let i = 0; i < parts.length; i++) {
    const weight = weights[i]!;
    if (weight <= 0) continue;
    const part = parts[i]!;
    units += weight;
    pairable += weight * part.values;
    for (let j = 0; j < matrix.length; j++) matrix[j]! += weight * part.coincidences[j]!;
  }
  if (units === 0) return { alpha: null, units, pairable, reason: 'too_few_units' };
  const totals = new Float64Array(size);
  let n = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) totals[c]! += matrix[c * size + k]!;
    n += totals[c]!;
  }
  const delta = squaredDistances(level, domain, totals);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < size; c++) {
    for (let k = 0; k < size; k++) {
      observed += matrix[c * size + k]! * delta[c * size + k]!;
      expected += totals[c]! * totals[k]! * delta[c * size + k]!;
    }
  }
  // Rounding can leave a hair above zero when every value is the same.
  if (expected <= 1e-12) return { alpha: null, units, pairable, reason: 'no_variation' };
  return { alpha: 1 - ((n - 1) * observed) / expected, units, pairable };
}

/**
 * Alpha over the profiles. `domain` holds the values in order (their numbers matter only for
 * interval; ordinal uses their order, nominal neither). Units with fewer than two values are not
 * pairable and contribute nothing.
 */
export function krippendorffAlpha(profiles: readonly UnitProfile[], domain: readonly number[], level: AlphaLevel): AlphaResult {
  const parts = contributions(profiles, domain.length);
  return alphaOfContributions(parts, parts.map((p) => p.weight), domain, level);
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
  const parts = contributions(profiles, domain.length);
  if (parts.length === 0) return null;
  const alphas: number[] = [];
  const weights = new Array<number>(parts.length).fill(0);
  for (let r = 0; r < replicates; r++) {
    for (let i = 0; i < parts.length; i++) weights[i] = poisson(parts[i]!.weight, random);
    const result = alphaOfContributions(parts, weights, domain, level);
    if (result.alpha !== null) alphas.push(result.alpha);
  }
  if (alphas.length < replicates * 0.95) return null;
  alphas.sort((a, b) => a - b);
  const at = (q: number) => alphas[Math.min(alphas.length - 1, Math.max(0, Math.round(q * (alphas.length - 1))))]!;
  return { low: at(0.025), high: at(0.975), replicates: alphas.length };
}
