import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { claimFactcheckLinks, externalFactchecks, users } from '../schema';

/** What the claim page shows of a fact-check published elsewhere (never its raw item). */
export const factcheckSummaryColumns = {
  id: externalFactchecks.id,
  url: externalFactchecks.url,
  publisherName: externalFactchecks.publisherName,
  publisherSite: externalFactchecks.publisherSite,
  title: externalFactchecks.title,
  claimText: externalFactchecks.claimText,
  claimant: externalFactchecks.claimant,
  reviewDate: externalFactchecks.reviewDate,
  ratingText: externalFactchecks.ratingText,
  mappedLabel: externalFactchecks.mappedLabel,
  language: externalFactchecks.language,
};

export type FactcheckSummary = {
  id: number;
  url: string;
  publisherName: string;
  publisherSite: string;
  title: string;
  claimText: string;
  claimant: string;
  reviewDate: string | null;
  ratingText: string;
  mappedLabel: (typeof externalFactchecks.$inferSelect)['mappedLabel'];
  language: string;
};

export function getFactcheckSummary(db: DbOrTx, id: number): FactcheckSummary | undefined {
  return db.select(factcheckSummaryColumns).from(externalFactchecks).where(eq(externalFactchecks.id, id)).get();
}

/** The fact-check whose review URL has this normalised key (lib/validation/review-url.ts). */
export function findFactcheckByUrlKey(db: DbOrTx, urlKey: string): FactcheckSummary | undefined {
  return db.select(factcheckSummaryColumns).from(externalFactchecks).where(eq(externalFactchecks.urlKey, urlKey)).get();
}

/** The fact-checks linked to a claim, newest link first, with who linked them. */
export function listLinkedFactchecks(db: DbOrTx, claimId: number) {
  return db
    .select({ ...factcheckSummaryColumns, linkedAt: claimFactcheckLinks.createdAt, linkedBy: users.name })
    .from(claimFactcheckLinks)
    .innerJoin(externalFactchecks, eq(externalFactchecks.id, claimFactcheckLinks.factcheckId))
    .leftJoin(users, eq(users.id, claimFactcheckLinks.createdBy))
    .where(eq(claimFactcheckLinks.claimId, claimId))
    .orderBy(desc(claimFactcheckLinks.createdAt), desc(claimFactcheckLinks.factcheckId))
    .all();
}

/** Inserts the link; undefined when it was already there (linking is idempotent). */
export function insertFactcheckLink(tx: DbOrTx, values: { claimId: number; factcheckId: number; createdBy: number | null }) {
  return tx.insert(claimFactcheckLinks).values(values).onConflictDoNothing().returning().get();
}

/** Deletes the link; undefined when there was none. */
export function deleteFactcheckLink(tx: DbOrTx, claimId: number, factcheckId: number) {
  return tx
    .delete(claimFactcheckLinks)
    .where(and(eq(claimFactcheckLinks.claimId, claimId), eq(claimFactcheckLinks.factcheckId, factcheckId)))
    .returning()
    .get();
}
