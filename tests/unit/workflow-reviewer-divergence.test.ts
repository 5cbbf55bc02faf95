import { describe, expect, it } from 'vitest';
import type { RatingLabel } from '@/db/schema';
import { RATING_SCALE } from '@/lib/review/rating-scale';
import {
  assessmentSetKey,
  findReviewerDivergence,
  type CurrentAssessment,
} from '@/lib/review/reviewer-divergence';

const REVIEWERS: Record<number, string> = { 1: 'Rosa Reviewer', 2: 'Ravi Reviewer', 3: 'Ed Editor', 4: 'Ada Admin' };

function rating(assessmentId: number, reviewerId: number, label: RatingLabel, confidence = 70): CurrentAssessment {
  return { assessmentId, reviewerId, reviewerName: REVIEWERS[reviewerId] ?? `Reviewer ${reviewerId}`, label, confidence };
}

const ORDINAL = RATING_SCALE.filter((s) => s.value !== null).map((s) => s.label);

describe('findReviewerDivergence: detection', () => {
  it('finds nothing in an empty list or a single assessment', () => {
    expect(findReviewerDivergence([])).toBeNull();
    expect(findReviewerDivergence([rating(1, 1, 'accurate')])).toBeNull();
    expect(findReviewerDivergence([rating(1, 1, 'unverifiable')])).toBeNull();
  });

  it('does not open for ratings exactly one step apart, anywhere on the scale', () => {
    for (let i = 0; i + 1 < ORDINAL.length; i++) {
      const [upper, lower] = [ORDINAL[i], ORDINAL[i + 1]];
      if (!upper || !lower) throw new Error('scale too short');
      expect(findReviewerDivergence([rating(1, 1, upper), rating(2, 2, lower)])).toBeNull();
    }
  });

  it('opens for ratings exactly two steps apart, anywhere on the scale', () => {
    for (let i = 0; i + 2 < ORDINAL.length; i++) {
      const [upper, lower] = [ORDINAL[i], ORDINAL[i + 2]];
      if (!upper || !lower) throw new Error('scale too short');
      const divergence = findReviewerDivergence([rating(1, 1, upper), rating(2, 2, lower)]);
      expect(divergence?.reviewerIds).toEqual([1, 2]);
      expect(divergence?.reason).toMatch(/2 steps apart\.$/);
    }
  });

  it('opens for every pair of ordinal labels at least two steps apart and no other', () => {
    for (const [i, x] of ORDINAL.entries()) {
      for (const [j, y] of ORDINAL.entries()) {
        const found = findReviewerDivergence([rating(1, 1, x), rating(2, 2, y)]) !== null;
        expect(found, `${x} vs ${y}`).toBe(Math.abs(i - j) >= 2);
      }
    }
  });

  it('does not open for equal labels, whatever the confidences', () => {
    expect(findReviewerDivergence([rating(1, 1, 'mixed', 10), rating(2, 2, 'mixed', 95)])).toBeNull();
    expect(findReviewerDivergence([rating(1, 1, 'inaccurate', 0), rating(2, 2, 'inaccurate', 100)])).toBeNull();
  });

  it('ignores confidence: equal confidences still diverge when the labels do', () => {
    const divergence = findReviewerDivergence([rating(1, 1, 'accurate', 50), rating(2, 2, 'mixed', 50)]);
    expect(divergence).not.toBeNull();
    const lowConfidence = findReviewerDivergence([rating(1, 1, 'accurate', 1), rating(2, 2, 'mixed', 2)]);
    expect(lowConfidence).toEqual(divergence);
  });

  it('does not open when both reviewers find the claim unverifiable', () => {
    expect(findReviewerDivergence([rating(1, 1, 'unverifiable'), rating(2, 2, 'unverifiable', 20)])).toBeNull();
  });

  it('opens when one reviewer finds it unverifiable and another rates it on the scale, any label', () => {
    for (const label of ORDINAL) {
      const divergence = findReviewerDivergence([rating(1, 1, 'unverifiable'), rating(2, 2, label)]);
      expect(divergence?.reviewerIds, label).toEqual([1, 2]);
    }
  });

  it('does not count two assessments by the same reviewer as a disagreement', () => {
    expect(findReviewerDivergence([rating(1, 1, 'accurate'), rating(2, 1, 'inaccurate')])).toBeNull();
  });
});

