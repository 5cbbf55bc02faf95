import 'server-only';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { evidence, sources, users, type Evidence } from '../schema';

export type NewEvidenceRow = typeof evidence.$inferInsert;

export function insertEvidence(tx: DbOrTx, values: NewEvidenceRow): Evidence {
  return tx.insert(evidence).values(values).returning().get();
}

export function getEvidence(db: DbOrTx, id: number): Evidence | undefined {
  return db.select().from(evidence).where(eq(evidence.id, id)).get();
}

/**
 * Applies a change only if the row is still at the version the editor read; returns the new row,
 * or undefined when someone else saved first (the caller reports the conflict).
 */
export function updateEvidenceAtVersion(
  tx: DbOrTx,
  id: number,
  version: number,
  changes: Partial<Omit<NewEvidenceRow, 'id' | 'claimId' | 'addedBy' | 'version'>>,
): Evidence | undefined {
  return tx
    .update(evidence)
    .set({ ...changes, updatedAt: new Date().toISOString(), version: sql`${evidence.version} + 1` })
    .where(and(eq(evidence.id, id), eq(evidence.version, version)))
    .returning()
    .get();
}

const publisher = alias(sources, 'publisher');
const adder = alias(users, 'adder');

/** A claim's evidence, oldest first, with who added it and the publisher's name. */
export function listClaimEvidence(db: DbOrTx, claimId: number) {
  return db
    .select({
      id: evidence.id,
      url: evidence.url,
      title: evidence.title,
      publisherId: evidence.publisherId,
      publisherName: publisher.name,
      publishedOn: evidence.publishedOn,
      quoteExact: evidence.quoteExact,
      quotePrefix: evidence.quotePrefix,
      quoteSuffix: evidence.quoteSuffix,
      stance: evidence.stance,
      note: evidence.note,
      addedBy: evidence.addedBy,
      addedByName: adder.name,
      createdAt: evidence.createdAt,
      updatedAt: evidence.updatedAt,
      retractedAt: evidence.retractedAt,
      retractionReason: evidence.retractionReason,
      version: evidence.version,
    })
    .from(evidence)
    .leftJoin(publisher, eq(publisher.id, evidence.publisherId))
    .innerJoin(adder, eq(adder.id, evidence.addedBy))
    .where(eq(evidence.claimId, claimId))
    .orderBy(asc(evidence.id))
    .all();
}

export type ClaimEvidence = ReturnType<typeof listClaimEvidence>[number];

export function countActiveEvidence(db: DbOrTx, claimId: number): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(evidence)
      .where(and(eq(evidence.claimId, claimId), isNull(evidence.retractedAt)))
      .get()?.n ?? 0
  );
}

/** The ids among `ids` that are evidence of this claim and not retracted. */
export function activeEvidenceIdsOfClaim(db: DbOrTx, claimId: number, ids: readonly number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db
    .select({ id: evidence.id })
    .from(evidence)
    .where(and(eq(evidence.claimId, claimId), isNull(evidence.retractedAt), inArray(evidence.id, [...ids])))
    .all();
  return new Set(rows.map((r) => r.id));
}
