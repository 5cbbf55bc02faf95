'use server';

import { revalidatePath } from 'next/cache';
import type { z } from 'zod';
import { addAppearance } from '@/lib/claims/appearances';
import { recordAssessment } from '@/lib/review/assessments';
import { linkClaims } from '@/lib/claims/claim-links';
import { editClaim } from '@/lib/claims/claims';
import { addComment, openDisagreement, reopenDisagreement, resolveDisagreement } from '@/lib/review/disagreements';
import { addEvidence, editEvidence, retractEvidence } from '@/lib/review/evidence';
import type { Actor, Permission } from '@/lib/auth/permissions';
import { formValues, runAction, type ActionResult } from '@/lib/http/server-action';
import { AppearanceCreate } from '@/lib/validation/appearance';
import { AssessmentInput } from '@/lib/validation/assessment';
import { ClaimUpdate } from '@/lib/validation/claim';
import { ClaimLinkCreate } from '@/lib/validation/claim-link';
import { CommentCreate, DisagreementOpen, DisagreementReopen, DisagreementResolve } from '@/lib/validation/disagreement';
import { EvidenceCreate, EvidenceRetract, EvidenceUpdate } from '@/lib/validation/evidence';
import { formSchema } from '@/lib/validation/fields';
import { VerdictCorrect, VerdictDraftSave, VerdictPublishForm, VerdictRetract } from '@/lib/validation/verdict';
import { publishCorrection, reviewCorrection, type CorrectionReview } from '@/lib/verdicts/correction';
import { reviewPublication, saveAndPublishVerdict, type PublicationReview } from '@/lib/verdicts/publish';
import { amendVerdict, saveVerdictDraft } from '@/lib/verdicts/verdicts';

/** The database runAction hands the domain call (app/ never opens it itself). */
type Db = Parameters<Parameters<typeof runAction>[0]['run']>[2];

/** What a claim-page form gets back: success with a message to announce, or the errors. */
export type ClaimFormResult = ActionResult<{ message: string }> | null;

/**
 * Every claim-page action takes the same path: runAction (session, role, zod), the domain call in
 * one transaction, then a refresh of the claim's pages. The claim id always comes from the form and
 * is validated like any other field.
 */
async function claimAction<S extends z.ZodType>(
  formData: FormData,
  permission: Permission,
  schema: S,
  run: (db: Db, actor: Actor, input: z.output<S>) => { message: string; claimIds?: number[] },
): Promise<ClaimFormResult> {
  const result = await runAction({ permission, schema: formSchema(schema), formData, run: (actor, input, db) => run(db, actor, input) });
  if (result.ok) {
    for (const id of new Set(result.data.claimIds ?? [])) revalidatePath(`/claims/${id}`);
    revalidatePath('/claims');
    revalidatePath('/disagreements');
    return { ok: true, data: { message: result.data.message } };
  }
  return result;
}

export async function editClaimAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'claim:edit', ClaimUpdate, (db, actor, input) => {
    const { claim, changed } = editClaim(db, actor, input);
    if (changed.length === 0) return { message: 'Nothing to save: the claim is as it was.', claimIds: [] };
    if (claim.status === 'published' || claim.status === 'retracted') revalidatePath(`/verdicts/${claim.id}`);
    // Its claimant's page lists it, and the claim counts of the sources list may have moved.
    revalidatePath('/sources', 'layout');
    return { message: 'Claim updated.', claimIds: [claim.id] };
  });
}

export async function addAppearanceAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'appearance:create', AppearanceCreate, (db, actor, input) => {
    addAppearance(db, actor, input);
    return { message: 'Appearance added.', claimIds: [input.claimId] };
  });
}

export async function addEvidenceAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'evidence:create', EvidenceCreate, (db, actor, input) => {
    addEvidence(db, actor, input);
    return { message: 'Evidence added.', claimIds: [input.claimId] };
  });
}

export async function editEvidenceAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'evidence:edit', EvidenceUpdate, (db, actor, input) => {
    const row = editEvidence(db, actor, input);
    return { message: 'Evidence updated.', claimIds: [row.claimId] };
  });
}

export async function retractEvidenceAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'evidence:edit', EvidenceRetract, (db, actor, input) => {
    const row = retractEvidence(db, actor, input);
    return { message: 'Evidence retracted.', claimIds: [row.claimId] };
  });
}

export async function assessAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'assessment:create', AssessmentInput, (db, actor, input) => {
    recordAssessment(db, actor, input);
    return { message: 'Your assessment is recorded.', claimIds: [input.claimId] };
  });
}

export async function linkClaimsAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'link:create', ClaimLinkCreate, (db, actor, input) => {
    const { notice } = linkClaims(db, actor, input);
    return { message: notice ? `Claims linked. ${notice}` : 'Claims linked.', claimIds: [input.claimId, input.otherClaimId] };
  });
}

export async function openDisagreementAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'disagreement:open', DisagreementOpen, (db, actor, input) => {
    openDisagreement(db, actor, input);
    return { message: 'Disagreement opened.', claimIds: [input.claimId] };
  });
}

