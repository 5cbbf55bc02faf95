import { describe, expect, it } from 'vitest';
import { formatTick, layoutLedgerChart, summariseChart, wrapSegments, type ChartFigure, type ChartLayout } from '@/lib/display/ledger-chart';

function figure(fields: Partial<ChartFigure> & Pick<ChartFigure, 'bound'>): ChartFigure {
  return {
    claimId: 1,
    value: null,
    low: null,
    high: null,
    unit: 'troops',
    modality: 'estimate',
    asOf: '2024-12-18',
    claimant: { name: 'Someone' },
    claimedOn: '2024-12-18',
    ...fields,
  };
}

// The demo data set's two troop figures (db/seed/demo-claims.ts).
const pentagon = figure({
  claimId: 6,
  bound: 'at_most',
  high: 10000,
  modality: 'estimate',
  claimant: { name: 'Pentagon (US Department of Defense)' },
});
const zelensky = figure({
  claimId: 7,
  bound: 'at_most',
  high: 100000,
  modality: 'projection',
  claimant: { name: 'Volodymyr Zelensky' },
});

/** Every number anywhere in the layout, with its path, to look for NaN and infinities. */
function numbersIn(value: unknown, path = 'layout'): [string, number][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  return [];
}

function expectAllFinite(layout: ChartLayout): void {
  const bad = numbersIn(layout).filter(([, n]) => !Number.isFinite(n));
  expect(bad).toEqual([]);
}

function row(layout: ChartLayout, claimId: number) {
  const found = layout.rows.find((r) => r.claimId === claimId);
  if (!found) throw new Error(`no row for claim ${claimId}`);
  return found;
}

describe('layoutLedgerChart: the seed’s troop figures', () => {
  const layout = layoutLedgerChart([pentagon, zelensky], 800);

  it('puts both on one log axis of powers of ten, with a decade of room either side', () => {
    expect(layout.domain).toEqual({ min: 1000, max: 1_000_000 });
    expect(layout.ticks.filter((t) => t.major).map((t) => t.label)).toEqual(['1,000', '10,000', '100,000', '1M']);
  });

  it('draws each "at most" from its value a short way towards smaller numbers, never as a range from the axis start', () => {
    const span = layout.plotRight - layout.plotLeft;
    for (const [f, bound] of [
      [pentagon, 10000],
      [zelensky, 100000],
    ] as const) {
      const r = row(layout, f.claimId);
      const tick = layout.ticks.find((t) => t.value === bound);
      expect(r.kind).toBe('arrow-left');
      expect(r.x2).toBe(tick?.x);
      expect(r.x).toBe(tick?.x);
      // The fading line is the same length for every open bound and stops short of the axis start,
      // so its end is no number ("between 1,000 and 10,000" is not what the figure says).
      expect(r.x1).toBeGreaterThan(layout.plotLeft);
      expect(r.x2 - r.x1).toBeCloseTo(span * 0.2, 0);
    }
    expect(row(layout, 6).label).toBe('at most 10,000');
    expect(row(layout, 7).label).toBe('at most 100,000');
  });

  it('spaces decades evenly: 10,000 one third and 100,000 two thirds along', () => {
    const span = layout.plotRight - layout.plotLeft;
    expect(row(layout, 6).x2 - layout.plotLeft).toBeCloseTo(span / 3, 0);
    expect(row(layout, 7).x2 - layout.plotLeft).toBeCloseTo((2 * span) / 3, 0);
  });

  it('labels each row with the claimant, the figure, its modality and its date', () => {
    const text = row(layout, 6).lines.map((l) => l.text);
    expect(text[0]).toBe('Pentagon (US Department of Defense)');
    expect(text.join(' ')).toContain('at most 10,000 troops · estimate · as of 18 Dec 2024');
    expect(row(layout, 7).lines.map((l) => l.text).join(' ')).toContain('at most 100,000 troops · projection');
    expect(row(layout, 7).y).toBeGreaterThan(row(layout, 6).y);
    expect(layout.axisY).toBeGreaterThan(row(layout, 7).y);
    expect(layout.height).toBeGreaterThan(layout.axisTitleY);
  });

  it('summarises the chart in words', () => {
    const summary = summariseChart(layout, 'North Korean troops in Russia', 'troops');
    expect(summary).toContain('2 figures for North Korean troops in Russia on a log scale from 1,000 to 1M troops.');
    expect(summary).toContain('Pentagon (US Department of Defense): at most 10,000 troops, estimate, as of 18 Dec 2024.');
    expect(summary).toContain('Volodymyr Zelensky: at most 100,000 troops, projection, as of 18 Dec 2024.');
  });
});

