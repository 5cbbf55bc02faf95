import 'server-only';
import type { Tx } from '@/db/open';
import { listCurrentAssessments } from '@/db/queries/assessments';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimRow, getQuantity, listSiblingFigures, setClaimFlags } from '@/db/queries/claims';
import { countActiveEvidence } from '@/db/queries/evidence';
import {
  countOpenDisagreements,
  findDisagreementByTrigger,
  insertDisagreement,
} from '@/db/queries/disagreements';
import { appearanceCount } from '@/db/queries/appearances';
import { auditActor, type DomainActor } from '../auth/permissions';
import { nextReviewStatus } from './claim-status';
import { compareFigures, describeComparison, type Figure } from './figures';
import { requiredAssessments } from '../admin/organisation';
import { reviewReadiness, type Readiness } from './publish-readiness';
import { findReviewerDivergence } from './reviewer-divergence';

/** Opens an automatic disagreement once per trigger; a resolved one is not reopened by the same trigger. */
function openAutomatically(
  tx: Tx,
  actor: DomainActor,
  claimId: number,
  values: { kind: 'reviewers' | 'sources'; reason: string; triggerKey: string; relatedClaimId?: number },
): void {
  if (findDisagreementByTrigger(tx, claimId, values.triggerKey)) return;
  const row = insertDisagreement(tx, { claimId, openedBy: null, ...values });
  recordAuditEvent(tx, {
    ...auditActor(actor),
    action: 'disagreement.open_auto',
    entityType: 'disagreement',
    entityId: row.id,
    claimId,
    after: row,
  });
}

function figureOf(row: Omit<Figure, 'claimId'> & { claimId: number }): Figure {
  return { claimId: row.claimId, value: row.value, low: row.low, high: row.high, unit: row.unit, bound: row.bound, modality: row.modality, asOf: row.asOf };
}

/**
 * Two figures for one measure that are comparable and do not overlap open a sources' disagreement.
 * Returns the other claims involved, whose flags change too.
 */
function detectFigureConflicts(tx: Tx, actor: DomainActor, claimId: number): number[] {
  const own = getQuantity(tx, claimId);
  if (!own) return [];
  const involved: number[] = [];
  for (const other of listSiblingFigures(tx, claimId, own.measureId)) {
    const comparison = compareFigures(figureOf(own), figureOf(other));
    if (!comparison.comparable || comparison.overlap) continue;
    const [a, b] = claimId < other.claimId ? [own, other] : [other, own];
    openAutomatically(tx, actor, a.claimId, {
      kind: 'sources',
      reason: `Figures for the same measure do not overlap (claims ${a.claimId} and ${b.claimId}). ${describeComparison(comparison)}`,
      triggerKey: `figures:${a.claimId}@${a.version}:${b.claimId}@${b.version}`,
      relatedClaimId: b.claimId,
    });
    involved.push(other.claimId);
  }
  return involved;
}

export function reviewReadinessOf(tx: Tx, claimId: number): Readiness {
  const assessments = listCurrentAssessments(tx, claimId);
  return reviewReadiness({
    hasClaimant: true,
    appearanceCount: appearanceCount(tx, claimId),
    activeEvidenceCount: countActiveEvidence(tx, claimId),
    currentAssessmentReviewerIds: assessments.map((a) => a.reviewerId),
    requiredAssessments: requiredAssessments(tx),
    openDisagreementCount: countOpenDisagreements(tx, claimId),
  });
}

/**
 * After any change that bears on a claim's review — an assessment, evidence, a link, a figure, a
 * disagreement resolved — apply the workflow rules in the same transaction: open disagreements
 * the rules call for, then bring the status and the disputed flag up to date (audited).
 */
export function refreshReviewState(tx: Tx, actor: DomainActor, claimId: number): void {
  const assessments = listCurrentAssessments(tx, claimId);
  const divergence = findReviewerDivergence(
    assessments.map((a) => ({ assessmentId: a.id, reviewerId: a.reviewerId, reviewerName: a.reviewerName, label: a.label, confidence: a.confidence })),
  );
  if (divergence) {
    // Keyed by who rated what among the diverging reviewers: a new rationale or confidence, or a
    // third reviewer who agrees, does not reopen a resolved disagreement; a changed label does.
    const labels = divergence.reviewerIds.map((id) => `${id}=${assessments.find((a) => a.reviewerId === id)?.label ?? ''}`);
    openAutomatically(tx, actor, claimId, { kind: 'reviewers', reason: divergence.reason, triggerKey: `reviewers:${labels.join(',')}` });
  }
  const others = detectFigureConflicts(tx, actor, claimId);
  for (const id of [claimId, ...others]) syncClaimFlags(tx, actor, id);
}

/** Recomputes status and the disputed flag of one claim; writes only when they change. */
export function syncClaimFlags(tx: Tx, actor: DomainActor, claimId: number): void {
  const claim = getClaimRow(tx, claimId);
  if (!claim) return;
  const readiness = reviewReadinessOf(tx, claimId);
  const status = nextReviewStatus(claim.status, {
    assessmentCount: listCurrentAssessments(tx, claimId).length,
    reviewReady: readiness.ready,
  });
  const disputed = countOpenDisagreements(tx, claimId) > 0;
  if (status === claim.status && disputed === claim.disputed) return;
  setClaimFlags(tx, claimId, { status, disputed });
  recordAuditEvent(tx, {
    ...auditActor(actor),
    action: 'claim.review_state',
    entityType: 'claim',
    entityId: claimId,
    claimId,
    before: { status: claim.status, disputed: claim.disputed },
    after: { status, disputed },
  });
}
