import { describe, expect, it } from 'vitest';
import { explainIncomparability, type NamedFigure } from '@/lib/display/figure-words';

/** The estimate ledger's plain-words reasons why two figures are not directly comparable. */
const base = { value: null, low: null, unit: 'troops', bound: 'at_most', asOf: '2024-12-18' } as const;
const pentagon: NamedFigure = { ...base, claimId: 6, name: 'Pentagon', high: 10000, modality: 'estimate' };
const zelensky: NamedFigure = { ...base, claimId: 7, name: 'Volodymyr Zelensky', high: 100000, modality: 'projection' };
const NOTE = 'The Pentagon estimates how many "may have been sent", Zelensky says how many "could be deployed".';

describe('explainIncomparability', () => {
  it('says what kind of figure each is, and that both can be right', () => {
    const [first, ...rest] = explainIncomparability(pentagon, zelensky, [NOTE]);
    expect(first).toBe(
      'Pentagon gives an estimate of what has already happened (at most 10,000 troops); Volodymyr Zelensky gives a projection of what could happen (at most 100,000 troops). They answer different questions, so both can be right and neither contradicts the other.',
    );
    expect(rest).toEqual([`When the claims were linked, a reviewer noted: “${NOTE}”`]);
  });

  it('names a difference of unit or day, and a day that is unknown', () => {
    expect(explainIncomparability(pentagon, { ...pentagon, claimId: 8, name: 'NIS', unit: 'soldiers' })).toEqual([
      'They count in different units (troops against soldiers).',
    ]);
    expect(explainIncomparability(pentagon, { ...pentagon, claimId: 8, name: 'NIS', asOf: '2025-01-10' })).toEqual([
      'They describe different days (18 Dec 2024 and 10 Jan 2025); the number may have changed in between.',
    ]);
    expect(explainIncomparability(pentagon, { ...pentagon, claimId: 8, name: 'NIS', asOf: null })).toEqual([
      'The day NIS’s figure describes is not known.',
    ]);
  });

  it('says nothing for comparable figures, whatever the link notes', () => {
    expect(explainIncomparability(pentagon, { ...pentagon, claimId: 8, name: 'NIS', high: 12000 }, [NOTE])).toEqual([]);
  });
});
