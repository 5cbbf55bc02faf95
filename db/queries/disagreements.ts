import 'server-only';
import { and, asc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { claims, disagreementComments, disagreements, users, type Disagreement } from '../schema';

export type NewDisagreementRow = typeof disagreements.$inferInsert;

export function insertDisagreement(tx: DbOrTx, values: NewDisagreementRow): Disagreement {
  return tx.insert(disagreements).values(values).returning().get();
}

export function getDisagreement(db: DbOrTx, id: number): Disagreement | undefined {
  return db.select().from(disagreements).where(eq(disagreements.id, id)).get();
}

export function updateDisagreementAtVersion(
  tx: DbOrTx,
  id: number,
  version: number,
  changes: Partial<Pick<Disagreement, 'status' | 'resolution' | 'resolvedBy' | 'resolvedAt'>>,
): Disagreement | undefined {
  return tx
    .update(disagreements)
    .set({ ...changes, updatedAt: new Date().toISOString(), version: sql`${disagreements.version} + 1` })
    .where(and(eq(disagreements.id, id), eq(disagreements.version, version)))
    .returning()
    .get();
}

/** Any disagreement (open or resolved) that an automatic rule already opened for this trigger. */
export function findDisagreementByTrigger(db: DbOrTx, claimId: number, triggerKey: string): Disagreement | undefined {
  return db
    .select()
    .from(disagreements)
    .where(and(eq(disagreements.claimId, claimId), eq(disagreements.triggerKey, triggerKey)))
    .get();
}

/**
 * Open disagreements about a claim, on either side. Counted as two lookups, one per side's index:
 * as one OR, SQLite prefers the status index and reads every open disagreement of the desk, on
 * each write and each claim page, a cost that grows with the desk.
 */
export function countOpenDisagreements(db: DbOrTx, claimId: number): number {
  const side = (column: typeof disagreements.claimId | typeof disagreements.relatedClaimId, other?: SQL) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(disagreements)
      .where(and(eq(column, claimId), eq(disagreements.status, 'open'), other))
      .get()?.n ?? 0;
  // A disagreement never relates a claim to itself; the condition only guards against counting one twice.
  return side(disagreements.claimId) + side(disagreements.relatedClaimId, ne(disagreements.claimId, claimId));
}

const opener = alias(users, 'opener');
const resolver = alias(users, 'resolver');
const related = alias(claims, 'related');

const disagreementColumns = {
  id: disagreements.id,
  claimId: disagreements.claimId,
  kind: disagreements.kind,
  reason: disagreements.reason,
  status: disagreements.status,
  openedAt: disagreements.openedAt,
  openedByName: opener.name,
  resolution: disagreements.resolution,
  resolvedAt: disagreements.resolvedAt,
  resolvedByName: resolver.name,
  relatedClaimId: disagreements.relatedClaimId,
  relatedStatement: related.statement,
  version: disagreements.version,
};

export function listClaimDisagreements(db: DbOrTx, claimId: number) {
  return db
    .select(disagreementColumns)
    .from(disagreements)
    .leftJoin(opener, eq(opener.id, disagreements.openedBy))
    .leftJoin(resolver, eq(resolver.id, disagreements.resolvedBy))
    .leftJoin(related, eq(related.id, disagreements.relatedClaimId))
    .where(or(eq(disagreements.claimId, claimId), eq(disagreements.relatedClaimId, claimId)))
    .orderBy(asc(disagreements.id))
    .all();
}

export type ClaimDisagreement = ReturnType<typeof listClaimDisagreements>[number];

/** The queue: open disagreements, oldest first, with the claim they are about. */
export function listOpenDisagreements(db: DbOrTx, options: { participantId?: number; limit?: number } = {}) {
  const participant = options.participantId;
  return db
    .select({ ...disagreementColumns, statement: claims.statement })
    .from(disagreements)
    .innerJoin(claims, eq(claims.id, disagreements.claimId))
    .leftJoin(opener, eq(opener.id, disagreements.openedBy))
    .leftJoin(resolver, eq(resolver.id, disagreements.resolvedBy))
    .leftJoin(related, eq(related.id, disagreements.relatedClaimId))
    .where(
      and(
        eq(disagreements.status, 'open'),
        participant === undefined
          ? undefined
          : sql`(${disagreements.openedBy} = ${participant}
              OR EXISTS (SELECT 1 FROM assessments a WHERE a.claim_id = ${disagreements.claimId}
                         AND a.reviewer_id = ${participant} AND a.superseded_at IS NULL)
              OR EXISTS (SELECT 1 FROM disagreement_comments c WHERE c.disagreement_id = ${disagreements.id}
                         AND c.author_id = ${participant}))`,
      ),
    )
    .orderBy(asc(disagreements.openedAt), asc(disagreements.id))
    .limit(options.limit ?? 200)
    .all();
}

export function insertComment(tx: DbOrTx, values: { disagreementId: number; authorId: number; body: string }) {
  return tx.insert(disagreementComments).values(values).returning().get();
}

export function listComments(db: DbOrTx, disagreementIds: readonly number[]) {
  if (disagreementIds.length === 0) return [];
  return db
    .select({
      id: disagreementComments.id,
      disagreementId: disagreementComments.disagreementId,
      body: disagreementComments.body,
      createdAt: disagreementComments.createdAt,
      authorName: users.name,
    })
    .from(disagreementComments)
    .innerJoin(users, eq(users.id, disagreementComments.authorId))
    .where(inArray(disagreementComments.disagreementId, [...disagreementIds]))
    .orderBy(asc(disagreementComments.id))
    .all();
}