describe('layoutLedgerChart: marks', () => {
  const figures = [
    figure({ claimId: 1, bound: 'exact', value: 300 }),
    figure({ claimId: 2, bound: 'about', value: 5000 }),
    figure({ claimId: 3, bound: 'range', low: 800, high: 2000 }),
    figure({ claimId: 4, bound: 'at_least', low: 40 }),
    figure({ claimId: 5, bound: 'at_most', value: 70000 }),
  ];
  const layout = layoutLedgerChart(figures, 600);

  it('covers every bound with the domain', () => {
    expect(layout.domain.min).toBeLessThan(40);
    expect(layout.domain.max).toBeGreaterThan(70000);
    expect(Math.log10(layout.domain.min) % 1).toBe(0);
    expect(Math.log10(layout.domain.max) % 1).toBe(0);
  });

  it('chooses the mark by bound kind', () => {
    expect(layout.rows.map((r) => r.kind)).toEqual(['point', 'bar', 'bar', 'arrow-right', 'arrow-left']);
  });

  it('draws "about" as a ±10% bar with its value in the middle', () => {
    const about = row(layout, 2);
    expect(about.x).not.toBeNull();
    expect(about.x1).toBeLessThan(about.x ?? 0);
    expect(about.x2).toBeGreaterThan(about.x ?? 0);
    expect(about.label).toBe('about 5,000');
  });

  it('points "at least" from its lower bound towards larger numbers, within the plot', () => {
    const atLeast = row(layout, 4);
    expect(atLeast.x).toBe(atLeast.x1);
    expect(atLeast.x2).toBeGreaterThan(atLeast.x1);
    expect(atLeast.x2).toBeLessThanOrEqual(layout.plotRight);
    expect(atLeast.label).toBe('at least 40');
  });

  it('places larger numbers further right', () => {
    const xs = [row(layout, 4).x1, row(layout, 1).x1, row(layout, 3).x1, row(layout, 3).x2, row(layout, 2).x1, row(layout, 5).x2];
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThan(xs[i - 1] ?? Infinity);
    const ticks = layout.ticks.map((t) => t.x);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]).toBeGreaterThan(ticks[i - 1] ?? Infinity);
  });

  it('keeps every mark inside the plot', () => {
    for (const r of layout.rows) {
      expect(r.x1).toBeGreaterThanOrEqual(layout.plotLeft);
      expect(r.x2).toBeLessThanOrEqual(layout.plotRight);
    }
    expect(layout.plotLeft).toBeGreaterThan(0);
    expect(layout.plotRight).toBeLessThan(layout.width);
  });
});

