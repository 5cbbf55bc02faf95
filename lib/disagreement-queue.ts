import type { DbOrTx } from '@/db/open';
import { listOpenDisagreements } from '@/db/queries/disagreements';
import { listAssessedClaimIds } from '@/db/queries/queue';
import { assertCan, can, type Actor } from './permissions';

/**
 * Open disagreements for a queue, read for one actor. Blind rating applies here as on the claim
 * page: a reviewers' disagreement names the ratings, so its reason (`null` below) stays hidden from
 * a reviewer until they hold a current assessment of that claim. Editors see every reason.
 */
export function loadDisagreementQueue(db: DbOrTx, actor: Actor, options: { participantId?: number; limit?: number } = {}) {
  assertCan(actor, 'claim:read');
  const rows = listOpenDisagreements(db, options);
  const seesAll = can(actor, 'assessment:see_all');
  const blindClaims = rows.filter((row) => row.kind === 'reviewers').map((row) => row.claimId);
  const assessed =
    seesAll || actor.kind !== 'user' ? new Set<number>() : listAssessedClaimIds(db, actor.id, blindClaims);
  return rows.map((row) => {
    const hidden = row.kind === 'reviewers' && !seesAll && !assessed.has(row.claimId);
    return {
      id: row.id,
      claimId: row.claimId,
      statement: row.statement,
      kind: row.kind,
      reason: hidden ? null : row.reason,
      openedAt: row.openedAt,
      openedByName: row.openedByName,
      relatedClaimId: row.relatedClaimId,
      relatedStatement: row.relatedStatement,
    };
  });
}

export type QueuedDisagreement = ReturnType<typeof loadDisagreementQueue>[number];
