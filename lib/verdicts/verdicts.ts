import 'server-only';
import type { Db, DbOrTx, Tx } from '@/db/open';
import { listCurrentAssessments } from '@/db/queries/assessments';
import { appearanceCount } from '@/db/queries/appearances';
import { recordAuditEvent } from '@/db/queries/audit';
import { getClaimRow, setClaimFlags } from '@/db/queries/claims';
import { countOpenDisagreements } from '@/db/queries/disagreements';
import { activeEvidenceIdsOfClaim, countActiveEvidence } from '@/db/queries/evidence';
import {
  getLatestVerdict,
  getVerdictDraft,
  insertVerdict,
  insertVerdictCitations,
  insertVerdictDraft,
  updateVerdictDraftAtVersion,
  type NewVerdict,
  type VerdictDraftRow,
} from '@/db/queries/verdicts';
import type { Claim, Verdict } from '@/db/schema';
import { requiredAssessments } from '../admin/organisation';
import { staleVersionError } from '../history/conflicts';
import { parseVerdictSnapshot, type VerdictSnapshot } from '@/db/verdict-snapshot';
import { sameSnapshot, serializeVerdictSnapshot, takeRetractionSnapshot, takeVerdictSnapshot, withRatingMethod } from './snapshot';
import { AppError } from '../errors';
import { assertCan, auditActor, type Actor } from '../auth/permissions';
import type { VerdictAmend, VerdictDraftSave, VerdictPublish } from '../validation/verdict';
import { canCorrect, canRetract } from '../review/claim-status';
import { enqueueVerdictEvent, VERDICT_WEBHOOK_EVENTS, verdictEventData } from '../webhooks/webhooks';
import { checkPublishReadiness, reviewReadiness, type Readiness, type VerdictDraft } from '../review/publish-readiness';

const DRAFT = { type: 'verdict_draft', label: 'verdict draft' } as const;

export function requireClaim(tx: DbOrTx, claimId: number): Claim {
  const claim = getClaimRow(tx, claimId);
  if (!claim) throw new AppError('not_found', 'That claim does not exist.', { claimId: ['No such claim'] });
  return claim;
}

export function requireCitable(tx: DbOrTx, claimId: number, ids: readonly number[]): void {
  const valid = activeEvidenceIdsOfClaim(tx, claimId, ids);
  const invalid = ids.filter((id) => !valid.has(id));
  if (invalid.length > 0) {
    throw new AppError('bad_request', 'Please fix the highlighted fields.', {
      citedEvidenceIds: [`Evidence ${invalid.join(', ')} is not active evidence of this claim`],
    });
  }
}

/** Saves the editor's working verdict (at the version they read; 0 for the first save). */
export function saveVerdictDraft(db: Db, actor: Actor, input: VerdictDraftSave): VerdictDraftRow {
  assertCan(actor, 'verdict:draft');
  return db.transaction((tx) => saveDraftIn(tx, actor, input));
}

/** The draft save inside a caller's transaction (a correction saves and publishes in one). */
export function saveDraftIn(tx: Tx, actor: Actor, input: VerdictDraftSave): VerdictDraftRow {
  assertCan(actor, 'verdict:draft');
  const cited = [...new Set(input.citedEvidenceIds)];
  const claim = requireClaim(tx, input.claimId);
  if (claim.status === 'retracted') throw new AppError('conflict', 'This verdict was retracted; the claim is closed.');
  requireCitable(tx, claim.id, cited);
  const fields = {
    label: input.label ?? null,
    headline: input.headline,
    explanation: input.explanation,
    articleUrl: input.articleUrl ?? null,
    citedEvidenceIds: cited,
    updatedBy: auditActor(actor).actorUserId,
  };
  const before = getVerdictDraft(tx, claim.id);
  const currentVersion = before?.version ?? 0;
  if (currentVersion !== input.version) throw staleVersionError(tx, { ...DRAFT, id: claim.id }, input.version, currentVersion);
  const after = before ? updateVerdictDraftAtVersion(tx, claim.id, input.version, fields) : insertVerdictDraft(tx, claim.id, fields);
  if (!after) throw staleVersionError(tx, { ...DRAFT, id: claim.id }, input.version, currentVersion + 1);
  recordAuditEvent(tx, {
    ...auditActor(actor),
    action: 'verdict_draft.save',
    entityType: DRAFT.type,
    entityId: claim.id,
    claimId: claim.id,
    before: before ?? null,
    after,
  });
  return after;
}

