import 'server-only';
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { auditEvents, externalFactchecks, ratingMappings, type NewExternalFactcheck } from '../schema';

/** The writes of the fact-check import (lib/import/factchecks), one review at a time. */

const p = (name: string) => sql.placeholder(name);
const IMPORTED_COLUMNS = [
  'urlKey', 'url', 'publisherName', 'publisherSite', 'publisherKey', 'title', 'claimText', 'claimant', 'claimDate', 'reviewDate',
  'ratingText', 'ratingKey', 'ratingValue', 'bestRating', 'worstRating', 'mappedLabel', 'language', 'raw', 'contentHash',
] as const;
export type ImportedFactcheck = Pick<NewExternalFactcheck, (typeof IMPORTED_COLUMNS)[number]>;
const placeholders = Object.fromEntries(IMPORTED_COLUMNS.map((column) => [column, p(column)])) as unknown as Record<(typeof IMPORTED_COLUMNS)[number], never>;

/**
 * The import's statements, built and compiled once per transaction: building a drizzle query and
 * having SQLite compile it cost several times more than running it (tests/bench/import-factchecks.ts).
 */
export function factcheckWriter(tx: DbOrTx) {
  const find = tx
    .select({ id: externalFactchecks.id, contentHash: externalFactchecks.contentHash, version: externalFactchecks.version })
    .from(externalFactchecks)
    .where(eq(externalFactchecks.urlKey, p('urlKey')))
    .prepare();
  const insert = tx.insert(externalFactchecks).values(placeholders).returning({ id: externalFactchecks.id }).prepare();
  const { urlKey: _key, ...updated } = placeholders;
  const update = tx
    .update(externalFactchecks)
    .set({ ...updated, updatedAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, version: sql`${externalFactchecks.version} + 1` })
    .where(eq(externalFactchecks.id, p('id')))
    .prepare();
  const audit = tx
    .insert(auditEvents)
    .values({ actorUserId: p('actorUserId'), actorApiKeyId: p('actorApiKeyId'), action: p('action'), entityType: 'external_factcheck', entityId: p('entityId'), before: sql`${p('before')}`, after: p('after') })
    .prepare();
  return {
    find: (urlKey: string) => find.get({ urlKey }),
    insert: (row: ImportedFactcheck) => (insert.get(row) as { id: number }).id,
    update: (id: number, row: ImportedFactcheck) => update.run({ ...row, id }),
    /** The audit event of one imported row (`before`, bound through SQL, is given as its JSON text). */
    audit: (event: { actorUserId: number | null; actorApiKeyId: number | null; action: string; entityId: number; before: unknown; after: unknown }) =>
      audit.run({ ...event, before: event.before === null ? null : JSON.stringify(event.before) }),
  };
}

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
