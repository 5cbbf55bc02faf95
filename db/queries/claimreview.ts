import 'server-only';
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { claims, verdicts, type SourceKind } from '../schema';
import { parseVerdictSnapshot, type SnapshotMethod } from '../verdict-snapshot';
import { preparedPerDb } from './prepared';
import { verdictContentColumns, type VerdictContentFields } from './verdict-columns';

/** A source as ClaimReview names it: the claimant, or the publisher of an appearance. */
export interface ClaimReviewParty {
  name: string;
  kind: SourceKind;
  url: string | null;
}

export interface ClaimReviewAppearance {
  url: string;
  title: string;
  publishedOn: string | null;
  publisher: ClaimReviewParty | null;
}

/** A published version: what it says, as ClaimReview describes it. */
export type ClaimReviewVersion = VerdictContentFields;

/** Everything lib/verdicts/claimreview-jsonld.ts needs to describe one claim's published verdict. */
export interface ClaimReviewInput {
  claim: {
    id: number;
    statement: string;
    claimedOn: string;
    language: string;
    /** The article URL the CMS reported for the claim, used when the verdict names none. */
    articleUrl: string | null;
    claimant: ClaimReviewParty;
  };
  /** Oldest first; the first is the claim's first appearance. */
  appearances: ClaimReviewAppearance[];
  /** Every published version, oldest first; the last is the current one. */
  versions: ClaimReviewVersion[];
  /** How the current version's rating was reached, as its snapshot froze it; absent from older snapshots. */
  method?: SnapshotMethod;
}

export interface ClaimReviewBatchQuery {
  /** Keyset paging: only claims with a greater id. */
  afterId?: number;
  /** At most this many claims (keep it to a few thousand: the follow-up reads bind one variable per claim). */
  limit: number;
  /** ISO-8601 UTC instant in the stored form; claims whose updated_at is at or after it. */
  updatedSince?: string;
  claimantId?: number;
}

/** The claim's own columns: the rest of what ClaimReview shows comes from the current version's snapshot. */
interface ClaimRow {
  id: number;
  articleUrl: string | null;
}

const claimColumns = { id: claims.id, articleUrl: claims.articleUrl };

const versionColumns = { claimId: verdicts.claimId, ...verdictContentColumns, snapshot: verdicts.snapshot };

type VersionRow = ClaimReviewVersion & { claimId: number; snapshot: string };

// One claim's reads, prepared once (the public ClaimReview route and verdict page run them per request).
const claimById = preparedPerDb((db) => db.select(claimColumns).from(claims).where(eq(claims.id, sql.placeholder('id'))).prepare());
const versionsOfClaim = preparedPerDb((db) =>
  db.select(versionColumns).from(verdicts).where(eq(verdicts.claimId, sql.placeholder('id'))).orderBy(asc(verdicts.versionNumber)).prepare(),
);

/**
 * The ClaimReview input of a claim from its versions, oldest first: the claim, claimant and
 * appearances as the current version's snapshot froze them, so a later edit of the live rows never
 * changes a published ClaimReview; only the article URL the CMS reports is the claim's own.
 */
function toInput(claim: ClaimRow, versions: readonly VersionRow[]): ClaimReviewInput | undefined {
  const current = versions[versions.length - 1];
  if (!current) return undefined;
  const snapshot = parseVerdictSnapshot(current.snapshot);
  return {
    claim: { id: claim.id, ...snapshot.claim, articleUrl: claim.articleUrl, claimant: snapshot.claimant },
    versions: versions.map(({ claimId: _claimId, snapshot: _snapshot, ...version }) => version),
    appearances: snapshot.appearances.map(({ url, title, publishedOn, publisher }) => ({ url, title, publishedOn, publisher })),
    ...(snapshot.method ? { method: snapshot.method } : {}),
  };
}

/** The ClaimReview input for one claim, retracted or not; undefined when no verdict was ever published. */
export function getClaimReviewInput(db: DbOrTx, claimId: number): ClaimReviewInput | undefined {
  const versions = versionsOfClaim(db).all({ id: claimId });
  if (versions.length === 0) return undefined;
  const claim = claimById(db).get({ id: claimId });
  return claim ? toInput(claim, versions) : undefined;
}

/**
 * Up to `limit` claims in id order whose latest verdict version is published and not a retraction,
 * each with its versions: two statements per batch however many claims it holds (the claims, then
 * their versions with the current one's snapshot, by IN), so a feed never queries per claim.
 */
export function listClaimReviewInputs(db: DbOrTx, query: ClaimReviewBatchQuery): ClaimReviewInput[] {
  const conditions: SQL[] = [
    // The latest version, by the unique (claim_id, version_number) index; NULL when none was published.
    sql`(SELECT v.kind FROM ${verdicts} v WHERE v.claim_id = ${claims.id}
         ORDER BY v.version_number DESC LIMIT 1) <> 'retraction'`,
  ];
  if (query.afterId !== undefined) conditions.push(gt(claims.id, query.afterId));
  if (query.claimantId !== undefined) conditions.push(eq(claims.claimantId, query.claimantId));
  // The unary + keeps SQLite walking the primary key in id order rather than collecting and sorting
  // every claim updated since the instant through the (updated_at, id) index on every batch.
  if (query.updatedSince !== undefined) conditions.push(sql`+${claims.updatedAt} >= ${query.updatedSince}`);

  const rows = db
    .select(claimColumns)
    .from(claims)
    .where(and(...conditions))
    .orderBy(asc(claims.id))
    .limit(query.limit)
    .all();
  return withVersions(db, rows);
}

/** Attaches versions (one IN read, each with its snapshot) to claims; claims without a version are left out. */
function withVersions(db: DbOrTx, rows: readonly ClaimRow[]): ClaimReviewInput[] {
  if (rows.length === 0) return [];
  const versionsByClaim = groupBy(
    db
      .select(versionColumns)
      .from(verdicts)
      .where(inArray(verdicts.claimId, rows.map((row) => row.id)))
      .orderBy(asc(verdicts.claimId), asc(verdicts.versionNumber))
      .all(),
  );
  return rows.flatMap((claim) => {
    const input = toInput(claim, versionsByClaim.get(claim.id) ?? []);
    return input ? [input] : [];
  });
}

function groupBy<T extends { claimId: number }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const group = out.get(row.claimId);
    if (group) group.push(row);
    else out.set(row.claimId, [row]);
  }
  return out;
}