export async function commentAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'comment:create', CommentCreate, (db, actor, input) => {
    const comment = addComment(db, actor, input);
    return { message: 'Comment posted.', claimIds: [comment.claimId] };
  });
}

export async function resolveDisagreementAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'disagreement:resolve', DisagreementResolve, (db, actor, input) => {
    const row = resolveDisagreement(db, actor, input);
    return { message: 'Disagreement resolved.', claimIds: [row.claimId, ...(row.relatedClaimId ? [row.relatedClaimId] : [])] };
  });
}

export async function reopenDisagreementAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'disagreement:resolve', DisagreementReopen, (db, actor, input) => {
    const row = reopenDisagreement(db, actor, input);
    return { message: 'Disagreement reopened.', claimIds: [row.claimId, ...(row.relatedClaimId ? [row.relatedClaimId] : [])] };
  });
}

export async function saveVerdictDraftAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'verdict:draft', VerdictDraftSave, (db, actor, input) => {
    saveVerdictDraft(db, actor, input);
    return { message: 'Verdict draft saved.', claimIds: [input.claimId] };
  });
}

/** What the verdict form gets back: a saved or published message, or the confirmation to show. */
export type PublishFormResult = ActionResult<{ message: string; review: PublicationReview | null; values: Record<string, string> }> | null;

/**
 * The verdict form of an unpublished claim (issue 14): "save" keeps the draft; "review" answers the
 * confirmation, writing nothing; "publish" saves the form and publishes it in one transaction;
 * "edit" returns to the form with what was typed.
 */
export async function publishVerdictAction(_: PublishFormResult, formData: FormData): Promise<PublishFormResult> {
  const result = await runAction({
    permission: 'verdict:draft',
    schema: formSchema(VerdictPublishForm),
    formData,
    run: (actor, input, db) => {
      const values = formValues(formData as FormData);
      if (input.step === 'edit') return { message: '', review: null, values, claimId: null };
      if (input.step === 'review') return { message: '', review: reviewPublication(db, actor, input), values, claimId: null };
      if (input.step === 'save') {
        saveVerdictDraft(db, actor, input);
        return { message: 'Verdict draft saved.', review: null, values, claimId: input.claimId };
      }
      const verdict = saveAndPublishVerdict(db, actor, input);
      return { message: `Verdict published (version ${verdict.versionNumber}).`, review: null, values, claimId: input.claimId };
    },
  });
  if (!result.ok) return result;
  const { claimId, ...data } = result.data;
  if (claimId !== null) {
    revalidatePath(`/claims/${claimId}`);
    revalidatePath(`/verdicts/${claimId}`);
    revalidatePath('/claims');
    revalidatePath('/');
  }
  return { ok: true, data };
}

/** Retracts the published verdict as the next version, with its note. */
export async function retractVerdictAction(_: ClaimFormResult, formData: FormData): Promise<ClaimFormResult> {
  return claimAction(formData, 'verdict:publish', VerdictRetract, (db, actor, input) => {
    const verdict = amendVerdict(db, actor, input);
    revalidatePath(`/verdicts/${input.claimId}`);
    return { message: `Retraction published (version ${verdict.versionNumber}).`, claimIds: [input.claimId] };
  });
}

/** What the correction form gets back: a saved or published message, or the changes to confirm. */
export type CorrectionFormResult = ActionResult<{ message: string; review: CorrectionReview | null; values: Record<string, string> }> | null;

/**
 * The one correction form (issue 9): "save" keeps the edits as the draft; "review" answers what the
 * correction changes against the published version, writing nothing; "publish" saves the edits and
 * publishes them with the note in one transaction, at the draft version the form was read at;
 * "edit" (without JavaScript, from the review) returns to the form with what was typed.
 */
export async function correctVerdictAction(_: CorrectionFormResult, formData: FormData): Promise<CorrectionFormResult> {
  const result = await runAction({
    permission: 'verdict:draft',
    schema: formSchema(VerdictCorrect),
    formData,
    run: (actor, input, db) => {
      const values = formValues(formData as FormData);
      if (input.step === 'edit') return { message: '', review: null, values, claimId: null };
      if (input.step === 'review') return { message: '', review: reviewCorrection(db, actor, input), values, claimId: input.claimId };
      if (input.step === 'save') {
        saveVerdictDraft(db, actor, input);
        return { message: 'Verdict draft saved.', review: null, values, claimId: input.claimId };
      }
      const verdict = publishCorrection(db, actor, input);
      return { message: `Correction published (version ${verdict.versionNumber}).`, review: null, values, claimId: input.claimId };
    },
  });
  if (!result.ok) return result;
  const { claimId, ...data } = result.data;
  if (data.review === null && claimId !== null) {
    revalidatePath(`/claims/${claimId}`);
    revalidatePath(`/verdicts/${claimId}`);
    revalidatePath('/claims');
  }
  return { ok: true, data };
}
