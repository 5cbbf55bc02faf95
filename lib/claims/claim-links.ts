import 'server-only';
import type { Db } from '@/db/open';
import { recordAuditEvent } from '@/db/queries/audit';
import { findClaimLink, insertClaimLink } from '@/db/queries/claim-links';
import { getClaimStatus, getQuantity } from '@/db/queries/claims';
import { findDisagreementByTrigger, insertDisagreement } from '@/db/queries/disagreements';
import type { ClaimLink } from '@/db/schema';
import { refreshReviewState, syncClaimFlags } from '../review/review-state';
import { AppError } from '../errors';
import { assertCan, auditActor, type Actor } from '../auth/permissions';
import type { ClaimLinkCreate } from '../validation/claim-link';
import { compareFigures, describeComparison } from '../review/figures';

export interface LinkResult {
  link: ClaimLink;
  /** Set when a "contradicts" link joined figures that are not directly comparable. */
  notice: string | null;
}

/**
 * Links two claims. A "contradicts" link opens a sources' disagreement — unless both claims carry
 * figures for the same measure that are not directly comparable, which is said instead.
 */
export function linkClaims(db: Db, actor: Actor, input: ClaimLinkCreate): LinkResult {
  assertCan(actor, 'link:create');
  if (input.claimId === input.otherClaimId) {
    throw new AppError('bad_request', 'A claim cannot be linked to itself.', { otherClaimId: ['A claim cannot be linked to itself'] });
  }
  return db.transaction((tx) => {
    if (!getClaimStatus(tx, input.claimId)) throw new AppError('not_found', 'That claim does not exist.');
    if (!getClaimStatus(tx, input.otherClaimId)) {
      throw new AppError('bad_request', 'Please fix the highlighted fields.', { otherClaimId: [`There is no claim ${input.otherClaimId}`] });
    }
    if (findClaimLink(tx, input.claimId, input.otherClaimId, input.kind)) {
      throw new AppError('conflict', 'These claims are already linked that way.', { kind: ['Already linked this way'] });
    }
    const audit = auditActor(actor);
    const link = insertClaimLink(tx, {
      fromClaimId: input.claimId,
      toClaimId: input.otherClaimId,
      kind: input.kind,
      note: input.note,
      createdBy: audit.actorUserId,
    });
    recordAuditEvent(tx, { ...audit, action: 'claim_link.create', entityType: 'claim_link', entityId: link.id, claimId: input.claimId, after: link });
    recordAuditEvent(tx, { ...audit, action: 'claim_link.create', entityType: 'claim_link', entityId: link.id, claimId: input.otherClaimId, after: link });

    let notice: string | null = null;
    if (link.kind === 'contradicts') {
      const a = getQuantity(tx, link.fromClaimId);
      const b = getQuantity(tx, link.toClaimId);
      const comparison = a && b && a.measureId === b.measureId ? compareFigures({ ...a }, { ...b }) : null;
      if (comparison && !comparison.comparable) {
        notice = describeComparison(comparison);
      } else if (!findDisagreementByTrigger(tx, link.fromClaimId, `link:${link.id}`)) {
        const row = insertDisagreement(tx, {
          claimId: link.fromClaimId,
          relatedClaimId: link.toClaimId,
          kind: 'sources',
          reason: `Linked as contradicting claim ${link.toClaimId}.${link.note ? ` ${link.note}` : ''}`,
          triggerKey: `link:${link.id}`,
          openedBy: audit.actorUserId,
        });
        recordAuditEvent(tx, { ...audit, action: 'disagreement.open_auto', entityType: 'disagreement', entityId: row.id, claimId: row.claimId, after: row });
      }
    }
    refreshReviewState(tx, actor, link.fromClaimId);
    syncClaimFlags(tx, actor, link.toClaimId);
    return { link, notice };
  });
}
