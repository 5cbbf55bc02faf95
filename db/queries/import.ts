import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { claims, sources } from '../schema';

/** The lookups the bulk import (lib/import) matches its rows by. */

/** Every source's name and kind, for matching names without regard to case. */
export function listSourceNames(db: DbOrTx) {
  return db.select({ id: sources.id, name: sources.name, kind: sources.kind }).from(sources).all();
}

/** The claim a claimant made with these words on this day, if it is already recorded. */
export function findClaimByNaturalKey(db: DbOrTx, key: { claimantId: number; statement: string; claimedOn: string }) {
  return db
    .select({ id: claims.id })
    .from(claims)
    .where(and(eq(claims.claimantId, key.claimantId), eq(claims.statement, key.statement), eq(claims.claimedOn, key.claimedOn)))
    .get();
}
