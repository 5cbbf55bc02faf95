import 'server-only';
import { and, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import type { ClaimStatus, RatingLabel, SourceKind, VerdictKind } from '../schema';
import { preparedPerDb } from './prepared';
import { versionColumnIn } from './verdict-columns';

export interface VerdictRow {
  claimId: number;
  statement: string;
  claimedOn: string;
  language: string;
  status: ClaimStatus;
  disputed: number;
  createdAt: string;
  updatedAt: string;
  claimArticleUrl: string | null;
  claimVersion: number;
  claimantName: string;
  claimantKind: SourceKind;
  versionNumber: number | null;
  kind: VerdictKind | null;
  label: RatingLabel | null;
  headline: string | null;
  note: string | null;
  verdictArticleUrl: string | null;
  modifiedAt: string | null;
  publishedAt: string | null;
}

/** A column of the latest verdict version, joined as `v` below (the shared version columns). */
const v = (column: Parameters<typeof versionColumnIn>[1]) => versionColumnIn('v', column);

/**
 * A claim with a published verdict shows the claim and claimant as its latest version's snapshot
 * froze them (edits after publication reach the API only through a correction); a claim without
 * one, which only a key can read, as it stands.
 */
const columns: { [K in keyof VerdictRow]: SQL<VerdictRow[K]> } = {
  claimId: sql`c.id`,
  statement: sql`CASE WHEN v.id IS NULL THEN c.statement ELSE json_extract(v.snapshot, '$.claim.statement') END`,
  claimedOn: sql`CASE WHEN v.id IS NULL THEN c.claimed_on ELSE json_extract(v.snapshot, '$.claim.claimedOn') END`,
  language: sql`CASE WHEN v.id IS NULL THEN c.language ELSE json_extract(v.snapshot, '$.claim.language') END`,
  status: sql`c.status`,
  disputed: sql`c.disputed`,
  createdAt: sql`c.created_at`,
  updatedAt: sql`c.updated_at`,
  claimArticleUrl: sql`c.article_url`,
  claimVersion: sql`c.version`,
  claimantName: sql`CASE WHEN v.id IS NULL THEN s.name ELSE json_extract(v.snapshot, '$.claimant.name') END`,
  claimantKind: sql`CASE WHEN v.id IS NULL THEN s.kind ELSE json_extract(v.snapshot, '$.claimant.kind') END`,
  versionNumber: sql`${v('versionNumber')}`,
  kind: sql`${v('kind')}`,
  label: sql`${v('label')}`,
  headline: sql`${v('headline')}`,
  note: sql`${v('note')}`,
  verdictArticleUrl: sql`${v('articleUrl')}`,
  modifiedAt: sql`${v('publishedAt')}`,
  // Most claims have one version, whose date is already at hand: only corrected ones look up the first.
  publishedAt: sql`CASE WHEN v.version_number = 1 THEN v.published_at
    ELSE (SELECT first.published_at FROM verdicts first WHERE first.claim_id = c.id AND first.version_number = 1) END`,
};

const latestVerdict = sql`verdicts v ON v.claim_id = c.id
  AND v.version_number = (SELECT max(m.version_number) FROM verdicts m WHERE m.claim_id = c.id)`;

/**
 * INDEXED BY because the planner otherwise picks the status index and sorts every public claim for
 * each page, which grows with the desk (BENCHMARKS.md, "API reads under load", has the figures).
 * One prepared statement per combination of the optional conditions, so each keeps its index range.
 */
function prepareList(withBefore: boolean, withSince: boolean) {
  return preparedPerDb((db) =>
    db
      .select(columns)
      .from(sql`claims c INDEXED BY claims_public_updated_idx JOIN sources s ON s.id = c.claimant_id JOIN ${latestVerdict}`)
      .where(
        and(
          sql`c.status IN ('published', 'retracted')`,
          withBefore ? sql`(c.updated_at, c.id) < (${sql.placeholder('beforeAt')}, ${sql.placeholder('beforeId')})` : undefined,
          withSince ? sql`c.updated_at >= ${sql.placeholder('since')}` : undefined,
        ),
      )
      .orderBy(sql`c.updated_at DESC`, sql`c.id DESC`)
      .limit(sql.placeholder('limit'))
      .prepare(),
  );
}

const listStatements = {
  plain: prepareList(false, false),
  before: prepareList(true, false),
  since: prepareList(false, true),
  beforeSince: prepareList(true, true),
};

/**
 * Published (or retracted) claims with their latest verdict version, newest change first, keyset
 * paginated on (updated_at, id) through a partial index, so a page costs the same at any depth and
 * rows inserted meanwhile never shift the pages after the cursor.
 */
export function listVerdictRows(
  db: DbOrTx,
  options: { before?: { updatedAt: string; id: number }; updatedSince?: string; limit: number },
): VerdictRow[] {
  const { before, updatedSince, limit } = options;
  const key = before ? (updatedSince ? 'beforeSince' : 'before') : updatedSince ? 'since' : 'plain';
  return listStatements[key](db).all({ limit, beforeAt: before?.updatedAt, beforeId: before?.id, since: updatedSince });
}

const claimWithVerdict = preparedPerDb((db) =>
  db
    .select(columns)
    .from(sql`claims c JOIN sources s ON s.id = c.claimant_id LEFT JOIN ${latestVerdict}`)
    .where(sql`c.id = ${sql.placeholder('id')}`)
    .prepare(),
);

/** One claim with its latest verdict version, if any. */
export function getClaimWithVerdict(db: DbOrTx, claimId: number): VerdictRow | undefined {
  return claimWithVerdict(db).get({ id: claimId });
}
