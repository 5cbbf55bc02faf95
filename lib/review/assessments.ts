import 'server-only';
import type { Db, DbOrTx } from '@/db/open';
import {
  getCurrentAssessment,
  insertAssessment,
  insertAssessmentCitations,
  listAssessmentCitations,
  listCurrentAssessments,
  supersedeAssessment,
  type CurrentAssessmentRow,
} from '@/db/queries/assessments';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimStatus } from '@/db/queries/claims';
import { activeEvidenceIdsOfClaim } from '@/db/queries/evidence';
import type { Assessment } from '@/db/schema';
import { refreshReviewState } from './review-state';
import { AppError } from '../errors';
import { ratingSight } from './blind-rating';
import { assertCan, auditActor, type Actor } from '../auth/permissions';
import type { AssessmentInput } from '../validation/assessment';

/**
 * Records a reviewer's rating. Changing it supersedes the current one (kept in history) and adds
 * a new row, so the rule engine sees a new set of assessments.
 */
export function recordAssessment(db: Db, actor: Actor, input: AssessmentInput): Assessment {
  assertCan(actor, 'assessment:create');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Assessments are made by signed-in reviewers.');
  const cited = [...new Set(input.citedEvidenceIds)];
  return db.transaction((tx) => {
    const status = getClaimStatus(tx, input.claimId);
    if (!status) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
    if (status === 'retracted') throw new AppError('conflict', 'This claim’s verdict was retracted; it is closed to new ratings.');
    // The claim page hides the rating form once a verdict is out: changes go through a correction.
    if (status === 'published') throw new AppError('conflict', 'This claim’s verdict is published; ratings are closed. An editor changes the verdict with a correction.');
    const valid = activeEvidenceIdsOfClaim(tx, input.claimId, cited);
    const invalid = cited.filter((id) => !valid.has(id));
    if (invalid.length > 0) {
      throw new AppError('bad_request', 'Please fix the highlighted fields.', {
        citedEvidenceIds: [`Evidence ${invalid.join(', ')} is not active evidence of this claim`],
      });
    }
    const current = getCurrentAssessment(tx, input.claimId, actor.id);
    if (
      current &&
      current.label === input.label &&
      current.confidence === input.confidence &&
      current.rationale === input.rationale
    ) {
      return current;
    }
    const at = new Date().toISOString();
    if (current) supersedeAssessment(tx, current.id, at);
    const row = insertAssessment(tx, {
      claimId: input.claimId,
      reviewerId: actor.id,
      label: input.label,
      confidence: input.confidence,
      rationale: input.rationale,
      createdAt: at,
    });
    insertAssessmentCitations(tx, row.id, cited);
    recordAuditEvent(tx, {
      ...auditActor(actor),
      action: current ? 'assessment.update' : 'assessment.create',
      entityType: 'assessment',
      entityId: row.id,
      claimId: row.claimId,
      before: current ?? null,
      after: { ...row, citedEvidenceIds: cited },
    });
    refreshReviewState(tx, actor, row.claimId);
    return row;
  });
}

export interface VisibleAssessments {
  /** Whether the actor may see other reviewers' ratings (submitted their own, or an editor). */
  revealed: boolean;
  own: (CurrentAssessmentRow & { citedEvidenceIds: number[] }) | null;
  all: (CurrentAssessmentRow & { citedEvidenceIds: number[] })[];
  /** How many current assessments exist, shown even while blind so reviewers know others rated. */
  count: number;
}

/**
 * Blind rating: a reviewer sees other reviewers' assessments only after submitting their own;
 * editors and admins see all (the rule is lib/review/blind-rating.ts's, decided here next to the read).
 */
export function visibleAssessments(db: DbOrTx, actor: Actor, claimId: number): VisibleAssessments {
  assertCan(actor, 'claim:read');
  const rows = listCurrentAssessments(db, claimId);
  const citations = listAssessmentCitations(db, rows.map((r) => r.id));
  const withCitations = rows.map((r) => ({ ...r, citedEvidenceIds: citations.get(r.id) ?? [] }));
  const own = actor.kind === 'user' ? (withCitations.find((r) => r.reviewerId === actor.id) ?? null) : null;
  const { revealed } = ratingSight(actor, own !== null);
  return { revealed, own, all: revealed ? withCitations : own ? [own] : [], count: rows.length };
}
