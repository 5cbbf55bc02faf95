import { z } from 'zod';
import { LINK_KINDS } from '@/db/enums';
import { optionalText, positiveId } from './fields';

export const ClaimLinkCreate = z
  .object({
    claimId: positiveId,
    otherClaimId: z.coerce
      .number({ error: 'Enter the number of the other claim' })
      .int('Enter the number of the other claim')
      .positive('Enter the number of the other claim'),
    kind: z.enum(LINK_KINDS, { error: 'Choose how the claims are related' }),
    note: optionalText(2000),
  })
  .refine((link) => link.claimId !== link.otherClaimId, {
    path: ['otherClaimId'],
    message: 'A claim cannot be linked to itself',
    when: (payload) => typeof payload.value === 'object' && payload.value !== null,
  });
export type ClaimLinkCreate = z.infer<typeof ClaimLinkCreate>;
