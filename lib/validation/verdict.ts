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

/** A correction republishes the current draft as the next version; a retraction withdraws it. */
export const VerdictAmend = z.object({
  claimId: positiveId,
  version: Version,
  kind: z.enum(['correction', 'retraction'], { error: 'Choose a correction or a retraction' }),
  note: requiredText('correction note', 4000),
});
export type VerdictAmend = z.infer<typeof VerdictAmend>;

