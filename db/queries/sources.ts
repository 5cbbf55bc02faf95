import 'server-only';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { appearances, claims, evidence, sources, type RatingLabel, type Source, type SourceKind, type VerdictKind } from '../schema';

export const sourceSummary = { id: sources.id, name: sources.name, kind: sources.kind };

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

/** Changes a source only at the version read; undefined means someone else saved first. */
export function updateSourceAtVersion(
  tx: DbOrTx,
  id: number,
  version: number,
  changes: Partial<Pick<Source, 'name' | 'kind' | 'url' | 'notes'>>,
): Source | undefined {
  return tx
    .update(sources)
    .set({ ...changes, updatedAt: new Date().toISOString(), version: sql`${sources.version} + 1` })
    .where(and(eq(sources.id, id), eq(sources.version, version)))
    .returning()
    .get();
}

/**
 * The latest published version of a claim's verdict: its label and its kind (a retraction is one),
 * through the (claim_id, version_number) index. Spelled out in full: in a one-table select drizzle
 * leaves columns unqualified, and inside the subquery an unqualified "id" would mean verdicts.id.
 */
const latestVerdictLabel = sql<RatingLabel | null>`(SELECT v.label FROM verdicts v WHERE v.claim_id = claims.id ORDER BY v.version_number DESC LIMIT 1)`;
const latestVerdictKind = sql<VerdictKind | null>`(SELECT v.kind FROM verdicts v WHERE v.claim_id = claims.id ORDER BY v.version_number DESC LIMIT 1)`;

/** A source's claims, newest first, through (claimant_id, id); one row past the limit says more follow. */
export function listClaimsByClaimant(db: DbOrTx, sourceId: number, limit: number) {
  return db
    .select({
      id: claims.id,
      statement: claims.statement,
      claimedOn: claims.claimedOn,
      status: claims.status,
      disputed: claims.disputed,
      verdictLabel: latestVerdictLabel,
      verdictKind: latestVerdictKind,
    })
    .from(claims)
    .where(eq(claims.claimantId, sourceId))
    .orderBy(desc(claims.id))
    .limit(limit + 1)
    .all();
}

/** Appearances a source published, newest first, with the claim each is of. */
export function listAppearancesByPublisher(db: DbOrTx, sourceId: number, limit: number) {
  return db
    .select({
      id: appearances.id,
      url: appearances.url,
      title: appearances.title,
      publishedOn: appearances.publishedOn,
      claim: { id: claims.id, statement: claims.statement },
    })
    .from(appearances)
    .innerJoin(claims, eq(claims.id, appearances.claimId))
    .where(eq(appearances.publisherId, sourceId))
    .orderBy(desc(appearances.id))
    .limit(limit + 1)
    .all();
}

/** Evidence from a source's publications, newest first, retracted items included and marked. */
export function listEvidenceByPublisher(db: DbOrTx, sourceId: number, limit: number) {
  return db
    .select({
      id: evidence.id,
      url: evidence.url,
      title: evidence.title,
      publishedOn: evidence.publishedOn,
      stance: evidence.stance,
      retractedAt: evidence.retractedAt,
      claim: { id: claims.id, statement: claims.statement },
    })
    .from(evidence)
    .innerJoin(claims, eq(claims.id, evidence.claimId))
    .where(eq(evidence.publisherId, sourceId))
    .orderBy(desc(evidence.id))
    .limit(limit + 1)
    .all();
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
