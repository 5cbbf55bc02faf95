import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../open';

/**
 * The desk's sections (lib/review/desk.ts): each reads a short list and its size. Sizes are counted
 * up to COUNT_CAP, so a desk of a million claims costs a bounded read; the page says "1,000+".
 */
export const COUNT_CAP = 1000;

export interface DeskClaimRow {
  id: number;
  statement: string;
  status: string;
  claimedOn: string;
}

export interface Counted<T> {
  rows: T[];
  /** How many there are, at most COUNT_CAP + 1 (more than the cap). */
  total: number;
}

function counted<T>(db: DbOrTx, select: SQL, from: SQL, order: SQL, limit: number): Counted<T> {
  const rows = db.all<T>(sql`SELECT ${select} ${from} ORDER BY ${order} LIMIT ${limit}`);
  const total = rows.length < limit ? rows.length : db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT ${COUNT_CAP + 1})`)?.n ?? 0;
  return { rows, total };
}

const CLAIM_COLUMNS = sql`c.id AS id, c.statement AS statement, c.status AS status, c.claimed_on AS claimedOn`;
const ACTIVE_EVIDENCE = sql`EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = c.id AND e.retracted_at IS NULL)`;
const notRatedBy = (reviewerId: number) =>
  sql`NOT EXISTS (SELECT 1 FROM assessments a WHERE a.claim_id = c.id AND a.reviewer_id = ${reviewerId} AND a.superseded_at IS NULL)`;

/** Claims open to ratings, with evidence to rate on, that this reviewer has not rated: oldest first. */
export function listClaimsReadyToRate(db: DbOrTx, reviewerId: number, limit = 20): Counted<DeskClaimRow> {
  const from = sql`FROM claims c WHERE c.status IN ('draft', 'in_review') AND ${ACTIVE_EVIDENCE} AND ${notRatedBy(reviewerId)}`;
  return counted(db, CLAIM_COLUMNS, from, sql`c.status = 'in_review' DESC, c.id ASC`, limit);
}

/** Draft claims that still have no evidence (so nothing to rate on yet), oldest first. */
export function listDraftsNeedingEvidence(db: DbOrTx, reviewerId: number, limit = 20): Counted<DeskClaimRow> {
  const from = sql`FROM claims c WHERE c.status IN ('draft', 'in_review') AND NOT ${ACTIVE_EVIDENCE} AND ${notRatedBy(reviewerId)}`;
  return counted(db, CLAIM_COLUMNS, from, sql`c.id ASC`, limit);
}

/** Claims whose review is complete, waiting for an editor to publish: longest waiting first. */
export function listClaimsReadyToPublish(db: DbOrTx, limit = 20): Counted<DeskClaimRow & { hasDraft: number }> {
  const from = sql`FROM claims c WHERE c.status = 'ready'`;
  const select = sql`${CLAIM_COLUMNS}, EXISTS (SELECT 1 FROM verdict_drafts d WHERE d.claim_id = c.id) AS hasDraft`;
  return counted(db, select, from, sql`c.updated_at ASC, c.id ASC`, limit);
}

/** Verdict drafts an editor started on claims whose review is not complete yet: last touched first. */
export function listVerdictDraftsToFinish(db: DbOrTx, limit = 20): Counted<DeskClaimRow & { headline: string; updatedAt: string }> {
  const from = sql`FROM verdict_drafts d JOIN claims c ON c.id = d.claim_id WHERE c.status IN ('draft', 'in_review')`;
  const select = sql`${CLAIM_COLUMNS}, d.headline AS headline, d.updated_at AS updatedAt`;
  return counted(db, select, from, sql`d.updated_at DESC, c.id DESC`, limit);
}

/** Per disagreement: its comments, and how many of them are this person's. */
export function countDisagreementComments(db: DbOrTx, disagreementIds: readonly number[], authorId: number): Map<number, { comments: number; mine: number }> {
  const out = new Map<number, { comments: number; mine: number }>();
  if (disagreementIds.length === 0) return out;
  const rows = db.all<{ id: number; comments: number; mine: number }>(sql`
    SELECT disagreement_id AS id, count(*) AS comments, sum(author_id = ${authorId}) AS mine
    FROM disagreement_comments
    WHERE disagreement_id IN (${sql.join(disagreementIds.map((id) => sql`${id}`), sql`, `)})
    GROUP BY disagreement_id
  `);
  for (const row of rows) out.set(row.id, { comments: row.comments, mine: row.mine });
  return out;
}

/** The number of open disagreements, up to COUNT_CAP + 1. */
export function countOpenDisagreementsCapped(db: DbOrTx): number {
  return db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM disagreements WHERE status = 'open' LIMIT ${COUNT_CAP + 1})`)?.n ?? 0;
}

