import 'server-only';
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { externalFactchecks, ratingMappings, users, type RatingMappingTarget } from '../schema';

/** The rating-mapping table and the "needs mapping" queue (Settings → Fact-checks). */

export interface LabelKey {
  publisherKey: string;
  ratingKey: string;
}

/** Every mapping, with who last changed it and how many fact-checks carry its label. */
export function listRatingMappings(db: DbOrTx) {
  return db
    .select({
      id: ratingMappings.id,
      publisherKey: ratingMappings.publisherKey,
      ratingKey: ratingMappings.ratingKey,
      label: ratingMappings.label,
      version: ratingMappings.version,
      updatedAt: ratingMappings.updatedAt,
      updatedByName: users.name,
      factchecks: sql<number>`(SELECT count(*) FROM ${externalFactchecks} f WHERE f.publisher_key = ${ratingMappings.publisherKey} AND f.rating_key = ${ratingMappings.ratingKey})`,
    })
    .from(ratingMappings)
    .leftJoin(users, eq(users.id, ratingMappings.updatedBy))
    .orderBy(ratingMappings.publisherKey, ratingMappings.ratingKey)
    .all();
}

/**
 * Labels no mapping covers yet, most common first, with how many fact-checks carry each. Reads
 * every unmapped fact-check once (the queue is a settings page, not a hot path).
 */
export function listUnmappedLabels(db: DbOrTx, limit: number) {
  return db
    .select({ publisherKey: externalFactchecks.publisherKey, ratingKey: externalFactchecks.ratingKey, factchecks: sql<number>`count(*)` })
    .from(externalFactchecks)
    .where(and(isNull(externalFactchecks.mappedLabel), ne(externalFactchecks.ratingKey, '')))
    .groupBy(externalFactchecks.publisherKey, externalFactchecks.ratingKey)
    .orderBy(desc(sql`count(*)`), externalFactchecks.publisherKey, externalFactchecks.ratingKey)
    .limit(limit)
    .all();
}

/** A few fact-checks carrying one label, newest review first: the examples the queue shows. */
export function listLabelExamples(db: DbOrTx, key: LabelKey, limit: number) {
  return db
    .select({
      id: externalFactchecks.id,
      url: externalFactchecks.url,
      claimText: externalFactchecks.claimText,
      publisherName: externalFactchecks.publisherName,
      ratingText: externalFactchecks.ratingText,
      ratingValue: externalFactchecks.ratingValue,
      bestRating: externalFactchecks.bestRating,
      worstRating: externalFactchecks.worstRating,
    })
    .from(externalFactchecks)
    .where(and(eq(externalFactchecks.publisherKey, key.publisherKey), eq(externalFactchecks.ratingKey, key.ratingKey)))
    .orderBy(desc(externalFactchecks.reviewDate), desc(externalFactchecks.id))
    .limit(limit)
    .all();
}

export function findRatingMapping(db: DbOrTx, key: LabelKey) {
  return db
    .select({ id: ratingMappings.id, label: ratingMappings.label, version: ratingMappings.version })
    .from(ratingMappings)
    .where(and(eq(ratingMappings.publisherKey, key.publisherKey), eq(ratingMappings.ratingKey, key.ratingKey)))
    .get();
}

export function insertRatingMapping(tx: DbOrTx, key: LabelKey, label: RatingMappingTarget, userId: number | null): number {
  return tx.insert(ratingMappings).values({ ...key, label, updatedBy: userId }).returning({ id: ratingMappings.id }).get().id;
}

/** Changes a mapping only at the version the editor read; returns whether it did. */
export function updateRatingMapping(tx: DbOrTx, id: number, version: number, label: RatingMappingTarget, userId: number | null): boolean {
  const result = tx
    .update(ratingMappings)
    .set({ label, updatedBy: userId, version: sql`${ratingMappings.version} + 1`, updatedAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` })
    .where(and(eq(ratingMappings.id, id), eq(ratingMappings.version, version)))
    .run();
  return result.changes === 1;
}

/** Gives every fact-check carrying the label the mapped one; returns how many changed. */
export function applyRatingMapping(tx: DbOrTx, key: LabelKey, label: RatingMappingTarget): number {
  return tx
    .update(externalFactchecks)
    .set({ mappedLabel: label, updatedAt: sql`strftime('%Y-%m-%dT%H:%M:%fZ', 'now')` })
    .where(
      and(
        eq(externalFactchecks.publisherKey, key.publisherKey),
        eq(externalFactchecks.ratingKey, key.ratingKey),
        sql`${externalFactchecks.mappedLabel} IS NOT ${label}`,
      ),
    )
    .run().changes;
}
