import type { ClaimStatus } from '@/db/schema';

export interface ReviewState {
  /** Current assessments of the claim. */
  assessmentCount: number;
  /** Whether `reviewReadiness` passes. */
  reviewReady: boolean;
}

/**
 * The status a claim should have after its review inputs change (the workflow: draft → in_review
 * → ready). Publication and retraction are editors' acts, so those statuses never change here; and
 * a claim that has entered review never falls back to draft, even if an editor moved it there by
 * hand before anyone rated it or its assessments were later withdrawn.
 */
export function nextReviewStatus(current: ClaimStatus, review: ReviewState): ClaimStatus {
  if (current === 'published' || current === 'retracted') return current;
  if (review.reviewReady) return 'ready';
  if (review.assessmentCount >= 1) return 'in_review';
  return current === 'draft' ? 'draft' : 'in_review';
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
