import { z } from 'zod';
import { isPlainText, positiveId } from './fields';
import { MAX_REVIEW_URL, reviewUrlKey } from './review-url';

/**
 * Linking a fact-check published elsewhere to a claim: by its id (a suggestion's "Link" button) or
 * by its review URL as pasted from the browser (found by its normalised key, ./review-url.ts).
 */
export const FactcheckLink = z
  .object({
    claimId: positiveId,
    factcheckId: positiveId.optional(),
    url: z
      .string()
      .trim()
      .max(MAX_REVIEW_URL, `Keep the URL under ${MAX_REVIEW_URL.toLocaleString('en')} characters`)
      .refine((value) => isPlainText(value) && reviewUrlKey(value) !== null, 'Paste the review’s web address, starting with http:// or https://')
      .optional(),
  })
  .refine((input) => input.factcheckId !== undefined || input.url !== undefined, {
    path: ['url'],
    message: 'Paste the review’s web address',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type FactcheckLink = z.infer<typeof FactcheckLink>;

export const FactcheckUnlink = z.object({ claimId: positiveId, factcheckId: positiveId });
export type FactcheckUnlink = z.infer<typeof FactcheckUnlink>;
