import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listCurrentAssessments } from '@/db/queries/assessments';
import { countResolvedReviewerDisagreements } from '@/db/queries/insights';
import { getLatestVerdict } from '@/db/queries/verdicts';
import type { RatingLabel } from '@/db/schema';
import { assertCan, type Actor } from '@/lib/auth/permissions';
import { ratingSightOf } from '@/lib/review/blind-rating';
import { ratingMethodOf, type RatingMethod } from './method-note';

/** The rating method as it stands for a claim rated with this verdict label (at publication: what the snapshot keeps). */
export function currentRatingMethod(db: DbOrTx, claimId: number, verdict: RatingLabel): RatingMethod {
  const labels = listCurrentAssessments(db, claimId).map((a) => a.label);
  return ratingMethodOf(labels, verdict, countResolvedReviewerDisagreements(db, claimId));
}

export interface RatingProcess extends RatingMethod {
  verdict: RatingLabel;
}

/**
 * "How the rating was reached" on the claim page: only once a verdict is published (never while
 * the claim is being rated), and, blind rating's rule, only for a viewer who may see the claim's
 * ratings (editors, and reviewers who rated it). Live: today's current assessments against the
 * current verdict.
 */
export function loadRatingProcess(db: DbOrTx, actor: Actor, claim: { id: number; status: string }): RatingProcess | null {
  assertCan(actor, 'claim:read');
  if (claim.status !== 'published') return null;
  if (!ratingSightOf(db, actor, claim.id).revealed) return null;
  const verdict = getLatestVerdict(db, claim.id);
  if (!verdict || verdict.kind === 'retraction') return null;
  return { ...currentRatingMethod(db, claim.id, verdict.label), verdict: verdict.label };
}