/** Exactly what stands between this claim and publication (the rules are lib/review/publish-readiness.ts's). */
export function publishReadiness(db: DbOrTx, claimId: number, draftText?: VerdictDraft | null): Readiness {
  const draft = draftText === undefined ? getVerdictDraft(db, claimId) : draftText;
  return checkPublishReadiness({
    ...claimReadinessInput(db, claimId),
    draft: draft ? { label: draft.label, headline: draft.headline, explanation: draft.explanation } : null,
  });
}

/**
 * What the claim itself still needs before an editor can publish, without the verdict text: the
 * checklist reviewers read (the draft's text is the editors', and comes from ratings).
 */
export function claimReadiness(db: DbOrTx, claimId: number): Readiness {
  return reviewReadiness(claimReadinessInput(db, claimId));
}

function claimReadinessInput(db: DbOrTx, claimId: number) {
  return {
    hasClaimant: true,
    appearanceCount: appearanceCount(db, claimId),
    activeEvidenceCount: countActiveEvidence(db, claimId),
    currentAssessmentReviewerIds: listCurrentAssessments(db, claimId).map((a) => a.reviewerId),
    requiredAssessments: requiredAssessments(db),
    openDisagreementCount: countOpenDisagreements(db, claimId),
  };
}

export function loadDraftAt(tx: Tx, claimId: number, version: number): VerdictDraftRow {
  const draft = getVerdictDraft(tx, claimId);
  if (!draft) throw new AppError('unprocessable', 'Write the verdict before publishing it.');
  if (draft.version !== version) throw staleVersionError(tx, { ...DRAFT, id: claimId }, version, draft.version);
  return draft;
}

/**
 * Inserts the next version with the snapshot of what it shows, taken in this transaction. A
 * correction that would publish exactly what the current version shows is refused.
 */
export function publishVersion(
  tx: Tx,
  actor: Actor,
  claim: Claim,
  values: Omit<NewVerdict, 'claimId' | 'versionNumber' | 'publishedBy' | 'snapshot'>,
  cited: readonly number[],
): Verdict {
  const previous = getLatestVerdict(tx, claim.id);
  const taken = values.kind === 'retraction' ? takeRetractionSnapshot(tx, claim.id, previous) : takeVerdictSnapshot(tx, claim.id, cited);
  const snapshot = withRatingMethod(tx, taken, claim.id, values, previous);
  if (values.kind === 'correction' && previous && sameVersion(previous, values, snapshot)) {
    throw new AppError('unprocessable', UNCHANGED_CORRECTION, { _form: [UNCHANGED_CORRECTION] });
  }
  const verdict = insertVerdict(tx, {
    ...values,
    claimId: claim.id,
    versionNumber: (previous?.versionNumber ?? 0) + 1,
    publishedBy: auditActor(actor).actorUserId,
    snapshot: serializeVerdictSnapshot(snapshot),
  });
  insertVerdictCitations(tx, verdict.id, cited);
  const status = verdict.kind === 'retraction' ? 'retracted' : 'published';
  setClaimFlags(tx, claim.id, { status, disputed: claim.disputed });
  recordAuditEvent(tx, {
    ...auditActor(actor),
    action: `verdict.${verdict.kind === 'publication' ? 'publish' : verdict.kind === 'correction' ? 'correct' : 'retract'}`,
    entityType: 'verdict',
    entityId: verdict.id,
    claimId: claim.id,
    before: previous ?? null,
    after: { ...verdict, citedEvidenceIds: cited, claimStatus: status },
  });
  // Transactional outbox: the notification is queued with the change, delivered after commit.
  enqueueVerdictEvent(tx, VERDICT_WEBHOOK_EVENTS[verdict.kind], verdictEventData(verdict));
  return verdict;
}

export const UNCHANGED_CORRECTION =
  'This correction changes nothing: the rating, headline, explanation, claim, appearances and cited evidence are the same as in the published version.';

/** Same rating, headline, explanation and snapshot: a correction like that announces a change never made. */
function sameVersion(previous: Verdict, next: Pick<Verdict, 'label' | 'headline' | 'explanation'>, snapshot: VerdictSnapshot): boolean {
  return (
    previous.label === next.label &&
    previous.headline === next.headline &&
    previous.explanation === next.explanation &&
    sameSnapshot(parseVerdictSnapshot(previous.snapshot), snapshot)
  );
}

