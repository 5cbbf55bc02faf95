import { getClaimReviewInput } from '@/db/queries/claimreview';
import { apiHandler, jsonBody } from '@/lib/api/handler';
import { ClaimIdParams } from '@/lib/api/schemas';
import { buildClaimReview } from '@/lib/claimreview';
import { getEnv } from '@/lib/env';
import { AppError, validationError } from '@/lib/errors';
import { otherMethods } from '@/lib/api/methods';
import { organisationAuthor } from '@/lib/organisation';

/** ClaimReview JSON-LD for a published, unretracted verdict; public and cacheable. */
export const GET = apiHandler({ permission: 'verdict:read', anonymous: true, cache: 'public' }, ({ db, params }) => {
  const parsed = ClaimIdParams.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  const input = getClaimReviewInput(db, parsed.data.id);
  const review = input ? buildClaimReview(input, organisationAuthor(db), getEnv().PUBLIC_URL) : null;
  if (!review) throw new AppError('not_found', `Claim ${parsed.data.id} has no published verdict.`, { id: ['No published verdict'] });
  return jsonBody(review, 'application/ld+json; charset=utf-8');
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
