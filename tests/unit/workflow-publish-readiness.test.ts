import { describe, expect, it } from 'vitest';
import {
  checkPublishReadiness,
  DEFAULT_REQUIRED_ASSESSMENTS,
  reviewReadiness,
  type ReadinessInput,
  type VerdictDraft,
} from '@/lib/review/publish-readiness';

const draft: VerdictDraft = { label: 'mostly_accurate', headline: 'Mostly accurate', explanation: 'The Pentagon said so.' };

const complete: ReadinessInput = {
  hasClaimant: true,
  appearanceCount: 1,
  activeEvidenceCount: 1,
  currentAssessmentReviewerIds: [1, 2],
  requiredAssessments: DEFAULT_REQUIRED_ASSESSMENTS,
  openDisagreementCount: 0,
  draft,
};

function check(changes: Partial<ReadinessInput>) {
  return checkPublishReadiness({ ...complete, ...changes });
}

function keys(changes: Partial<ReadinessInput>) {
  return check(changes).missing.map((item) => item.key);
}

describe('checkPublishReadiness', () => {
  it('is ready when everything is there', () => {
    expect(checkPublishReadiness(complete)).toEqual({ ready: true, missing: [] });
  });

  it('defaults to two required assessments', () => {
    expect(DEFAULT_REQUIRED_ASSESSMENTS).toBe(2);
  });

  it('needs a claimant', () => {
    expect(check({ hasClaimant: false })).toEqual({
      ready: false,
      missing: [{ key: 'claimant', message: 'Name the claimant: who made the claim.' }],
    });
  });

  it('needs an appearance', () => {
    expect(check({ appearanceCount: 0 })).toEqual({
      ready: false,
      missing: [{ key: 'appearance', message: 'Add at least one appearance: where the claim was made or reported.' }],
    });
  });

  it('needs an evidence item that has not been retracted', () => {
    expect(check({ activeEvidenceCount: 0 })).toEqual({
      ready: false,
      missing: [{ key: 'evidence', message: 'Attach at least one evidence item.' }],
    });
  });

  it('counts the assessments still needed', () => {
    expect(check({ currentAssessmentReviewerIds: [1] }).missing).toEqual([
      { key: 'assessments', message: 'Needs 1 more assessment by a different reviewer (1 of 2).' },
    ]);
    expect(check({ currentAssessmentReviewerIds: [] }).missing).toEqual([
      { key: 'assessments', message: 'Needs 2 more assessments by different reviewers (0 of 2).' },
    ]);
  });

  it('is satisfied by exactly the required number, and by more', () => {
    expect(check({ currentAssessmentReviewerIds: [4, 9] }).ready).toBe(true);
    expect(check({ currentAssessmentReviewerIds: [4, 9, 11] }).ready).toBe(true);
  });

  it('counts two assessments by the same reviewer once', () => {
    expect(check({ currentAssessmentReviewerIds: [4, 4] }).missing).toEqual([
      { key: 'assessments', message: 'Needs 1 more assessment by a different reviewer (1 of 2).' },
    ]);
  });

  it('follows the setting: one required assessment', () => {
    expect(check({ requiredAssessments: 1, currentAssessmentReviewerIds: [4] }).ready).toBe(true);
    expect(check({ requiredAssessments: 1, currentAssessmentReviewerIds: [] }).missing).toEqual([
      { key: 'assessments', message: 'Needs 1 more assessment by a different reviewer (0 of 1).' },
    ]);
  });

  it('follows the setting: three required assessments', () => {
    expect(check({ requiredAssessments: 3, currentAssessmentReviewerIds: [4, 9] }).missing).toEqual([
      { key: 'assessments', message: 'Needs 1 more assessment by a different reviewer (2 of 3).' },
    ]);
    expect(check({ requiredAssessments: 3, currentAssessmentReviewerIds: [4, 4, 9, 9] }).missing).toEqual([
      { key: 'assessments', message: 'Needs 1 more assessment by a different reviewer (2 of 3).' },
    ]);
    expect(check({ requiredAssessments: 3, currentAssessmentReviewerIds: [4] }).missing).toEqual([
      { key: 'assessments', message: 'Needs 2 more assessments by different reviewers (1 of 3).' },
    ]);
    expect(check({ requiredAssessments: 3, currentAssessmentReviewerIds: [4, 9, 11] }).ready).toBe(true);
  });

  it('needs every open disagreement resolved, counting them', () => {
    expect(check({ openDisagreementCount: 1 }).missing).toEqual([
      { key: 'disagreements', message: 'Resolve the 1 open disagreement.' },
    ]);
    expect(check({ openDisagreementCount: 3 }).missing).toEqual([
      { key: 'disagreements', message: 'Resolve the 3 open disagreements.' },
    ]);
  });

  it('needs a rating label', () => {
    expect(check({ draft: { ...draft, label: null } }).missing).toEqual([
      { key: 'label', message: 'Choose a rating label.' },
    ]);
  });

  it('accepts unverifiable as a verdict label', () => {
    expect(check({ draft: { ...draft, label: 'unverifiable' } }).ready).toBe(true);
  });

  it('needs a headline, and whitespace is not one', () => {
    for (const headline of ['', '   ', '\n\t']) {
      expect(check({ draft: { ...draft, headline } }).missing).toEqual([
        { key: 'headline', message: 'Write a headline.' },
      ]);
    }
  });

  it('needs an explanation, and whitespace is not one', () => {
    for (const explanation of ['', ' \n ']) {
      expect(check({ draft: { ...draft, explanation } }).missing).toEqual([
        { key: 'explanation', message: 'Write an explanation.' },
      ]);
    }
  });

  it('lists label, headline and explanation when there is no draft at all', () => {
    expect(keys({ draft: null })).toEqual(['label', 'headline', 'explanation']);
  });

  it('lists everything missing together, in working order', () => {
    const result = checkPublishReadiness({
      hasClaimant: false,
      appearanceCount: 0,
      activeEvidenceCount: 0,
      currentAssessmentReviewerIds: [],
      requiredAssessments: 2,
      openDisagreementCount: 2,
      draft: null,
    });
    expect(result.ready).toBe(false);
    expect(result.missing.map((item) => item.message)).toEqual([
      'Name the claimant: who made the claim.',
      'Add at least one appearance: where the claim was made or reported.',
      'Attach at least one evidence item.',
      'Needs 2 more assessments by different reviewers (0 of 2).',
      'Resolve the 2 open disagreements.',
      'Choose a rating label.',
      'Write a headline.',
      'Write an explanation.',
    ]);
  });

  it('combines a few gaps without adding others', () => {
    expect(keys({ activeEvidenceCount: 0, openDisagreementCount: 1, draft: { ...draft, headline: ' ' } })).toEqual([
      'evidence',
      'disagreements',
      'headline',
    ]);
    expect(keys({ hasClaimant: false, currentAssessmentReviewerIds: [1, 1] })).toEqual(['claimant', 'assessments']);
  });
});

describe('reviewReadiness', () => {
  const { draft: _draft, ...review } = complete;

  it('is ready without any verdict text', () => {
    expect(reviewReadiness(review)).toEqual({ ready: true, missing: [] });
  });

  it('reports the same gaps as publishing, minus the verdict', () => {
    const gaps = { ...review, appearanceCount: 0, currentAssessmentReviewerIds: [7], openDisagreementCount: 1 };
    const result = reviewReadiness(gaps);
    expect(result.ready).toBe(false);
    expect(result.missing.map((item) => item.key)).toEqual(['appearance', 'assessments', 'disagreements']);
    expect(checkPublishReadiness({ ...gaps, draft: null }).missing.slice(0, 3)).toEqual(result.missing);
  });

  it('is not ready while a disagreement is open', () => {
    expect(reviewReadiness({ ...review, openDisagreementCount: 1 }).ready).toBe(false);
  });
});
