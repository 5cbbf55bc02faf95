import 'server-only';
import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import {
  appearances,
  claimLinks,
  claims,
  measures,
  quantities,
  sources,
  type Claim,
  type ClaimStatus,
  type NewAppearance,
  type NewClaim,
  type NewQuantity,
} from '../schema';

export function insertClaim(tx: DbOrTx, values: NewClaim) {
  return tx.insert(claims).values(values).returning().get();
}

export function insertAppearance(tx: DbOrTx, values: NewAppearance) {
  return tx.insert(appearances).values(values).returning().get();
}

export function insertQuantity(tx: DbOrTx, values: NewQuantity) {
  return tx.insert(quantities).values(values).returning().get();
}

const publisher = alias(sources, 'publisher');
const otherClaim = alias(claims, 'other_claim');

/** Everything the claim page shows about a claim itself, or undefined when there is no such claim. */
export function getClaimDetail(db: DbOrTx, id: number) {
  const claim = db
    .select({
      id: claims.id,
      statement: claims.statement,
      claimedOn: claims.claimedOn,
      language: claims.language,
      context: claims.context,
      status: claims.status,
      disputed: claims.disputed,
      articleUrl: claims.articleUrl,
      createdAt: claims.createdAt,
      updatedAt: claims.updatedAt,
      version: claims.version,
      claimant: { id: sources.id, name: sources.name, kind: sources.kind },
    })
    .from(claims)
    .innerJoin(sources, eq(sources.id, claims.claimantId))
    .where(eq(claims.id, id))
    .get();
  if (!claim) return undefined;

  const claimAppearances = db
    .select({
      id: appearances.id,
      url: appearances.url,
      title: appearances.title,
      publishedOn: appearances.publishedOn,
      quote: appearances.quote,
      publisherId: appearances.publisherId,
      publisherName: publisher.name,
    })
    .from(appearances)
    .leftJoin(publisher, eq(publisher.id, appearances.publisherId))
    .where(eq(appearances.claimId, id))
    .orderBy(asc(appearances.id))
    .all();

  const quantity = db
    .select({
      value: quantities.value,
      low: quantities.low,
      high: quantities.high,
      unit: quantities.unit,
      bound: quantities.bound,
      modality: quantities.modality,
      asOf: quantities.asOf,
      measure: { id: measures.id, key: measures.key, name: measures.name },
    })
    .from(quantities)
    .innerJoin(measures, eq(measures.id, quantities.measureId))
    .where(eq(quantities.claimId, id))
    .get();

  const links = db
    .select({
      id: claimLinks.id,
      kind: claimLinks.kind,
      note: claimLinks.note,
      fromClaimId: claimLinks.fromClaimId,
      toClaimId: claimLinks.toClaimId,
      other: { id: otherClaim.id, statement: otherClaim.statement, status: otherClaim.status },
    })
    .from(claimLinks)
    .innerJoin(
      otherClaim,
      or(
        eq(otherClaim.id, claimLinks.toClaimId),
        eq(otherClaim.id, claimLinks.fromClaimId),
      ),
    )
    .where(or(eq(claimLinks.fromClaimId, id), eq(claimLinks.toClaimId, id)))
    .all()
    .filter((link) => link.other.id !== id)
    .map((link) => ({ ...link, direction: link.fromClaimId === id ? ('outgoing' as const) : ('incoming' as const) }));

  return { ...claim, appearances: claimAppearances, quantity: quantity ?? null, links };
}

export type ClaimDetail = NonNullable<ReturnType<typeof getClaimDetail>>;

export function getClaimStatus(db: DbOrTx, id: number): ClaimStatus | undefined {
  return db.select({ status: claims.status }).from(claims).where(eq(claims.id, id)).get()?.status;
}

export function getClaimRow(db: DbOrTx, id: number): Claim | undefined {
  return db.select().from(claims).where(eq(claims.id, id)).get();
}

/** Changes a claim only at the version read; undefined means someone else saved first. */
export function updateClaimAtVersion(
  tx: DbOrTx,
  id: number,
  version: number,
  changes: Partial<Pick<Claim, 'statement' | 'claimantId' | 'claimedOn' | 'language' | 'context' | 'status' | 'disputed' | 'articleUrl'>>,
): Claim | undefined {
  return tx
    .update(claims)
    .set({ ...changes, updatedAt: new Date().toISOString(), version: sql`${claims.version} + 1` })
    .where(and(eq(claims.id, id), eq(claims.version, version)))
    .returning()
    .get();
}

/** Quantities of other claims for the same measure, with their claimant, for comparison. */
export function listSiblingFigures(db: DbOrTx, claimId: number, measureId: number) {
  return db
    .select({
      claimId: quantities.claimId,
      value: quantities.value,
      low: quantities.low,
      high: quantities.high,
      unit: quantities.unit,
      bound: quantities.bound,
      modality: quantities.modality,
      asOf: quantities.asOf,
      version: quantities.version,
    })
    .from(quantities)
    .where(and(eq(quantities.measureId, measureId), ne(quantities.claimId, claimId)))
    .all();
}

export function getQuantity(db: DbOrTx, claimId: number) {
  return db.select().from(quantities).where(eq(quantities.claimId, claimId)).get();
}

/** Sets a claim's quantity, replacing the one it had. */
export function saveQuantity(tx: DbOrTx, values: NewQuantity & { version: number }) {
  const { claimId: _claimId, ...changes } = values;
  return tx.insert(quantities).values(values).onConflictDoUpdate({ target: quantities.claimId, set: changes }).returning().get();
}

export function deleteQuantity(tx: DbOrTx, claimId: number): void {
  tx.delete(quantities).where(eq(quantities.claimId, claimId)).run();
}

/**
 * Workflow flags are derived by the server, not edited by people, so they do not bump the
 * version: a status change must not turn someone's unrelated edit of the statement into a conflict.
 */
export function setClaimFlags(tx: DbOrTx, id: number, flags: Pick<Claim, 'status' | 'disputed'>): void {
  tx.update(claims).set({ ...flags, updatedAt: new Date().toISOString() }).where(eq(claims.id, id)).run();
}
