import { z } from 'zod';
import { positiveId, Version } from './fields';

/**
 * Marking a duplicate from a claim's page: `claimId` and `version` are the page's claim as it was
 * read; `keep` says which of the two claims stays ("this": the other one is merged into it).
 */
export const DuplicateMark = z
  .object({
    claimId: positiveId,
    version: Version,
    otherClaimId: z.coerce
      .number({ error: 'Enter the number of the other claim' })
      .int('Enter the number of the other claim')
      .positive('Enter the number of the other claim')
      .max(Number.MAX_SAFE_INTEGER, 'Enter the number of the other claim'),
    keep: z.enum(['this', 'other'], { error: 'Choose which claim is kept' }).default('this'),
  })
  .refine((input) => input.claimId !== input.otherClaimId, {
    path: ['otherClaimId'],
    message: 'A claim cannot be a duplicate of itself',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type DuplicateMark = z.infer<typeof DuplicateMark>;

/** Undoing a mark: the duplicate claim at the version it was read at. */
export const DuplicateUnmark = z.object({ claimId: positiveId, version: Version });
export type DuplicateUnmark = z.infer<typeof DuplicateUnmark>;
