import 'server-only';
import type { Db } from '../open';
import type { ClaimStatus, RatingLabel, VerdictKind } from '../enums';
import { preparedPerDb } from './prepared';

/**
 * The reads of lib/matching: candidates from the full-text indexes (migrations 0001 and 0013),
 * how many documents hold each term (for IDF), and the rows the ranked list shows. Raw prepared
 * statements: a "checked before?" query runs while someone types, and compiling the SQL each time
 * would cost more than running it.
 */

export interface Candidate {
  id: number;
  /** FTS5 bm25(): lower is better. */
  bm25: number;
}

// Column weights: the claim's words count fully, the fact-check's title as much (it restates the
// claim), a claimant's name half (it says who, not what).
const claimCandidates = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    'SELECT rowid AS id, bm25(claims_fts, 1.0, 0.5) AS bm25 FROM claims_fts WHERE claims_fts MATCH ? ORDER BY bm25 LIMIT ?',
  ),
);
const factcheckCandidates = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    'SELECT rowid AS id, bm25(factchecks_fts, 1.0, 1.0, 0.5) AS bm25 FROM factchecks_fts WHERE factchecks_fts MATCH ? ORDER BY bm25 LIMIT ?',
  ),
);

/** The best `limit` desk claims for an FTS5 expression (already made safe by lib/matching/text.ts). */
export function selectClaimCandidates(db: Db, match: string, limit: number): Candidate[] {
  return claimCandidates(db).all(match, limit) as Candidate[];
}

export function selectFactcheckCandidates(db: Db, match: string, limit: number): Candidate[] {
  return factcheckCandidates(db).all(match, limit) as Candidate[];
}

const termCounts = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    `SELECT coalesce((SELECT doc FROM claims_fts_vocab WHERE term = ?), 0) AS claims,
            coalesce((SELECT doc FROM factchecks_fts_vocab WHERE term = ?), 0) AS factchecks`,
  ),
);
const documentCounts = preparedPerDb((db) =>
  (db as Db).$client.prepare('SELECT (SELECT count(*) FROM claims) AS claims, (SELECT count(*) FROM external_factchecks) AS factchecks'),
);

/** Documents of each index: desk claims and external fact-checks. */
export interface IndexCounts {
  claims: number;
  factchecks: number;
}

/** How many documents of each index hold each stemmed term, and how many documents each index has. */
export function selectTermDocumentCounts(db: Db, terms: readonly string[]): { counts: Map<string, IndexCounts>; documents: IndexCounts } {
  const statement = termCounts(db);
  const counts = new Map<string, IndexCounts>();
  for (const term of terms) if (!counts.has(term)) counts.set(term, statement.get(term, term) as IndexCounts);
  return { counts, documents: documentCounts(db).get() as IndexCounts };
}

export interface MatchedClaimRow {
  id: number;
  statement: string;
  claimant: string;
  status: ClaimStatus;
  /** The latest published version's label and kind; null when nothing was ever published. */
  verdictLabel: RatingLabel | null;
  verdictKind: VerdictKind | null;
}

export function selectMatchedClaims(db: Db, ids: readonly number[]): MatchedClaimRow[] {
  if (ids.length === 0) return [];
  return (db as Db).$client
    .prepare(
      `SELECT c.id, c.statement, s.name AS claimant, c.status,
              v.label AS verdictLabel, v.kind AS verdictKind
         FROM claims c
         JOIN sources s ON s.id = c.claimant_id
         LEFT JOIN verdicts v ON v.id = (SELECT id FROM verdicts WHERE claim_id = c.id ORDER BY version_number DESC LIMIT 1)
        WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as MatchedClaimRow[];
}

export interface MatchedFactcheckRow {
  id: number;
  claimText: string;
  title: string;
  claimant: string;
  url: string;
  publisherName: string;
  publisherSite: string;
  ratingText: string;
  mappedLabel: string | null;
  reviewDate: string | null;
}

export function selectMatchedFactchecks(db: Db, ids: readonly number[]): MatchedFactcheckRow[] {
  if (ids.length === 0) return [];
  return (db as Db).$client
    .prepare(
      `SELECT id, claim_text AS claimText, title, claimant, url, publisher_name AS publisherName,
              publisher_site AS publisherSite, rating_text AS ratingText, mapped_label AS mappedLabel,
              review_date AS reviewDate
         FROM external_factchecks WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as MatchedFactcheckRow[];
}

const claimText = preparedPerDb((db) =>
  (db as Db).$client.prepare('SELECT c.statement, s.name AS claimant FROM claims c JOIN sources s ON s.id = c.claimant_id WHERE c.id = ?'),
);

/** A claim's statement and claimant, the text its suggestions are found for. */
export function selectClaimMatchText(db: Db, id: number): { statement: string; claimant: string } | undefined {
  return claimText(db).get(id) as { statement: string; claimant: string } | undefined;
}
