import { describe, expect, it } from 'vitest';
import {
  compareFigures,
  describeComparison,
  figureInterval,
  findContradictions,
  intervalsOverlap,
  type Figure,
} from '@/lib/review/figures';

function figure(fields: Partial<Figure> & Pick<Figure, 'bound'>): Figure {
  return {
    claimId: 1,
    value: null,
    low: null,
    high: null,
    unit: 'troops',
    modality: 'estimate',
    asOf: '2024-12-18',
    ...fields,
  };
}

// The demo data set's two troop figures for one measure (db/seed/demo-claims.ts).
const pentagon = figure({ claimId: 6, bound: 'at_most', high: 10000, modality: 'estimate' });
const zelensky = figure({ claimId: 7, bound: 'at_most', high: 100000, modality: 'projection' });

describe('figureInterval', () => {
  it('reads an exact figure as a single point', () => {
    expect(figureInterval(figure({ bound: 'exact', value: 15000 }))).toEqual({ low: 15000, high: 15000 });
  });

  it('widens "about" by 10% each side, for negative values too', () => {
    expect(figureInterval(figure({ bound: 'about', value: 100 }))).toEqual({ low: 90, high: 110 });
    expect(figureInterval(figure({ bound: 'about', value: -50 }))).toEqual({ low: -55, high: -45 });
    expect(figureInterval(figure({ bound: 'about', value: 0 }))).toEqual({ low: 0, high: 0 });
  });

  it('leaves one-sided bounds open on the other side, falling back to value', () => {
    expect(figureInterval(figure({ bound: 'at_most', high: 10000 }))).toEqual({ low: -Infinity, high: 10000 });
    expect(figureInterval(figure({ bound: 'at_most', value: 40 }))).toEqual({ low: -Infinity, high: 40 });
    expect(figureInterval(figure({ bound: 'at_least', low: 3000 }))).toEqual({ low: 3000, high: Infinity });
    expect(figureInterval(figure({ bound: 'at_least', value: 2 }))).toEqual({ low: 2, high: Infinity });
  });

  it('prefers the explicit bound over value for one-sided bounds', () => {
    expect(figureInterval(figure({ bound: 'at_most', high: 10, value: 99 }))).toEqual({ low: -Infinity, high: 10 });
    expect(figureInterval(figure({ bound: 'at_least', low: 10, value: 1 }))).toEqual({ low: 10, high: Infinity });
  });

  it('reads a range as its bounds', () => {
    expect(figureInterval(figure({ bound: 'range', low: 8000, high: 12000 }))).toEqual({ low: 8000, high: 12000 });
  });

  it('leaves a side open when the number is missing, so an unknown figure contradicts nothing', () => {
    expect(figureInterval(figure({ bound: 'range', low: 8000 }))).toEqual({ low: 8000, high: Infinity });
    expect(figureInterval(figure({ bound: 'range', high: 12000 }))).toEqual({ low: -Infinity, high: 12000 });
    expect(figureInterval(figure({ bound: 'exact' }))).toEqual({ low: -Infinity, high: Infinity });
    expect(figureInterval(figure({ bound: 'about' }))).toEqual({ low: -Infinity, high: Infinity });
    expect(figureInterval(figure({ bound: 'at_most' }))).toEqual({ low: -Infinity, high: Infinity });
  });
});

describe('intervalsOverlap', () => {
  it('is a closed-interval intersection', () => {
    expect(intervalsOverlap({ low: 0, high: 10000 }, { low: 10000, high: 20000 })).toBe(true);
    expect(intervalsOverlap({ low: 0, high: 9999 }, { low: 10000, high: 20000 })).toBe(false);
    expect(intervalsOverlap({ low: 5, high: 6 }, { low: 0, high: 100 })).toBe(true);
    expect(intervalsOverlap({ low: -Infinity, high: Infinity }, { low: 3, high: 3 })).toBe(true);
  });
});

