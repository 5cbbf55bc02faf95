import 'server-only';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { appearances, claims, duplicateMoves, evidence, verdictCitations, verdicts, type DuplicateMoveKind } from '../schema';

/** A claim's place among duplicates: what it was merged into, and its version. */
export function getDuplicateState(db: DbOrTx, claimId: number) {
  return db
    .select({ id: claims.id, status: claims.status, version: claims.version, duplicateOf: claims.duplicateOf })
    .from(claims)
    .where(eq(claims.id, claimId))
    .get();
}

/** The claims merged into a kept claim, oldest first. */
export function listDuplicatesOf(db: DbOrTx, keptClaimId: number) {
  return db
    .select({ id: claims.id, statement: claims.statement, status: claims.status, version: claims.version })
    .from(claims)
    .where(eq(claims.duplicateOf, keptClaimId))
    .orderBy(asc(claims.id))
    .all();
}

/**
 * Claims as a list of other desk claims may show them to anyone: statement and status, and the
 * label of the latest published verdict version (null before publication and for a retraction).
 */
export function listClaimCards(db: DbOrTx, claimIds: readonly number[]) {
  if (claimIds.length === 0) return [];
  const latest = sql`(SELECT max(m.version_number) FROM verdicts m WHERE m.claim_id = ${claims.id})`;
  return db
    .select({
      id: claims.id,
      statement: claims.statement,
      status: claims.status,
      version: claims.version,
      duplicateOf: claims.duplicateOf,
      verdictKind: verdicts.kind,
      verdictLabel: verdicts.label,
    })
    .from(claims)
    .leftJoin(verdicts, and(eq(verdicts.claimId, claims.id), eq(verdicts.versionNumber, latest)))
    .where(inArray(claims.id, [...claimIds]))
    .all();
}

/** Sets or clears duplicate_of at the version read; undefined means someone else saved first. */
export function setDuplicateOfAtVersion(tx: DbOrTx, claimId: number, version: number, duplicateOf: number | null) {
  return tx
    .update(claims)
    .set({ duplicateOf, updatedAt: new Date().toISOString(), version: sql`${claims.version} + 1` })
    .where(and(eq(claims.id, claimId), eq(claims.version, version)))
    .returning({ id: claims.id, version: claims.version, duplicateOf: claims.duplicateOf })
    .get();
}

/** Moves every appearance of one claim to another; returns the ids moved, in id order. */
export function moveAllAppearances(tx: DbOrTx, fromClaimId: number, toClaimId: number): number[] {
  return tx
    .update(appearances)
    .set({ claimId: toClaimId, updatedAt: new Date().toISOString(), version: sql`${appearances.version} + 1` })
    .where(eq(appearances.claimId, fromClaimId))
    .returning({ id: appearances.id })
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

/** Moves every evidence item (retracted ones too) of one claim to another; returns the ids moved. */
export function moveAllEvidence(tx: DbOrTx, fromClaimId: number, toClaimId: number): number[] {
  return tx
    .update(evidence)
    .set({ claimId: toClaimId, updatedAt: new Date().toISOString(), version: sql`${evidence.version} + 1` })
    .where(eq(evidence.claimId, fromClaimId))
    .returning({ id: evidence.id })
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

/** Moves exactly these rows back, and only while they still sit on `fromClaimId`; returns the ids moved. */
export function moveRowsBack(tx: DbOrTx, kind: DuplicateMoveKind, ids: readonly number[], fromClaimId: number, toClaimId: number): number[] {
  if (ids.length === 0) return [];
  const table = kind === 'appearance' ? appearances : evidence;
  return tx
    .update(table)
    .set({ claimId: toClaimId, updatedAt: new Date().toISOString(), version: sql`${table.version} + 1` })
    .where(and(inArray(table.id, [...ids]), eq(table.claimId, fromClaimId)))
    .returning({ id: table.id })
    .all()
    .map((row) => row.id)
    .sort((a, b) => a - b);
}

export function insertDuplicateMoves(
  tx: DbOrTx,
  duplicateClaimId: number,
  keptClaimId: number,
  rows: { rowKind: DuplicateMoveKind; rowId: number }[],
): void {
  if (rows.length === 0) return;
  tx.insert(duplicateMoves)
    .values(rows.map((row) => ({ duplicateClaimId, keptClaimId, ...row })))
    .run();
}

export function listDuplicateMoves(db: DbOrTx, duplicateClaimId: number) {
  return db
    .select({ rowKind: duplicateMoves.rowKind, rowId: duplicateMoves.rowId, keptClaimId: duplicateMoves.keptClaimId })
    .from(duplicateMoves)
    .where(eq(duplicateMoves.duplicateClaimId, duplicateClaimId))
    .orderBy(asc(duplicateMoves.rowKind), asc(duplicateMoves.rowId))
    .all();
}

export function deleteDuplicateMoves(tx: DbOrTx, duplicateClaimId: number): void {
  tx.delete(duplicateMoves).where(eq(duplicateMoves.duplicateClaimId, duplicateClaimId)).run();
}

/** Evidence among `ids` that a published version of the claim's verdict cites. */
export function listEvidenceCitedByVerdicts(db: DbOrTx, claimId: number, ids: readonly number[]): number[] {
  if (ids.length === 0) return [];
  return db
    .selectDistinct({ id: verdictCitations.evidenceId })
    .from(verdictCitations)
    .innerJoin(verdicts, eq(verdicts.id, verdictCitations.verdictId))
    .where(and(eq(verdicts.claimId, claimId), inArray(verdictCitations.evidenceId, [...ids])))
    .orderBy(desc(verdictCitations.evidenceId))
    .all()
    .map((row) => row.id);
}
