import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/open';
import { listMeasureFigures, listMeasuresWithCounts, type LedgerFigure } from '@/db/queries/ledger';
import { appearances, claims, measures, quantities, sources } from '@/db/schema';
import { seedDemo } from '@/lib/demo/seed';
import { DEMO_CLAIMS } from '@/db/seed/demo-claims';
import { DEMO_SOURCES, TROOPS_MEASURE } from '@/db/seed/demo-data';
import { layoutLedgerChart } from '@/lib/display/ledger-chart';
import { compareFigures, describeComparison, findContradictions } from '@/lib/review/figures';
import { createTestDb } from '../helpers/test-db';

const MEASURE = 'north-korean-troops-in-russia';

function demoClaim(key: string) {
  const claim = DEMO_CLAIMS.find((c) => c.key === key);
  if (!claim) throw new Error(`no demo claim ${key}`);
  return claim;
}

const pentagonClaim = demoClaim('pentagon-troop-estimate');
const zelenskyClaim = demoClaim('zelensky-troop-projection');

function byClaimant(figures: readonly LedgerFigure[], name: string): LedgerFigure {
  const figure = figures.find((f) => f.claimant.name === name);
  if (!figure) throw new Error(`no figure by ${name} among ${figures.map((f) => f.claimant.name).join(', ')}`);
  return figure;
}

let db: Db;
let cleanup: () => void;

beforeAll(async () => {
  ({ db, cleanup } = createTestDb());
  await seedDemo(db);
});

afterAll(() => cleanup());

describe('the seeded troop figures', () => {
  it('lists both figures with their quotes, claimants and bounds', () => {
    const ledger = listMeasureFigures(db, MEASURE);
    expect(ledger?.measure).toMatchObject({ key: MEASURE, name: TROOPS_MEASURE.name, unit: 'troops' });
    const figures = ledger?.figures ?? [];
    expect(figures).toHaveLength(2);

    const pentagon = byClaimant(figures, DEMO_SOURCES.pentagon.name);
    expect(pentagon).toMatchObject({
      statement: pentagonClaim.statement,
      status: 'in_review',
      value: null,
      low: null,
      high: 10000,
      unit: 'troops',
      bound: 'at_most',
      modality: 'estimate',
      asOf: '2024-12-18',
      claimedOn: '2024-12-18',
      quote: pentagonClaim.appearance.quote,
      appearanceUrl: pentagonClaim.appearance.url,
    });
    const zelensky = byClaimant(figures, DEMO_SOURCES.zelensky.name);
    expect(zelensky).toMatchObject({ high: 100000, bound: 'at_most', modality: 'projection', quote: zelenskyClaim.appearance.quote });
    // Same as-of date, so claim id decides the order.
    expect(figures.map((f) => f.claimId)).toEqual([...figures.map((f) => f.claimId)].sort((a, b) => a - b));
  });

  it('names the measure by the quantity, and brings the note of the link between the two claims', () => {
    const ledger = listMeasureFigures(db, MEASURE);
    expect(ledger?.measure.name).toBe('North Korean troops in Russia');
    const ids = new Set(ledger?.figures.map((f) => f.claimId));
    expect(ledger?.links).toHaveLength(1);
    const [link] = ledger?.links ?? [];
    expect(ids.has(link!.fromClaimId) && ids.has(link!.toClaimId)).toBe(true);
    expect(link).toMatchObject({ kind: 'same_measure', note: expect.stringContaining('could be deployed') });
  });

  it('calls them not directly comparable because of modality, not a contradiction', () => {
    const figures = listMeasureFigures(db, MEASURE)?.figures ?? [];
    const [a, b] = figures;
    if (!a || !b) throw new Error('expected two figures');
    const comparison = compareFigures(a, b);
    expect(comparison).toEqual({ comparable: false, reasons: ['different modality (estimate vs projection)'] });
    expect(describeComparison(comparison)).toBe('Not directly comparable: different modality (estimate vs projection).');
    expect(findContradictions(figures)).toEqual([]);
  });

  it('draws both as arrows pointing left from their upper bounds', () => {
    const figures = listMeasureFigures(db, MEASURE)?.figures ?? [];
    const layout = layoutLedgerChart(figures, 600);
    expect(layout.rows.map((r) => [r.kind, r.label])).toEqual([
      ['arrow-left', 'at most 10,000'],
      ['arrow-left', 'at most 100,000'],
    ]);
  });

  it('counts figures per measure', () => {
    expect(listMeasuresWithCounts(db)).toEqual([
      expect.objectContaining({ key: MEASURE, name: TROOPS_MEASURE.name, unit: 'troops', figureCount: 2 }),
    ]);
  });

  it('answers undefined for an unknown measure', () => {
    expect(listMeasureFigures(db, 'no-such-measure')).toBeUndefined();
  });
});

