import { z } from 'zod';
import { RATING_LABELS } from '@/db/enums';
import { httpUrl, idList, optionalText, positiveId, requiredText } from './fields';
import { Version } from './evidence';

/** The editor's working verdict; incomplete drafts are allowed, publishing checks readiness. */
export const VerdictDraftSave = z.object({
  claimId: positiveId,
  version: z.coerce.number().int().min(0).default(0),
  label: z.enum(RATING_LABELS, { error: 'Choose a rating on the scale' }).optional(),
  headline: optionalText(300),
  explanation: optionalText(20000),
  articleUrl: httpUrl.optional(),
  citedEvidenceIds: idList,
});
export type VerdictDraftSave = z.infer<typeof VerdictDraftSave>;

export const VerdictPublish = z.object({ claimId: positiveId, version: Version });
export type VerdictPublish = z.infer<typeof VerdictPublish>;

/**
 * The verdict form of a claim not yet published (issue 14): "save" keeps it as the draft; "review"
 * checks it and answers the confirmation (where it becomes public, what the CMS is sent), writing
 * nothing; "publish" saves it and publishes it in one transaction; "edit" goes back to the form.
 * `version` is the draft version the form was read at (0 before the first save).
 */
export const VerdictPublishForm = VerdictDraftSave.extend({
  step: z.enum(['save', 'review', 'publish', 'edit'], { error: 'Choose to save, review or publish the verdict' }).default('review'),
});
export type VerdictPublishForm = z.infer<typeof VerdictPublishForm>;

/** A correction republishes the current draft as the next version; a retraction withdraws it. */
export const VerdictAmend = z.object({
  claimId: positiveId,
  version: Version,
  kind: z.enum(['correction', 'retraction'], { error: 'Choose a correction or a retraction' }),
  note: requiredText('correction note', 4000),
});
export type VerdictAmend = z.infer<typeof VerdictAmend>;


/**
 * A correction is published from one form: the edited verdict, the note that announces the change,
 * and the draft version it was read at (a draft saved meanwhile is a conflict). `step` "save" keeps
 * the edits as the draft; "review" only shows what would change; "publish" saves the draft and
 * publishes it with the note in one transaction. Reviewing and publishing need the note.
 */
export const VerdictCorrect = VerdictDraftSave.omit({ version: true })
  .extend({
    version: Version,
    note: optionalText(4000),
    step: z.enum(['save', 'review', 'publish', 'edit'], { error: 'Choose to save, review or publish the correction' }).default('review'),
  })
  .superRefine((value, ctx) => {
    if ((value.step === 'review' || value.step === 'publish') && value.note === '') ctx.addIssue({ code: 'custom', path: ['note'], message: 'Enter the correction note' });
  });
export type VerdictCorrect = z.infer<typeof VerdictCorrect>;

/** The retraction form: only the note and the draft version it was read at. */
export const VerdictRetract = VerdictAmend.extend({ kind: z.literal('retraction', { error: 'Choose a retraction' }) });
export type VerdictRetract = z.infer<typeof VerdictRetract>;
