import 'server-only';
import type { DbOrTx } from '@/db/open';
import { listOpenDisagreements } from '@/db/queries/disagreements';
import { carriesRatings, ratingSightsOf } from './blind-rating';
import { assertCan, type Actor } from '../auth/permissions';

/**
 * Open disagreements for a queue, read for one actor. Blind rating applies here as on the claim
 * page (lib/review/blind-rating.ts): a disagreement that carries ratings keeps its reason (`null` below)
 * from a reviewer until they hold a current assessment of that claim. Editors see every reason.
 */
export function loadDisagreementQueue(db: DbOrTx, actor: Actor, options: { participantId?: number; limit?: number } = {}) {
  assertCan(actor, 'claim:read');
  const rows = listOpenDisagreements(db, options);
  const sightOf = ratingSightsOf(db, actor, rows.filter(carriesRatings).map((row) => row.claimId));
  return rows.map((row) => {
    const hidden = carriesRatings(row) && !sightOf(row.claimId).revealed;
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
