import type { ClaimStatus } from '@/db/schema';

export interface ReviewState {
  /** Current assessments of the claim. */
  assessmentCount: number;
  /** Whether `reviewReadiness` passes. */
  reviewReady: boolean;
}

/**
 * The status a claim should have after its review inputs change (the workflow: draft → in_review
 * → ready). Publication and retraction are editors' acts, so those statuses never change here.
 * The words mean what they say: a claim is "in review" only while it holds at least one current
 * assessment, and "ready" only when the review is complete; without an assessment it is a draft,
 * whatever it was before (a claim whose only rating was withdrawn goes back to draft).
 */
export function nextReviewStatus(current: ClaimStatus, review: ReviewState): ClaimStatus {
  if (current === 'published' || current === 'retracted') return current;
  if (review.assessmentCount === 0) return 'draft';
  return review.reviewReady ? 'ready' : 'in_review';
}

/** Whether a claim's stored status agrees with the workflow rules, given what it holds. */
export function statusAgreesWithReview(status: ClaimStatus, review: ReviewState & { published: boolean }): boolean {
  if (review.published) return status === 'published' || status === 'retracted';
  return status === nextReviewStatus('draft', review);
}

/** First publication only: a published claim changes through a correction instead. */
export function canPublish(current: ClaimStatus): boolean {
  return current === 'ready';
}

export function canCorrect(current: ClaimStatus): boolean {
  return current === 'published';
}

export function canRetract(current: ClaimStatus): boolean {
  return current === 'published';
}
