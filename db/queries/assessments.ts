import 'server-only';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { assessmentCitations, assessments, users, type Assessment, type RatingLabel } from '../schema';

const assessmentColumns = {
  id: assessments.id,
  claimId: assessments.claimId,
  reviewerId: assessments.reviewerId,
  reviewerName: users.name,
  label: assessments.label,
  confidence: assessments.confidence,
  rationale: assessments.rationale,
  createdAt: assessments.createdAt,
  supersededAt: assessments.supersededAt,
};

/** Every reviewer's current assessment of a claim, oldest first. */
export function listCurrentAssessments(db: DbOrTx, claimId: number) {
  return db
    .select(assessmentColumns)
    .from(assessments)
    .innerJoin(users, eq(users.id, assessments.reviewerId))
    .where(and(eq(assessments.claimId, claimId), isNull(assessments.supersededAt)))
    .orderBy(asc(assessments.id))
    .all();
}

export type CurrentAssessmentRow = ReturnType<typeof listCurrentAssessments>[number];

export function getCurrentAssessment(db: DbOrTx, claimId: number, reviewerId: number): Assessment | undefined {
  return db
    .select()
    .from(assessments)
    .where(and(eq(assessments.claimId, claimId), eq(assessments.reviewerId, reviewerId), isNull(assessments.supersededAt)))
    .get();
}

export function supersedeAssessment(tx: DbOrTx, id: number, at: string): void {
  tx.update(assessments).set({ supersededAt: at }).where(and(eq(assessments.id, id), isNull(assessments.supersededAt))).run();
}

export function insertAssessment(
  tx: DbOrTx,
  values: { claimId: number; reviewerId: number; label: RatingLabel; confidence: number; rationale: string; createdAt: string },
): Assessment {
  return tx.insert(assessments).values(values).returning().get();
}

export function insertAssessmentCitations(tx: DbOrTx, assessmentId: number, evidenceIds: readonly number[]): void {
  if (evidenceIds.length === 0) return;
  tx.insert(assessmentCitations)
    .values(evidenceIds.map((evidenceId) => ({ assessmentId, evidenceId })))
    .run();
}

/** Cited evidence ids per assessment, for the given assessments. */
export function listAssessmentCitations(db: DbOrTx, assessmentIds: readonly number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  if (assessmentIds.length === 0) return out;
  const rows = db
    .select()
    .from(assessmentCitations)
    .where(inArray(assessmentCitations.assessmentId, [...assessmentIds]))
    .all();
  for (const row of rows) out.set(row.assessmentId, [...(out.get(row.assessmentId) ?? []), row.evidenceId]);
  return out;
}
