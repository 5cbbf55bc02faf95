import type { RatingLabel } from '@/db/schema';

/** How many current assessments by different reviewers a claim needs, unless the organisation says otherwise. */
export const DEFAULT_REQUIRED_ASSESSMENTS = 2;

export interface VerdictDraft {
  label: RatingLabel | null;
  headline: string;
  explanation: string;
}

export interface ReadinessInput {
  hasClaimant: boolean;
  appearanceCount: number;
  /** Evidence items not retracted. */
  activeEvidenceCount: number;
  /** The reviewer of each current assessment; one reviewer counts once however often listed. */
  currentAssessmentReviewerIds: readonly number[];
  requiredAssessments: number;
  openDisagreementCount: number;
  draft: VerdictDraft | null;
}

export type ReadinessKey =
  | 'claimant'
  | 'appearance'
  | 'evidence'
  | 'assessments'
  | 'disagreements'
  | 'label'
  | 'headline'
  | 'explanation';

export interface ReadinessItem {
  key: ReadinessKey;
  message: string;
}

export interface Readiness {
  ready: boolean;
  missing: ReadinessItem[];
}

function plural(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}

function result(missing: ReadinessItem[]): Readiness {
  return { ready: missing.length === 0, missing };
}

/** What stands between a claim and review-readiness: everything publishing needs except the verdict text. */
export function reviewReadiness(input: Omit<ReadinessInput, 'draft'>): Readiness {
  const missing: ReadinessItem[] = [];
  if (!input.hasClaimant) {
    missing.push({ key: 'claimant', message: 'Name the claimant: who made the claim.' });
  }
  if (input.appearanceCount < 1) {
    missing.push({ key: 'appearance', message: 'Add at least one appearance: where the claim was made or reported.' });
  }
  if (input.activeEvidenceCount < 1) {
    missing.push({ key: 'evidence', message: 'Attach at least one evidence item.' });
  }

  const reviewers = new Set(input.currentAssessmentReviewerIds).size;
  const required = input.requiredAssessments;
  if (reviewers < required) {
    const more = required - reviewers;
    const what = plural(more, 'assessment by a different reviewer', 'assessments by different reviewers');
    missing.push({ key: 'assessments', message: `Needs ${more} more ${what} (${reviewers} of ${required}).` });
  }

  const open = input.openDisagreementCount;
  if (open > 0) {
    const what = plural(open, 'open disagreement', 'open disagreements');
    missing.push({ key: 'disagreements', message: `Resolve the ${open} ${what}.` });
  }
  return result(missing);
}

/**
 * Whether an editor may publish (a claimant, an appearance, evidence, the required number of
 * current assessments by different reviewers, no open disagreement, a rating, headline and explanation),
 * and if not, exactly what is missing, in the order a person would work through it. Whitespace-only
 * text counts as missing.
 */
export function checkPublishReadiness(input: ReadinessInput): Readiness {
  const missing = [...reviewReadiness(input).missing];
  const { draft } = input;
  if (!draft?.label) missing.push({ key: 'label', message: 'Choose a rating label.' });
  if (!draft?.headline.trim()) missing.push({ key: 'headline', message: 'Write a headline.' });
  if (!draft?.explanation.trim()) missing.push({ key: 'explanation', message: 'Write an explanation.' });
  return result(missing);
}
