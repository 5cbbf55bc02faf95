import 'server-only';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { assessments } from '../schema';

/** Of the given claims, those the reviewer holds a current assessment of (the blind-rating test for queues). */
export function listAssessedClaimIds(db: DbOrTx, reviewerId: number, claimIds: readonly number[]): Set<number> {
  const ids = [...new Set(claimIds)];
  if (ids.length === 0) return new Set();
  const rows = db
    .selectDistinct({ claimId: assessments.claimId })
    .from(assessments)
    .where(and(eq(assessments.reviewerId, reviewerId), isNull(assessments.supersededAt), inArray(assessments.claimId, ids)))
    .all();
  return new Set(rows.map((row) => row.claimId));
}
