import { z } from 'zod';
import { RATING_LABELS } from '@/db/enums';
import { idList, optionalText, positiveId } from './fields';

export const Confidence = z.coerce
  .number({ error: 'Enter a confidence from 0 to 100' })
  .refine((n) => Number.isFinite(n), 'Enter a confidence from 0 to 100')
  .pipe(
    z
      .number()
      .int('Use a whole number from 0 to 100')
      .min(0, 'Confidence cannot be below 0')
      .max(100, 'Confidence cannot be above 100'),
  );

export const AssessmentInput = z.object({
  claimId: positiveId,
  label: z.enum(RATING_LABELS, { error: 'Choose a rating on the scale' }),
  confidence: Confidence,
  rationale: optionalText(8000),
  /** Evidence items the rationale cites: a list of ids (a form sends them comma-joined). */
  citedEvidenceIds: idList,
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;
