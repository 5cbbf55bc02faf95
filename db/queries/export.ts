import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import type { ClaimStatus, RatingLabel, Verdict } from '../schema';

/** Which claims an export holds. Every filter is optional; together they all apply. */
export interface ExportFilter {
  status?: ClaimStatus;
  /** ISO-8601 UTC instant in the stored form; claims whose updated_at is at or after it. */
  updatedSince?: string;
  claimantId?: number;
  /** Only claims whose latest verdict version is published and is not a retraction (the ClaimReview feed). */
  publishedVerdictsOnly?: boolean;
}

export interface ExportVerdict {
  versionNumber: number;
  kind: Verdict['kind'];
  label: RatingLabel;
  headline: string;
  /** The latest version's explanation (what the verdict says, beyond its headline). */
  explanation: string;
  /** The latest version's correction or retraction note; null for a first publication. */
  note: string | null;
  /** The latest version's article URL, else the one the CMS reported for the claim. */
  articleUrl: string | null;
  /** When version 1 was published. */
  publishedAt: string;
  /** When the latest version was published, if it is not version 1 (a correction or retraction). */
  modifiedAt: string | null;
}

export interface ExportRow {
  id: number;
  statement: string;
  claimant: string;
  claimedOn: string;
  status: ClaimStatus;
  disputed: boolean;
  updatedAt: string;
  /** The kept claim when this one was merged into it as a duplicate. */
  duplicateOf: number | null;
  /** The latest published verdict version, or null before any is published. */
  verdict: ExportVerdict | null;
  firstAppearanceUrl: string | null;
}

interface RawRow {
  id: number;
  statement: string;
  claimant: string;
  claimedOn: string;
  status: ClaimStatus;
  disputed: number;
  updatedAt: string;
  duplicateOf: number | null;
  claimArticleUrl: string | null;
  versionNumber: number | null;
  kind: Verdict['kind'] | null;
  label: RatingLabel | null;
  headline: string | null;
  explanation: string | null;
  note: string | null;
  verdictArticleUrl: string | null;
  latestAt: string | null;
  firstAt: string | null;
  firstAppearanceUrl: string | null;
}

/** The latest version of the claim's verdict: one probe of (claim_id, version_number) per claim. */
const LATEST_VERSION = sql`(SELECT max(m.version_number) FROM verdicts m WHERE m.claim_id = c.id)`;

/**
 * The filter as conditions on `c` (claims). `walkById` keeps SQLite off the (updated_at, id)
 * index while paging by id: used with ORDER BY id it would collect and sort every claim updated
 * since the date on every batch, which is quadratic over a large export. Walking the primary key
 * and testing updated_at row by row reads each claim once over the whole export.
 */
function conditions(filter: ExportFilter, walkById: boolean): SQL[] {
  const out: SQL[] = [];
  if (filter.status !== undefined) out.push(sql`c.status = ${filter.status}`);
  if (filter.claimantId !== undefined) out.push(sql`c.claimant_id = ${filter.claimantId}`);
  if (filter.updatedSince !== undefined) {
    out.push(walkById ? sql`+c.updated_at >= ${filter.updatedSince}` : sql`c.updated_at >= ${filter.updatedSince}`);
  }
  return out;
}

function whereClause(parts: SQL[]): SQL {
  return parts.length === 0 ? sql`` : sql`WHERE ${sql.join(parts, sql` AND `)}`;
}

