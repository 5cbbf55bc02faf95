import type { BoundKind, Modality } from '@/db/schema';
import { formatDate, formatQuantity } from '@/lib/display/format';
import { MODALITY_LABELS } from '@/lib/display/labels';

/** One claim's figure for a measure (its quantity row). */
export interface Figure {
  claimId: number;
  value: number | null;
  low: number | null;
  high: number | null;
  unit: string;
  bound: BoundKind;
  modality: Modality;
  asOf: string | null;
}

/** A closed interval; either end may be infinite. */
export interface Interval {
  low: number;
  high: number;
}

export type Comparison = { comparable: true; overlap: boolean } | { comparable: false; reasons: string[] };

export interface Contradiction {
  a: number;
  b: number;
  reason: string;
}

/**
 * The values a figure admits. "About" admits rounding, so it is widened by 10% of the value each
 * side: "about 100" does not contradict 109. A number the figure lacks leaves that side open,
 * because a figure we do not know cannot contradict another.
 */
export function figureInterval(f: Figure): Interval {
  const below = (v: number | null) => v ?? -Infinity;
  const above = (v: number | null) => v ?? Infinity;
  switch (f.bound) {
    case 'exact':
      return { low: below(f.value), high: above(f.value) };
    case 'about': {
      if (f.value === null) return { low: -Infinity, high: Infinity };
      // Dividing by 10 rather than multiplying by 0.1 keeps round numbers exact (100 → 10, not 10.000…02).
      const margin = Math.abs(f.value) / 10;
      return { low: f.value - margin, high: f.value + margin };
    }
    case 'at_most':
      return { low: -Infinity, high: above(f.high ?? f.value) };
    case 'at_least':
      return { low: below(f.low ?? f.value), high: Infinity };
    case 'range':
      return { low: below(f.low), high: above(f.high) };
  }
}

/** Closed-interval intersection: ranges that only touch still overlap. */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.low <= b.high && b.low <= a.high;
}

function normalisedUnit(unit: string): string {
  return unit.trim().toLowerCase();
}

/** As-of dates are days: two spellings of the same day are the same time. */
function asOfDay(asOf: string | null): string | null {
  const trimmed = asOf?.trim();
  return trimmed ? formatDate(trimmed) : null;
}

/** Why two figures cannot be set against each other; empty when they can. */
export function incomparabilityReasons(a: Figure, b: Figure): string[] {
  const reasons: string[] = [];
  if (a.modality !== b.modality) {
    const name = (m: Modality) => MODALITY_LABELS[m].toLowerCase();
    reasons.push(`different modality (${name(a.modality)} vs ${name(b.modality)})`);
  }
  if (normalisedUnit(a.unit) !== normalisedUnit(b.unit)) {
    reasons.push(`different units (${a.unit.trim() || 'none'} vs ${b.unit.trim() || 'none'})`);
  }
  const dayA = asOfDay(a.asOf);
  const dayB = asOfDay(b.asOf);
  if (dayA !== null && dayB !== null && dayA !== dayB) {
    reasons.push(`different as-of dates (${dayA} vs ${dayB})`);
  } else if ((dayA === null) !== (dayB === null)) {
    reasons.push('the as-of date of one figure is unknown');
  }
  return reasons;
}

/**
 * Two figures for one measure: comparable only with the same modality, unit and
 * as-of date ("have been sent" is not the same proposition as "could be deployed").
 */
export function compareFigures(a: Figure, b: Figure): Comparison {
  const reasons = incomparabilityReasons(a, b);
  if (reasons.length > 0) return { comparable: false, reasons };
  return { comparable: true, overlap: intervalsOverlap(figureInterval(a), figureInterval(b)) };
}

export function describeComparison(c: Comparison): string {
  if (!c.comparable) return `Not directly comparable: ${c.reasons.join('; ')}.`;
  return c.overlap ? 'The figures overlap.' : 'The figures do not overlap: they contradict each other.';
}

/** Every pair of comparable figures that do not overlap, as sources' disagreements to open. */
export function findContradictions(figures: readonly Figure[]): Contradiction[] {
  const sorted = [...figures].sort((x, y) => x.claimId - y.claimId);
  const found: Contradiction[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i];
      const b = sorted[j];
      if (!a || !b || a.claimId === b.claimId) continue;
      const comparison = compareFigures(a, b);
      if (!comparison.comparable || comparison.overlap) continue;
      found.push({
        a: a.claimId,
        b: b.claimId,
        reason: `The figures do not overlap: ${formatQuantity(a)} (claim ${a.claimId}) vs ${formatQuantity(b)} (claim ${b.claimId}).`,
      });
    }
  }
  return found;
}
