import 'server-only';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import type { RatingLabel, SourceKind } from '../schema';

/**
 * The reads behind lib/insights: agreement and calibration are computed from grouped counts, so
 * a desk of a hundred thousand claims hands lib/ a few thousand rows, never one per rating.
 */

/** The rating labels' counts in the fixed order of RATING_LABELS (unverifiable last). */
const LABEL_COUNTS = sql`sum(label = 'accurate') AS a, sum(label = 'mostly_accurate') AS b, sum(label = 'mixed') AS c,
  sum(label = 'mostly_inaccurate') AS d, sum(label = 'inaccurate') AS e, sum(label = 'unverifiable') AS u`;

export interface AgreementProfileRow {
  /** YYYY-MM of the claim's latest current rating. */
  month: string;
  kind: SourceKind;
  measureId: number | null;
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  u: number;
  /** Claims with exactly these counts in this month, claimant kind and measure. */
  claims: number;
}

/**
 * Claims with two or more current assessments, grouped by how many gave each label, the month of
 * the latest of those assessments, the claimant's kind and the claim's measure. `since` (an ISO
 * instant) keeps claims whose latest current rating is at or after it.
 */
export function listAgreementProfiles(db: DbOrTx, since: string | null): AgreementProfileRow[] {
  return db.all<AgreementProfileRow>(sql`
    WITH per_claim AS (
      SELECT claim_id, ${LABEL_COUNTS}, max(created_at) AS rated_at
      FROM assessments WHERE superseded_at IS NULL
      GROUP BY claim_id HAVING count(*) >= 2
    )
    SELECT substr(p.rated_at, 1, 7) AS month, s.kind AS kind, q.measure_id AS measureId,
      p.a AS a, p.b AS b, p.c AS c, p.d AS d, p.e AS e, p.u AS u, count(*) AS claims
    FROM per_claim p
    JOIN claims cl ON cl.id = p.claim_id
    JOIN sources s ON s.id = cl.claimant_id
    LEFT JOIN quantities q ON q.claim_id = p.claim_id
    WHERE ${since} IS NULL OR p.rated_at >= ${since}
    GROUP BY month, s.kind, q.measure_id, p.a, p.b, p.c, p.d, p.e, p.u`);
}

export function listMeasureNames(db: DbOrTx, ids: readonly number[]): { id: number; key: string; name: string }[] {
  if (ids.length === 0) return [];
  return db.all(sql`SELECT id, key, name FROM measures WHERE id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
}

export interface CalibrationRow {
  reviewerId: number;
  reviewerName: string;
  label: RatingLabel;
  verdict: RatingLabel;
  confidence: number;
  count: number;
}

/**
 * Current assessments of claims whose verdict is live (published, not retracted) beside the
 * current verdict's label, grouped by reviewer, label, verdict and confidence. `since` keeps
 * assessments given at or after it; `reviewerId` keeps one reviewer's.
 */
export function listCalibrationRows(db: DbOrTx, since: string | null, reviewerId: number | null): CalibrationRow[] {
  return db.all<CalibrationRow>(sql`
    SELECT a.reviewer_id AS reviewerId, u.name AS reviewerName, a.label AS label, v.label AS verdict,
      a.confidence AS confidence, count(*) AS count
    FROM assessments a
    JOIN claims cl ON cl.id = a.claim_id AND cl.status = 'published'
    JOIN verdicts v ON v.claim_id = a.claim_id
      AND v.version_number = (SELECT max(version_number) FROM verdicts WHERE claim_id = a.claim_id)
    JOIN users u ON u.id = a.reviewer_id
    WHERE a.superseded_at IS NULL
      AND (${since} IS NULL OR a.created_at >= ${since})
      AND (${reviewerId} IS NULL OR a.reviewer_id = ${reviewerId})
    GROUP BY a.reviewer_id, a.label, v.label, a.confidence`);
}

/** Reviewers' disagreements about a claim that were resolved (and are not open again). */
export function countResolvedReviewerDisagreements(db: DbOrTx, claimId: number): number {
  return (
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM disagreements WHERE claim_id = ${claimId} AND kind = 'reviewers' AND status = 'resolved'`)?.n ?? 0
  );
}

export interface ResearchAssessmentRow {
  id: number;
  claimId: number;
  statement: string;
  reviewerId: number;
  reviewerName: string;
  label: RatingLabel;
  confidence: number;
  createdAt: string;
  verdict: RatingLabel;
}

/**
 * One batch of current assessments of claims with a live published verdict, after an assessment
 * id, in id order, with the claim's statement and the current verdict's label.
 */
export function readResearchAssessmentBatch(db: DbOrTx, afterId: number, limit: number): ResearchAssessmentRow[] {
  return db.all<ResearchAssessmentRow>(sql`
    SELECT a.id AS id, a.claim_id AS claimId, cl.statement AS statement, a.reviewer_id AS reviewerId,
      u.name AS reviewerName, a.label AS label, a.confidence AS confidence, a.created_at AS createdAt, v.label AS verdict
    FROM assessments a
    JOIN claims cl ON cl.id = a.claim_id AND cl.status = 'published'
    JOIN verdicts v ON v.claim_id = a.claim_id
      AND v.version_number = (SELECT max(version_number) FROM verdicts WHERE claim_id = a.claim_id)
    JOIN users u ON u.id = a.reviewer_id
    WHERE a.superseded_at IS NULL AND a.id > ${afterId}
    ORDER BY a.id LIMIT ${limit}`);
}

export function countResearchAssessments(db: DbOrTx): number {
  return (
    db.get<{ n: number }>(sql`
      SELECT count(*) AS n FROM assessments a JOIN claims cl ON cl.id = a.claim_id AND cl.status = 'published'
      WHERE a.superseded_at IS NULL`)?.n ?? 0
  );
}