describe('findReviewerDivergence: three or more reviewers', () => {
  it('names only the reviewers in diverging pairs', () => {
    const divergence = findReviewerDivergence([
      rating(10, 1, 'accurate'),
      rating(11, 2, 'mostly_accurate'),
      rating(12, 3, 'mixed'),
    ]);
    // accurate–mixed is two steps; the other two pairs are one step each.
    expect(divergence?.reviewerIds).toEqual([1, 3]);
    expect(divergence?.reason).toBe('Rosa Reviewer rated it Accurate and Ed Editor rated it Mixed: 2 steps apart.');
  });

  it('finds nothing when every pair is within one step', () => {
    expect(
      findReviewerDivergence([rating(1, 1, 'mixed'), rating(2, 2, 'mixed'), rating(3, 3, 'mostly_accurate')]),
    ).toBeNull();
  });

  it('names the widest-apart pair in the reason and every diverging reviewer in reviewerIds', () => {
    const divergence = findReviewerDivergence([
      rating(1, 1, 'mostly_inaccurate'),
      rating(2, 2, 'accurate'),
      rating(3, 3, 'mostly_accurate'),
      rating(4, 4, 'inaccurate'),
    ]);
    expect(divergence?.reason).toBe(
      'Ravi Reviewer rated it Accurate and Ada Admin rated it Inaccurate: 4 steps apart.',
    );
    expect(divergence?.reviewerIds).toEqual([1, 2, 3, 4]);
  });

  it('prefers a pair apart on the scale over an unverifiable pair, but lists both', () => {
    const divergence = findReviewerDivergence([
      rating(1, 1, 'unverifiable'),
      rating(2, 2, 'accurate'),
      rating(3, 3, 'mixed'),
    ]);
    expect(divergence?.reason).toBe('Ravi Reviewer rated it Accurate and Ed Editor rated it Mixed: 2 steps apart.');
    expect(divergence?.reviewerIds).toEqual([1, 2, 3]);
  });

  it('picks the widest pair whatever the input order, and breaks ties by the earliest assessments', () => {
    const divergence = findReviewerDivergence([
      rating(7, 3, 'inaccurate'),
      rating(5, 2, 'mixed'),
      rating(6, 1, 'accurate'),
    ]);
    // accurate–inaccurate (4 steps) is widest; mixed sits two steps from each.
    expect(divergence?.reason).toBe('Rosa Reviewer rated it Accurate and Ed Editor rated it Inaccurate: 4 steps apart.');
    const tie = findReviewerDivergence([rating(9, 3, 'inaccurate'), rating(8, 2, 'mixed'), rating(4, 1, 'mixed')]);
    expect(tie?.reason).toBe('Rosa Reviewer rated it Mixed and Ed Editor rated it Inaccurate: 2 steps apart.');
    expect(tie?.reviewerIds).toEqual([1, 2, 3]);
  });
});

describe('findReviewerDivergence: reason', () => {
  it('reads as a sentence naming both reviewers, their labels and the steps between them', () => {
    const divergence = findReviewerDivergence([rating(3, 1, 'mostly_inaccurate'), rating(4, 2, 'accurate')]);
    expect(divergence?.reason).toBe(
      'Rosa Reviewer rated it Mostly inaccurate and Ravi Reviewer rated it Accurate: 3 steps apart.',
    );
  });

  it('names the earlier assessment first whatever the input order', () => {
    const divergence = findReviewerDivergence([rating(4, 2, 'accurate'), rating(3, 1, 'mostly_inaccurate')]);
    expect(divergence?.reason).toBe(
      'Rosa Reviewer rated it Mostly inaccurate and Ravi Reviewer rated it Accurate: 3 steps apart.',
    );
  });

  it('names the unverifiable rating first', () => {
    const expected = 'Rosa Reviewer rated it Unverifiable; Ravi Reviewer rated it Accurate.';
    expect(findReviewerDivergence([rating(1, 1, 'unverifiable'), rating(2, 2, 'accurate')])?.reason).toBe(expected);
    expect(findReviewerDivergence([rating(1, 2, 'accurate'), rating(2, 1, 'unverifiable')])?.reason).toBe(expected);
  });
});

describe('findReviewerDivergence: key', () => {
  const a = rating(12, 1, 'accurate');
  const b = rating(3, 2, 'inaccurate');
  const c = rating(7, 3, 'mostly_accurate');

  it('lists the assessment ids in ascending numeric order', () => {
    expect(findReviewerDivergence([a, b, c])?.key).toBe('reviewers:3,7,12');
    expect(assessmentSetKey([a, b, c])).toBe('reviewers:3,7,12');
  });

  it('is the same whatever order the assessments arrive in', () => {
    const keys = [
      [a, b, c],
      [c, b, a],
      [b, a, c],
    ].map((set) => findReviewerDivergence(set)?.key);
    expect(new Set(keys)).toEqual(new Set(['reviewers:3,7,12']));
  });

  it('changes when a reviewer changes their rating, even back to the same divergence', () => {
    const before = findReviewerDivergence([a, b]);
    const changed = findReviewerDivergence([a, rating(20, 2, 'mostly_inaccurate')]);
    expect(changed).not.toBeNull();
    expect(changed?.key).not.toBe(before?.key);
    expect(changed?.key).toBe('reviewers:12,20');
  });

  it('covers every current assessment, not only the diverging ones', () => {
    expect(findReviewerDivergence([a, b])?.key).toBe('reviewers:3,12');
    expect(findReviewerDivergence([a, b, c])?.key).toBe('reviewers:3,7,12');
  });
});
