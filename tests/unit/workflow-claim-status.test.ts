import { describe, expect, it } from 'vitest';
import { CLAIM_STATUSES } from '@/db/enums';
import type { ClaimStatus } from '@/db/schema';
import { canCorrect, canPublish, canRetract, nextReviewStatus, statusAgreesWithReview } from '@/lib/review/claim-status';

type Row = [current: ClaimStatus, assessmentCount: number, reviewReady: boolean, expected: ClaimStatus];

// Every status against each review state a claim can be in.
const TRANSITIONS: Row[] = [
  ['draft', 0, false, 'draft'],
  ['draft', 1, false, 'in_review'],
  ['draft', 3, false, 'in_review'],
  ['draft', 2, true, 'ready'],
  ['draft', 0, true, 'draft'],
  ['in_review', 0, false, 'draft'],
  ['in_review', 1, false, 'in_review'],
  ['in_review', 2, true, 'ready'],
  ['in_review', 0, true, 'draft'],
  ['ready', 2, true, 'ready'],
  ['ready', 2, false, 'in_review'],
  ['ready', 1, false, 'in_review'],
  ['ready', 0, false, 'draft'],
  ['published', 0, false, 'published'],
  ['published', 1, false, 'published'],
  ['published', 2, true, 'published'],
  ['retracted', 0, false, 'retracted'],
  ['retracted', 1, false, 'retracted'],
  ['retracted', 2, true, 'retracted'],
];

describe('nextReviewStatus', () => {
  it.each(TRANSITIONS)('%s with %i assessments (review-ready: %s) → %s', (current, assessmentCount, reviewReady, expected) => {
    expect(nextReviewStatus(current, { assessmentCount, reviewReady })).toBe(expected);
  });

  it('covers every status in the table', () => {
    expect(new Set(TRANSITIONS.map(([current]) => current))).toEqual(new Set(CLAIM_STATUSES));
  });

  it('calls a claim in review or ready only while it holds an assessment (issue 14)', () => {
    for (const current of CLAIM_STATUSES.filter((s) => s !== 'published' && s !== 'retracted')) {
      for (const reviewReady of [false, true]) {
        expect(nextReviewStatus(current, { assessmentCount: 0, reviewReady })).toBe('draft');
        expect(nextReviewStatus(current, { assessmentCount: 1, reviewReady })).not.toBe('draft');
      }
    }
  });
});

describe('publication, correction and retraction', () => {
  const allowed = (test: (s: ClaimStatus) => boolean) => CLAIM_STATUSES.filter(test);

  it('publishes for the first time only from ready', () => {
    expect(allowed(canPublish)).toEqual(['ready']);
  });

  it('corrects only a published claim', () => {
    expect(allowed(canCorrect)).toEqual(['published']);
  });

  it('retracts only a published claim', () => {
    expect(allowed(canRetract)).toEqual(['published']);
  });
});

describe('statusAgreesWithReview', () => {
  it('accepts only the status the rules give, and a verdict status only with a verdict', () => {
    expect(statusAgreesWithReview('in_review', { assessmentCount: 0, reviewReady: false, published: false })).toBe(false);
    expect(statusAgreesWithReview('draft', { assessmentCount: 0, reviewReady: false, published: false })).toBe(true);
    expect(statusAgreesWithReview('in_review', { assessmentCount: 1, reviewReady: false, published: false })).toBe(true);
    expect(statusAgreesWithReview('ready', { assessmentCount: 2, reviewReady: true, published: false })).toBe(true);
    expect(statusAgreesWithReview('published', { assessmentCount: 2, reviewReady: true, published: false })).toBe(false);
    expect(statusAgreesWithReview('published', { assessmentCount: 0, reviewReady: false, published: true })).toBe(true);
  });
});
