import 'server-only';
import { and, eq, or } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { claimLinks, type ClaimLink, type LinkKind } from '../schema';

export function insertClaimLink(
  tx: DbOrTx,
  values: { fromClaimId: number; toClaimId: number; kind: LinkKind; note: string; createdBy: number | null },
): ClaimLink {
  return tx.insert(claimLinks).values(values).returning().get();
}

/** A link of this kind between the two claims in either direction. */
export function findClaimLink(db: DbOrTx, a: number, b: number, kind: LinkKind): ClaimLink | undefined {
  return db
    .select()
    .from(claimLinks)
    .where(
      and(
        eq(claimLinks.kind, kind),
        or(
          and(eq(claimLinks.fromClaimId, a), eq(claimLinks.toClaimId, b)),
          and(eq(claimLinks.fromClaimId, b), eq(claimLinks.toClaimId, a)),
        ),
      ),
    )
    .get();
}

/** Links touching a claim, either direction. */
export function listLinksOfClaim(db: DbOrTx, claimId: number): ClaimLink[] {
  return db
    .select()
    .from(claimLinks)
    .where(or(eq(claimLinks.fromClaimId, claimId), eq(claimLinks.toClaimId, claimId)))
    .all();
}