/** How many rows an export with this filter will hold (one per claim; per live verdict for ClaimReview). */
export function countExportRows(db: DbOrTx, filter: ExportFilter): number {
  const parts = conditions(filter, false);
  if (filter.publishedVerdictsOnly) {
    // A live verdict always belongs to a published claim (see lib/export/claimreview-feed.ts), so
    // the status index halves the claims probed: at a million, 450,000 instead of every claim.
    if (filter.status === undefined) parts.push(sql`c.status = 'published'`);
    parts.push(sql`EXISTS (
      SELECT 1 FROM verdicts v
      WHERE v.claim_id = c.id AND v.version_number = ${LATEST_VERSION} AND v.kind <> 'retraction'
    )`);
  }
  const row = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM claims c ${whereClause(parts)}`);
  return row?.n ?? 0;
}

/**
 * Up to `limit` export rows with ids greater than `afterId`, in id order. A claim with a published
 * verdict is exported as its latest version's snapshot froze it (statement, claimant, date, first
 * appearance), so an edit after publication shows only once a correction publishes it; a claim
 * without one as it stands. One statement per batch
 * (the claimant by join, the latest verdict by its unique (claim_id, version_number) index, the
 * first version's date and the first appearance by correlated lookups on their indexes), so a batch
 * of a thousand claims is one query, not a thousand. Keyset paging keeps every batch as cheap as
 * the first however deep the export goes.
 */
export function readExportBatch(db: DbOrTx, filter: ExportFilter, afterId: number, limit: number): ExportRow[] {
  const parts = [sql`c.id > ${afterId}`, ...conditions(filter, true)];
  if (filter.publishedVerdictsOnly) parts.push(sql`v.kind <> 'retraction'`);
  const rows = db.all<RawRow>(sql`
    SELECT c.id AS id,
           CASE WHEN v.id IS NULL THEN c.statement ELSE json_extract(v.snapshot, '$.claim.statement') END AS statement,
           CASE WHEN v.id IS NULL THEN s.name ELSE json_extract(v.snapshot, '$.claimant.name') END AS claimant,
           CASE WHEN v.id IS NULL THEN c.claimed_on ELSE json_extract(v.snapshot, '$.claim.claimedOn') END AS claimedOn,
           c.status AS status, c.disputed AS disputed, c.updated_at AS updatedAt, c.duplicate_of AS duplicateOf,
           c.article_url AS claimArticleUrl,
           v.version_number AS versionNumber, v.kind AS kind, v.label AS label, v.headline AS headline,
           v.explanation AS explanation, v.note AS note,
           v.article_url AS verdictArticleUrl, v.published_at AS latestAt,
           (SELECT f.published_at FROM verdicts f WHERE f.claim_id = c.id
             ORDER BY f.version_number LIMIT 1) AS firstAt,
           CASE WHEN v.id IS NULL
             THEN (SELECT a.url FROM appearances a WHERE a.claim_id = c.id ORDER BY a.id LIMIT 1)
             ELSE json_extract(v.snapshot, '$.appearances[0].url') END AS firstAppearanceUrl
    FROM claims c
    JOIN sources s ON s.id = c.claimant_id
    LEFT JOIN verdicts v ON v.claim_id = c.id AND v.version_number = ${LATEST_VERSION}
    ${whereClause(parts)}
    ORDER BY c.id
    LIMIT ${limit}
  `);
  return rows.map(toExportRow);
}

function toExportRow(row: RawRow): ExportRow {
  const verdict: ExportVerdict | null =
    row.versionNumber === null || row.kind === null || row.label === null || row.latestAt === null
      ? null
      : {
          versionNumber: row.versionNumber,
          kind: row.kind,
          label: row.label,
          headline: row.headline ?? '',
          explanation: row.explanation ?? '',
          note: row.note,
          articleUrl: row.verdictArticleUrl ?? row.claimArticleUrl,
          publishedAt: row.firstAt ?? row.latestAt,
          modifiedAt: row.versionNumber > 1 ? row.latestAt : null,
        };
  return {
    id: row.id,
    statement: row.statement,
    claimant: row.claimant,
    claimedOn: row.claimedOn,
    status: row.status,
    disputed: row.disputed === 1,
    updatedAt: row.updatedAt,
    duplicateOf: row.duplicateOf,
    verdict,
    firstAppearanceUrl: row.firstAppearanceUrl,
  };
}