describe('a third figure comparable with the Pentagon’s', () => {
  let thirdId: number;

  beforeAll(() => {
    const measure = db.select().from(measures).all().find((m) => m.key === MEASURE);
    if (!measure) throw new Error('measure not seeded');
    db.transaction((tx) => {
      const claimant = tx.insert(sources).values({ name: 'Example Intelligence Agency', kind: 'government' }).returning().get();
      const claim = tx
        .insert(claims)
        .values({
          statement: 'Some 50,000 North Korean troops have been sent to Russia.',
          claimantId: claimant.id,
          claimedOn: '2024-12-20',
          status: 'draft',
        })
        .returning()
        .get();
      thirdId = claim.id;
      tx.insert(appearances)
        .values([
          { claimId: claim.id, url: 'https://example.org/first', title: 'First report', quote: 'We count 50,000 troops sent.' },
          { claimId: claim.id, url: 'https://example.org/second', title: 'Later report', quote: 'A later, different quote.' },
        ])
        .run();
      tx.insert(quantities)
        .values({
          claimId: claim.id,
          measureId: measure.id,
          value: 50000,
          unit: 'troops',
          bound: 'exact',
          modality: 'estimate',
          asOf: '2024-12-18',
        })
        .run();
      // An undated figure sorts after every dated one.
      const undated = tx
        .insert(claims)
        .values({ statement: 'Undated troop figure.', claimantId: claimant.id, claimedOn: '2024-11-01' })
        .returning()
        .get();
      tx.insert(quantities)
        .values({ claimId: undated.id, measureId: measure.id, low: 1000, high: 3000, unit: 'troops', bound: 'range', modality: 'reported_fact' })
        .run();
    });
  });

  it('shows the first appearance’s quote and orders undated figures last', () => {
    const figures = listMeasureFigures(db, MEASURE)?.figures ?? [];
    expect(figures).toHaveLength(4);
    const third = figures.find((f) => f.claimId === thirdId);
    expect(third).toMatchObject({ quote: 'We count 50,000 troops sent.', appearanceUrl: 'https://example.org/first' });
    expect(figures.at(-1)).toMatchObject({ asOf: null, quote: null, appearanceUrl: null, bound: 'range' });
    expect(listMeasuresWithCounts(db)[0]?.figureCount).toBe(4);
  });

  it('is flagged as contradicting the Pentagon’s at-most 10,000, and only that', () => {
    const figures = listMeasureFigures(db, MEASURE)?.figures ?? [];
    const pentagon = byClaimant(figures, DEMO_SOURCES.pentagon.name);
    const zelensky = byClaimant(figures, DEMO_SOURCES.zelensky.name);
    const third = figures.find((f) => f.claimId === thirdId);
    if (!third) throw new Error('third figure missing');

    const contradictions = findContradictions(figures);
    expect(contradictions).toHaveLength(1);
    expect(contradictions[0]).toMatchObject({ a: Math.min(pentagon.claimId, thirdId), b: Math.max(pentagon.claimId, thirdId) });
    expect(describeComparison(compareFigures(pentagon, third))).toBe(
      'The figures do not overlap: they contradict each other.',
    );
    // Against Zelensky's projection it is still only not directly comparable.
    expect(describeComparison(compareFigures(third, zelensky))).toMatch(/^Not directly comparable: different modality/);
  });
});
