import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { externalFactchecks, ratingMappings, type NewExternalFactcheck } from '../schema';

/** The writes of the fact-check import (lib/import/factchecks), one review at a time. */

/** What a re-import compares: the row of this review URL, if imported before. */
export function findFactcheckByUrlKey(tx: DbOrTx, urlKey: string) {
  return tx
    .select({ id: externalFactchecks.id, contentHash: externalFactchecks.contentHash, version: externalFactchecks.version })
    .from(externalFactchecks)
    .where(eq(externalFactchecks.urlKey, urlKey))
    .get();
}

export function insertFactcheck(tx: DbOrTx, row: NewExternalFactcheck): number {
  return tx.insert(externalFactchecks).values(row).returning({ id: externalFactchecks.id }).get().id;
}

/** Replaces an imported review's fields with what the feed says now, one version on. */
export function updateFactcheck(tx: DbOrTx, id: number, row: Omit<NewExternalFactcheck, 'id' | 'urlKey' | 'createdAt' | 'version'>): void {
  tx.update(externalFactchecks)
    .set({ ...row, updatedAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, version: sql`${externalFactchecks.version} + 1` })
    .where(eq(externalFactchecks.id, id))
    .run();
}

/** Every label mapping, to apply at import (the table holds one row per publisher and label). */
export function listMappingLabels(tx: DbOrTx) {
  return tx
    .select({ publisherKey: ratingMappings.publisherKey, ratingKey: ratingMappings.ratingKey, label: ratingMappings.label })
    .from(ratingMappings)
    .all();
}

/** How many fact-checks there are (for the settings page and the benchmark). */
export function countFactchecks(db: DbOrTx): number {
  return db.select({ n: sql<number>`count(*)` }).from(externalFactchecks).get()?.n ?? 0;
}
