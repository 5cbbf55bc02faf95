import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/open';
import { findUserByEmail } from '@/db/queries/users';
import { assessments, disagreements, evidence, verdictDrafts, verdicts } from '@/db/schema';
import { DEMO_DESK, type DeskMember } from '@/db/seed/demo-data';
import { DEMO_EVIDENCE } from '@/db/seed/demo-evidence';
import { DEMO_REVIEWS, type DemoReview, type DemoVerdictText } from '@/db/seed/demo-review';
import { requireSourceId } from '@/db/seed/find-source';
import type { Actor } from '@/lib/auth/permissions';
import { recordAssessment } from '@/lib/review/assessments';
import { addComment } from '@/lib/review/disagreements';
import { addEvidence } from '@/lib/review/evidence';
import { AssessmentInput } from '@/lib/validation/assessment';
import { CommentCreate } from '@/lib/validation/disagreement';
import { EvidenceCreate } from '@/lib/validation/evidence';
import { VerdictAmend, VerdictDraftSave, VerdictPublish } from '@/lib/validation/verdict';
import { amendVerdict, publishReadiness, publishVerdict, saveVerdictDraft } from '@/lib/verdicts/verdicts';

/** How many review rows one run added (verdicts counts published versions, corrections included). */
export interface ReviewReport {
  evidence: number;
  assessments: number;
  verdicts: number;
  comments: number;
}

type Cite = (keys: readonly string[]) => number[];

/**
 * Does the demo desk's review work (db/seed/demo-review.ts) through the same domain functions a person's
 * work goes through, so every row gets its audit event and the workflow rules move each claim:
 * evidence, then ratings (which make a claim ready or open a disagreement), then the editor's
 * verdict and correction. A claim anyone has already worked on is left as it is, which also makes
 * a second run add nothing.
 */
export function seedDemoReview(db: Db, claimIds: ReadonlyMap<string, number>): ReviewReport {
  const report: ReviewReport = { evidence: 0, assessments: 0, verdicts: 0, comments: 0 };
  const actors = new Map<DeskMember, Actor>();
  const actor = (member: DeskMember): Actor => {
    const known = actors.get(member) ?? deskActor(db, member);
    actors.set(member, known);
    return known;
  };

  for (const review of DEMO_REVIEWS) {
    const claimId = claimIds.get(review.claim);
    if (claimId === undefined) throw new Error(`Demo review names a claim that is not in the data set: ${review.claim}`);
    if (hasReviewWork(db, claimId)) continue;

    const evidenceIds = new Map<string, number>();
    for (const item of DEMO_EVIDENCE[review.claim] ?? []) {
      const row = addEvidence(
        db,
        actor(item.addedBy),
        EvidenceCreate.parse({
          claimId,
          url: item.url,
          title: item.title,
          publisherId: requireSourceId(db, item.publisher),
          publishedOn: item.publishedOn,
          stance: item.stance,
          note: item.note,
        }),
      );
      evidenceIds.set(item.key, row.id);
      report.evidence++;
    }
    const cite: Cite = (keys) =>
      keys.map((key) => {
        const id = evidenceIds.get(key);
        if (id === undefined) throw new Error(`Demo review of ${review.claim} cites unknown evidence ${key}`);
        return id;
      });

    for (const rating of review.assessments) {
      const { label, confidence, rationale } = rating;
      const input = AssessmentInput.parse({ claimId, label, confidence, rationale, citedEvidenceIds: cite(rating.cites) });
      recordAssessment(db, actor(rating.by), input);
      report.assessments++;
    }

    if (review.comments) {
      const thread = openReviewersDisagreementId(db, claimId);
      if (thread === undefined) throw new Error(`Demo review of ${review.claim} has comments but its ratings opened no disagreement`);
      for (const comment of review.comments) {
        addComment(db, actor(comment.by), CommentCreate.parse({ disagreementId: thread, body: comment.body }));
        report.comments++;
      }
    }

    report.verdicts += publishDemoVerdict(db, actor('editor'), claimId, review, cite);
  }
  return report;
}

/** Drafts and publishes the verdict, then the correction if any; returns the versions published. */
function publishDemoVerdict(db: Db, editor: Actor, claimId: number, review: DemoReview, cite: Cite): number {
  if (!review.verdict) return 0;
  const draft = saveVerdictDraft(db, editor, VerdictDraftSave.parse({ claimId, version: 0, ...draftFields(review.verdict, cite) }));
  // A desk that changed its rules (say, three ratings per claim) keeps the draft, unpublished.
  if (!publishReadiness(db, claimId).ready) return 0;
  publishVerdict(db, editor, VerdictPublish.parse({ claimId, version: draft.version }));
  if (!review.correction) return 1;

  const corrected = saveVerdictDraft(
    db,
    editor,
    VerdictDraftSave.parse({ claimId, version: draft.version, ...draftFields(review.correction, cite) }),
  );
  amendVerdict(
    db,
    editor,
    VerdictAmend.parse({ claimId, version: corrected.version, kind: 'correction', note: review.correction.note }),
  );
  return 2;
}

function draftFields(text: DemoVerdictText, cite: Cite) {
  return { label: text.label, headline: text.headline, explanation: text.explanation, citedEvidenceIds: cite(text.cites) };
}

function deskActor(db: Db, member: DeskMember): Actor {
  const { email } = DEMO_DESK[member];
  const user = findUserByEmail(db, email);
  if (!user) throw new Error(`Demo user ${email} is missing; the review data set needs the whole demo desk`);
  return { kind: 'user', ...user };
}

/** Whether anyone has added evidence, rated, drafted, published or disagreed on the claim. */
function hasReviewWork(db: Db, claimId: number): boolean {
  const found =
    db.select({ id: evidence.id }).from(evidence).where(eq(evidence.claimId, claimId)).limit(1).get() ??
    db.select({ id: assessments.id }).from(assessments).where(eq(assessments.claimId, claimId)).limit(1).get() ??
    db.select({ id: verdicts.id }).from(verdicts).where(eq(verdicts.claimId, claimId)).limit(1).get() ??
    db.select({ id: verdictDrafts.claimId }).from(verdictDrafts).where(eq(verdictDrafts.claimId, claimId)).get() ??
    db.select({ id: disagreements.id }).from(disagreements).where(eq(disagreements.claimId, claimId)).limit(1).get();
  return found !== undefined;
}

function openReviewersDisagreementId(db: Db, claimId: number): number | undefined {
  return db
    .select({ id: disagreements.id })
    .from(disagreements)
    .where(and(eq(disagreements.claimId, claimId), eq(disagreements.kind, 'reviewers'), eq(disagreements.status, 'open')))
    .orderBy(desc(disagreements.id))
    .limit(1)
    .get()?.id;
}