describe('compareFigures', () => {
  it('calls the Pentagon and Zelensky troop figures not directly comparable because of modality', () => {
    const comparison = compareFigures(pentagon, zelensky);
    expect(comparison).toEqual({ comparable: false, reasons: ['different modality (estimate vs projection)'] });
    expect(describeComparison(comparison)).toBe('Not directly comparable: different modality (estimate vs projection).');
  });

  it('finds a range and an exact figure outside it contradictory', () => {
    const comparison = compareFigures(
      figure({ bound: 'range', low: 8000, high: 12000 }),
      figure({ bound: 'exact', value: 15000 }),
    );
    expect(comparison).toEqual({ comparable: true, overlap: false });
    expect(describeComparison(comparison)).toBe('The figures do not overlap: they contradict each other.');
  });

  it('lets touching ranges overlap', () => {
    const comparison = compareFigures(
      figure({ bound: 'range', low: 0, high: 10000 }),
      figure({ bound: 'range', low: 10000, high: 20000 }),
    );
    expect(comparison).toEqual({ comparable: true, overlap: true });
    expect(describeComparison(comparison)).toBe('The figures overlap.');
  });

  it('lets "at most 10,000" and "at least 10,000" overlap where they touch, but not a step apart', () => {
    const atMost = figure({ bound: 'at_most', high: 10000 });
    expect(compareFigures(atMost, figure({ bound: 'at_least', low: 10000 }))).toEqual({ comparable: true, overlap: true });
    expect(compareFigures(atMost, figure({ bound: 'at_least', low: 10001 }))).toEqual({ comparable: true, overlap: false });
  });

  it('never finds two upper bounds (or two lower bounds) contradictory', () => {
    const sameModality = { ...zelensky, modality: 'estimate' as const };
    expect(compareFigures(pentagon, sameModality)).toEqual({ comparable: true, overlap: true });
    expect(
      compareFigures(figure({ bound: 'at_least', low: 1 }), figure({ bound: 'at_least', low: 1e9 })),
    ).toEqual({ comparable: true, overlap: true });
  });

  it('lets "about 100" cover 109 but not 111', () => {
    const about = figure({ bound: 'about', value: 100 });
    expect(compareFigures(about, figure({ bound: 'exact', value: 109 }))).toEqual({ comparable: true, overlap: true });
    expect(compareFigures(about, figure({ bound: 'exact', value: 110 }))).toEqual({ comparable: true, overlap: true });
    expect(compareFigures(about, figure({ bound: 'exact', value: 111 }))).toEqual({ comparable: true, overlap: false });
    expect(compareFigures(about, figure({ bound: 'exact', value: 89 }))).toEqual({ comparable: true, overlap: false });
  });

  it('treats two missing as-of dates as the same time', () => {
    const comparison = compareFigures(
      figure({ bound: 'exact', value: 1, asOf: null }),
      figure({ bound: 'exact', value: 2, asOf: null }),
    );
    expect(comparison).toEqual({ comparable: true, overlap: false });
  });

  it('refuses to compare when exactly one as-of date is missing, either way round', () => {
    const dated = figure({ bound: 'exact', value: 1 });
    const undated = figure({ bound: 'exact', value: 2, asOf: null });
    const reasons = ['the as-of date of one figure is unknown'];
    expect(compareFigures(dated, undated)).toEqual({ comparable: false, reasons });
    expect(compareFigures(undated, dated)).toEqual({ comparable: false, reasons });
    expect(compareFigures(dated, { ...undated, asOf: '  ' })).toEqual({ comparable: false, reasons });
  });

  it('refuses to compare different as-of dates, naming both days', () => {
    const comparison = compareFigures(
      figure({ bound: 'exact', value: 1 }),
      figure({ bound: 'exact', value: 2, asOf: '2024-11-01' }),
    );
    expect(comparison).toEqual({ comparable: false, reasons: ['different as-of dates (18 Dec 2024 vs 1 Nov 2024)'] });
  });

  it('counts two spellings of the same day as the same as-of date', () => {
    const comparison = compareFigures(
      figure({ bound: 'exact', value: 1 }),
      figure({ bound: 'exact', value: 1, asOf: '2024-12-18T09:30:00Z' }),
    );
    expect(comparison).toEqual({ comparable: true, overlap: true });
  });

  it('refuses to compare different units, ignoring case and surrounding space', () => {
    const troops = figure({ bound: 'exact', value: 1 });
    expect(compareFigures(troops, figure({ bound: 'exact', value: 1, unit: 'soldiers' }))).toEqual({
      comparable: false,
      reasons: ['different units (troops vs soldiers)'],
    });
    expect(compareFigures(troops, figure({ bound: 'exact', value: 1, unit: '  Troops ' }))).toEqual({
      comparable: true,
      overlap: true,
    });
  });

  it('lists every reason that applies, in a fixed order', () => {
    const comparison = compareFigures(
      figure({ bound: 'exact', value: 1, modality: 'reported_fact' }),
      figure({ bound: 'exact', value: 1000, modality: 'projection', unit: 'soldiers', asOf: null }),
    );
    expect(comparison).toEqual({
      comparable: false,
      reasons: [
        'different modality (reported fact vs projection)',
        'different units (troops vs soldiers)',
        'the as-of date of one figure is unknown',
      ],
    });
    expect(describeComparison(comparison)).toBe(
      'Not directly comparable: different modality (reported fact vs projection); ' +
        'different units (troops vs soldiers); the as-of date of one figure is unknown.',
    );
  });
});

describe('findContradictions', () => {
  const range = figure({ claimId: 3, bound: 'range', low: 8000, high: 12000 });
  const exact = figure({ claimId: 9, bound: 'exact', value: 15000 });
  const atLeast = figure({ claimId: 5, bound: 'at_least', low: 13000 });

  it('finds nothing among the seed troop figures', () => {
    expect(findContradictions([pentagon, zelensky])).toEqual([]);
  });

  it('finds nothing for no figures or one', () => {
    expect(findContradictions([])).toEqual([]);
    expect(findContradictions([range])).toEqual([]);
  });

  it('names each comparable pair that does not overlap, lower claim id first, in order', () => {
    const found = findContradictions([exact, atLeast, range, pentagon, zelensky]);
    expect(found).toEqual([
      {
        a: 3,
        b: 5,
        reason: 'The figures do not overlap: between 8,000 and 12,000 troops (claim 3) vs at least 13,000 troops (claim 5).',
      },
      {
        a: 3,
        b: 9,
        reason: 'The figures do not overlap: between 8,000 and 12,000 troops (claim 3) vs 15,000 troops (claim 9).',
      },
      { a: 5, b: 6, reason: 'The figures do not overlap: at least 13,000 troops (claim 5) vs at most 10,000 troops (claim 6).' },
      { a: 6, b: 9, reason: 'The figures do not overlap: at most 10,000 troops (claim 6) vs 15,000 troops (claim 9).' },
    ]);
  });

  it('gives the same answer whatever order the figures arrive in', () => {
    const forwards = findContradictions([range, atLeast, exact, pentagon]);
    const backwards = findContradictions([pentagon, exact, atLeast, range]);
    expect(backwards).toEqual(forwards);
    expect(forwards.map(({ a, b }) => [a, b])).toEqual([
      [3, 5],
      [3, 9],
      [5, 6],
      [6, 9],
    ]);
  });

  it('skips pairs that are not directly comparable even when their ranges are apart', () => {
    const projected = { ...exact, modality: 'projection' as const };
    const undated = { ...atLeast, asOf: null };
    expect(findContradictions([range, projected, undated])).toEqual([]);
  });
});