describe('layoutLedgerChart: edge cases', () => {
  it('gives a single figure a decade either side', () => {
    const layout = layoutLedgerChart([figure({ bound: 'exact', value: 500 })], 600);
    expect(layout.domain).toEqual({ min: 100, max: 1000 });
    expect(layout.rows[0]?.kind).toBe('point');
    expect(layout.notes).toEqual([]);
    expectAllFinite(layout);
  });

  it('handles equal values and a value that is a power of ten', () => {
    const layout = layoutLedgerChart(
      [figure({ claimId: 1, bound: 'exact', value: 1000 }), figure({ claimId: 2, bound: 'exact', value: 1000 })],
      600,
    );
    expect(layout.domain).toEqual({ min: 100, max: 10000 });
    expect(row(layout, 1).x).toBe(row(layout, 2).x);
    expect(row(layout, 1).x).toBeGreaterThan(layout.plotLeft);
    expectAllFinite(layout);
  });

  it('adds 2× and 5× ticks when the span is small, and labels only those that fit', () => {
    const layout = layoutLedgerChart([figure({ bound: 'exact', value: 500 })], 600);
    expect(layout.ticks.map((t) => t.label)).toEqual(['100', '200', '500', '1,000']);
    expect(layout.ticks.find((t) => t.value === 200)?.major).toBe(false);
    const wide = layoutLedgerChart([figure({ claimId: 1, bound: 'exact', value: 2 }), figure({ claimId: 2, bound: 'exact', value: 3e9 })], 360);
    expect(wide.ticks.every((t) => t.major)).toBe(true);
    const shown = wide.ticks.filter((t) => t.showLabel);
    expect(shown.length).toBeGreaterThan(1);
    expect(shown.length).toBeLessThan(wide.ticks.length);
  });

  it('clamps zero and negative bounds to the start of the axis and says so', () => {
    const layout = layoutLedgerChart(
      [figure({ claimId: 1, bound: 'range', low: 0, high: 50 }), figure({ claimId: 2, bound: 'exact', value: -5 })],
      600,
    );
    expect(layout.domain).toEqual({ min: 10, max: 100 });
    expect(row(layout, 1)).toMatchObject({ kind: 'bar', x1: layout.plotLeft, clamped: true });
    expect(row(layout, 2)).toMatchObject({ kind: 'point', x: layout.plotLeft, clamped: true });
    expect(layout.notes.join(' ')).toMatch(/no zero/);
    expectAllFinite(layout);
  });

  it('draws no mark for a figure without numbers, and no NaN anywhere', () => {
    const layout = layoutLedgerChart(
      [
        figure({ claimId: 1, bound: 'exact' }),
        figure({ claimId: 2, bound: 'about' }),
        figure({ claimId: 3, bound: 'range' }),
        figure({ claimId: 4, bound: 'at_most', value: 0 }),
      ],
      Number.NaN,
    );
    expect(layout.rows.map((r) => r.kind)).toEqual(['none', 'none', 'none', 'arrow-left']);
    expect(layout.rows.map((r) => r.label)).toEqual(['?', 'about ?', 'between ? and ?', 'at most 0']);
    expect(layout.notes.length).toBe(2);
    expectAllFinite(layout);
  });

  it('lays out no figures at all', () => {
    const layout = layoutLedgerChart([], 600);
    expect(layout.rows).toEqual([]);
    expect(summariseChart(layout, 'Troops', 'troops')).toBe('No figures recorded for Troops yet.');
    expectAllFinite(layout);
  });

  it('reads an open-ended range as an arrow', () => {
    const layout = layoutLedgerChart([figure({ claimId: 1, bound: 'range', low: null, high: 40 }), figure({ claimId: 2, bound: 'range', low: 10, high: null })], 600);
    expect(layout.rows.map((r) => r.kind)).toEqual(['arrow-left', 'arrow-right']);
  });
});

describe('formatTick and wrapSegments', () => {
  it('formats ticks with separators, then M, B and T', () => {
    expect([0.01, 1, 20, 1000, 10000, 100000, 1e6, 5e7, 2e9, 1e12].map(formatTick)).toEqual([
      '0.01',
      '1',
      '20',
      '1,000',
      '10,000',
      '100,000',
      '1M',
      '50M',
      '2B',
      '1T',
    ]);
  });

  it('wraps at segment boundaries first, then between words', () => {
    expect(wrapSegments(['at most 100,000 troops', 'projection', 'as of 18 Dec 2024'], 40)).toEqual([
      'at most 100,000 troops · projection',
      'as of 18 Dec 2024',
    ]);
    expect(wrapSegments(['Pentagon (US Department of Defense)'], 20)).toEqual(['Pentagon (US', 'Department of', 'Defense)']);
    for (const line of wrapSegments(['a long segment of many words here', 'x'], 12)) expect(line.length).toBeLessThanOrEqual(12);
  });
});
