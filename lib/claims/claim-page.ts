import 'server-only';
import type { Db } from '@/db/open';
import { listClaimHistory } from '@/db/queries/audit';
import { getClaimDetail } from '@/db/queries/claims';
import { listClaimDisagreements, listComments } from '@/db/queries/disagreements';
import { listClaimEvidence } from '@/db/queries/evidence';
import { getVerdictDraft, listVerdictCitations, listVerdictVersions } from '@/db/queries/verdicts';
import { visibleAssessments } from '../review/assessments';
import { auditEventAsSeen, disagreementAsSeen, ratingSight, ratingSightOf } from '../review/blind-rating';
import { mayEditClaim } from './claims';
import { AppError } from '../errors';
import { describeHistoryEvent } from '../history/history-text';
import { assertCan, can, type Actor } from '../auth/permissions';
import { claimReadiness, publishReadiness } from '../verdicts/verdicts';

/**
 * Everything the claim page shows, read for one actor: blind rating and editor-only panels are
 * decided here, next to the reads, not in the page.
 */
export function loadClaimPage(db: Db, actor: Actor, claimId: number) {
  assertCan(actor, 'claim:read');
  const claim = getClaimDetail(db, claimId);
  if (!claim) throw new AppError('not_found', 'Claim not found.');
  const evidence = listClaimEvidence(db, claimId);
  const assessments = visibleAssessments(db, actor, claimId);
  const disagreements = listClaimDisagreements(db, claimId);
  const comments = listComments(db, disagreements.map((d) => d.id));
  const versions = listVerdictVersions(db, claimId);
  const citations = listVerdictCitations(db, versions.map((v) => v.id));
  const mayDraft = can(actor, 'verdict:draft');
  // One rule for everything derived from ratings on this page (lib/review/blind-rating.ts).
  const sight = ratingSight(actor, assessments.own !== null);
  const history = listClaimHistory(db, claimId).map((event) => describeHistoryEvent(auditEventAsSeen(event, sight)));
  return {
    claim,
    evidence,
    assessments,
    disagreements: disagreements.map((d) =>
      disagreementAsSeen(
        d,
        comments.filter((c) => c.disagreementId === d.id),
        // A sources' disagreement may belong to the claim on its other side.
        d.claimId === claimId ? sight : ratingSightOf(db, actor, d.claimId),
      ),
    ),
    verdict: {
      versions: versions.map((v) => ({ ...v, citedEvidenceIds: citations.get(v.id) ?? [] })),
      // Drafting is the editors' (who see every rating); a draft's label and text come from ratings.
      draft: mayDraft && sight.revealed ? (getVerdictDraft(db, claimId) ?? null) : null,
      // Reviewers read the claim's side of the checklist; the verdict text's gaps are the editors'.
      readiness: mayDraft ? publishReadiness(db, claimId) : claimReadiness(db, claimId),
    },
    history,
    permissions: {
      actorId: actor.kind === 'user' ? actor.id : null,
      editAnyEvidence: can(actor, 'evidence:edit_any'),
      draftVerdict: mayDraft,
      publishVerdict: can(actor, 'verdict:publish'),
      resolveDisagreements: can(actor, 'disagreement:resolve'),
      editClaim: mayEditClaim(actor, claim.status),
    },
  };
}

export type ClaimPageData = ReturnType<typeof loadClaimPage>;