/** A correction needs what any verdict needs: a rating, a headline and an explanation. */
export function requireCompleteCorrection(draft: Pick<VerdictDraftRow, 'label' | 'headline' | 'explanation'>): void {
  const missing = checkPublishReadiness({
    hasClaimant: true,
    appearanceCount: 1,
    activeEvidenceCount: 1,
    currentAssessmentReviewerIds: [],
    requiredAssessments: 0,
    openDisagreementCount: 0,
    draft: { label: draft.label, headline: draft.headline, explanation: draft.explanation },
  }).missing;
  if (missing.length > 0) {
    throw new AppError('unprocessable', 'The corrected verdict is incomplete.', { _form: missing.map((m) => m.message) });
  }
}

/** Publishes version 1, only when every readiness condition holds. */
export function publishVerdict(db: Db, actor: Actor, input: VerdictPublish): Verdict {
  assertCan(actor, 'verdict:publish');
  return db.transaction((tx) => publishVerdictIn(tx, actor, input));
}

/** The first publication inside a caller's transaction (lib/verdicts/publish.ts saves the draft first). */
export function publishVerdictIn(tx: Tx, actor: Actor, input: VerdictPublish): Verdict {
  assertCan(actor, 'verdict:publish');
  const claim = requireClaim(tx, input.claimId);
  if (claim.status === 'published' || claim.status === 'retracted') {
    throw new AppError('conflict', 'This claim already has a published verdict; publish a correction instead.');
  }
  if (claim.duplicateOf !== null) {
    throw new AppError('conflict', `This claim is marked a duplicate of claim ${claim.duplicateOf}: publish the verdict there.`);
  }
  const draft = loadDraftAt(tx, claim.id, input.version);
  const readiness = publishReadiness(tx, claim.id, draft);
  if (!readiness.ready) throw notReadyError(readiness);
  requireCitable(tx, claim.id, draft.citedEvidenceIds);
  return publishVersion(
    tx,
    actor,
    claim,
    {
      kind: 'publication',
      label: draft.label ?? 'unverifiable',
      headline: draft.headline,
      explanation: draft.explanation,
      articleUrl: draft.articleUrl ?? claim.articleUrl,
      note: null,
    },
    draft.citedEvidenceIds,
  );
}

const DRAFT_FIELDS = new Set(['label', 'headline', 'explanation']);

/** The refusal of a claim that is not ready: the verdict's own gaps beside their fields, the claim's above. */
export function notReadyError(readiness: Readiness): AppError {
  const fieldErrors: Record<string, string[]> = {};
  for (const item of readiness.missing) {
    const field = DRAFT_FIELDS.has(item.key) ? item.key : '_form';
    fieldErrors[field] = [...(fieldErrors[field] ?? []), item.message];
  }
  return new AppError('unprocessable', 'This claim is not ready to publish.', fieldErrors);
}

/**
 * A correction publishes the current draft as the next version with a note; a retraction
 * withdraws the verdict as the next version. Earlier versions stay as they were.
 */
export function amendVerdict(db: Db, actor: Actor, input: VerdictAmend): Verdict {
  assertCan(actor, 'verdict:publish');
  return db.transaction((tx) => {
    const claim = requireClaim(tx, input.claimId);
    const allowed = input.kind === 'correction' ? canCorrect(claim.status) : canRetract(claim.status);
    if (!allowed) throw new AppError('conflict', `Only a published verdict can be ${input.kind === 'correction' ? 'corrected' : 'retracted'}.`);
    const draft = loadDraftAt(tx, claim.id, input.version);
    const latest = getLatestVerdict(tx, claim.id);
    if (input.kind === 'correction') {
      requireCompleteCorrection(draft);
      requireCitable(tx, claim.id, draft.citedEvidenceIds);
    }
    return publishVersion(
      tx,
      actor,
      claim,
      {
        kind: input.kind,
        label: draft.label ?? latest?.label ?? 'unverifiable',
        headline: input.kind === 'correction' ? draft.headline : (latest?.headline ?? draft.headline),
        explanation: input.kind === 'correction' ? draft.explanation : (latest?.explanation ?? draft.explanation),
        // The CMS's report of where it published wins over the editor's draft guess.
        articleUrl: claim.articleUrl ?? draft.articleUrl ?? latest?.articleUrl ?? null,
        note: input.note,
      },
      input.kind === 'correction' ? draft.citedEvidenceIds : [],
    );
  });
}
