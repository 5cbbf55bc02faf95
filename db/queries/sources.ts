import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { sources, type SourceKind } from '../schema';

export const sourceSummary = { id: sources.id, name: sources.name, kind: sources.kind };

/** Sources for a picker, by name. */
export function listSourceOptions(db: DbOrTx, limit = 2000) {
  return db.select(sourceSummary).from(sources).orderBy(asc(sources.name), asc(sources.id)).limit(limit).all();
}

export function getSource(db: DbOrTx, id: number) {
  return db.select().from(sources).where(eq(sources.id, id)).get();
}

export function findSourceByName(db: DbOrTx, name: string, kind: SourceKind) {
  return db.select().from(sources).where(and(eq(sources.name, name), eq(sources.kind, kind))).get();
}

export function insertSource(
  tx: DbOrTx,
  values: { name: string; kind: SourceKind; url?: string | null; notes?: string; createdBy: number | null },
) {
  return tx.insert(sources).values(values).returning().get();
}

/** How many sources a name suggestion list offers, and how many recent rows it looks back over. */
export const SOURCE_SUGGESTIONS = 30;
const SUGGESTION_WINDOW = 1000;

/**
 * Sources whose name is the given one, ignoring case (SQLite's NOCASE folds ASCII letters only),
 * exact-case spellings first. Scans the sources table, which is small next to the claims; a form
 * resolves a typed name once per save, never per page view.
 */
export function findSourcesNamed(db: DbOrTx, name: string) {
  return db
    .select(sourceSummary)
    .from(sources)
    .where(sql`${sources.name} = ${name} COLLATE NOCASE`)
    .orderBy(sql`${sources.name} <> ${name}`, asc(sources.id))
    .limit(10)
    .all();
}

/**
 * The publishers named most often among the latest appearances and evidence, by name: a short
 * suggestion list for the publisher field. Bounded by the window, so it costs the same at a
 * million claims as at ten.
 */
export function listPublisherSuggestions(db: DbOrTx, limit = SOURCE_SUGGESTIONS): { id: number; name: string }[] {
  return db.all<{ id: number; name: string }>(sql`
    SELECT s.id AS id, s.name AS name FROM (
      SELECT publisher_id AS id, count(*) AS uses FROM (
        SELECT publisher_id FROM (SELECT publisher_id FROM appearances ORDER BY id DESC LIMIT ${SUGGESTION_WINDOW})
        UNION ALL
        SELECT publisher_id FROM (SELECT publisher_id FROM evidence ORDER BY id DESC LIMIT ${SUGGESTION_WINDOW})
      ) WHERE publisher_id IS NOT NULL GROUP BY publisher_id ORDER BY uses DESC, publisher_id LIMIT ${limit}
    ) AS used JOIN sources AS s ON s.id = used.id ORDER BY s.name, s.id`);
}

/** The claimants of the most claims among the latest ones, by name, with those claims counted. */
export function listClaimantSuggestions(db: DbOrTx, limit = SOURCE_SUGGESTIONS): { id: number; name: string; claims: number }[] {
  return db.all<{ id: number; name: string; claims: number }>(sql`
    SELECT s.id AS id, s.name AS name, used.claims AS claims FROM (
      SELECT claimant_id AS id, count(*) AS claims FROM (SELECT claimant_id FROM claims ORDER BY id DESC LIMIT ${SUGGESTION_WINDOW})
      GROUP BY claimant_id ORDER BY claims DESC, claimant_id LIMIT ${limit}
    ) AS used JOIN sources AS s ON s.id = used.id ORDER BY s.name, s.id`);
}
