import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../open';
import { appearances, claims, sources, verdicts, type RatingLabel, type SourceKind, type Verdict } from '../schema';
import { preparedPerDb } from './prepared';

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

export interface ClaimReviewVersion {
  versionNumber: number;
  kind: Verdict['kind'];
  label: RatingLabel;
  headline: string;
  explanation: string;
  articleUrl: string | null;
  publishedAt: string;
}

/** Everything lib/claimreview.ts needs to describe one claim's published verdict. */
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

type ClaimRow = ClaimReviewInput['claim'];

const publisher = alias(sources, 'publisher');

const claimColumns = {
  id: claims.id,
  statement: claims.statement,
  claimedOn: claims.claimedOn,
  language: claims.language,
  articleUrl: claims.articleUrl,
  claimant: { name: sources.name, kind: sources.kind, url: sources.url },
};

const versionColumns = {
  claimId: verdicts.claimId,
  versionNumber: verdicts.versionNumber,
  kind: verdicts.kind,
  label: verdicts.label,
  headline: verdicts.headline,
  explanation: verdicts.explanation,
  articleUrl: verdicts.articleUrl,
  publishedAt: verdicts.publishedAt,
};

const appearanceColumns = {
  claimId: appearances.claimId,
  url: appearances.url,
  title: appearances.title,
  publishedOn: appearances.publishedOn,
  publisher: { name: publisher.name, kind: publisher.kind, url: publisher.url },
};

// One claim's reads, prepared once (the public ClaimReview route and verdict page run them per request).
const claimById = preparedPerDb((db) =>
  db
    .select(claimColumns)
    .from(claims)
    .innerJoin(sources, eq(sources.id, claims.claimantId))
    .where(eq(claims.id, sql.placeholder('id')))
    .prepare(),
);
const versionsOfClaim = preparedPerDb((db) =>
  db.select(versionColumns).from(verdicts).where(eq(verdicts.claimId, sql.placeholder('id'))).orderBy(asc(verdicts.versionNumber)).prepare(),
);
const appearancesOfClaim = preparedPerDb((db) =>
  db
    .select(appearanceColumns)
    .from(appearances)
    .leftJoin(publisher, eq(publisher.id, appearances.publisherId))
    .where(eq(appearances.claimId, sql.placeholder('id')))
    .orderBy(asc(appearances.id))
    .prepare(),
);

/** The ClaimReview input for one claim, retracted or not; undefined when no verdict was ever published. */
export function getClaimReviewInput(db: DbOrTx, claimId: number): ClaimReviewInput | undefined {
  const versions = versionsOfClaim(db).all({ id: claimId });
  if (versions.length === 0) return undefined;
  const claim = claimById(db).get({ id: claimId });
  if (!claim) return undefined;
  return {
    claim,
    versions: versions.map(({ claimId: _claimId, ...version }) => version),
    appearances: appearancesOfClaim(db)
      .all({ id: claimId })
      .map(({ claimId: _claimId, ...appearance }) => appearance),
  };
}

/**
 * Up to `limit` claims in id order whose latest verdict version is published and not a retraction,
 * each with its versions and appearances: three statements per batch however many claims it holds
 * (the claims, then their versions and their appearances by IN), so a feed never queries per claim.
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
    .innerJoin(sources, eq(sources.id, claims.claimantId))
    .where(and(...conditions))
    .orderBy(asc(claims.id))
    .limit(query.limit)
    .all();
  return withVersionsAndAppearances(db, rows);
}

/** Attaches versions and appearances to claims (two IN reads); claims without a version are left out. */
function withVersionsAndAppearances(db: DbOrTx, rows: readonly ClaimRow[]): ClaimReviewInput[] {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);

  const versionsByClaim = groupBy(
    db
      .select(versionColumns)
      .from(verdicts)
      .where(inArray(verdicts.claimId, ids))
      .orderBy(asc(verdicts.claimId), asc(verdicts.versionNumber))
      .all(),
  );

  const appearancesByClaim = groupBy(
    db
      .select(appearanceColumns)
      .from(appearances)
      .leftJoin(publisher, eq(publisher.id, appearances.publisherId))
      .where(inArray(appearances.claimId, ids))
      .orderBy(asc(appearances.claimId), asc(appearances.id))
      .all(),
  );

  return rows.flatMap((claim) => {
    const versions = versionsByClaim.get(claim.id) ?? [];
    if (versions.length === 0) return [];
    return [
      {
        claim,
        versions: versions.map(({ claimId: _claimId, ...version }) => version),
        appearances: (appearancesByClaim.get(claim.id) ?? []).map(({ claimId: _claimId, ...appearance }) => appearance),
      },
    ];
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
