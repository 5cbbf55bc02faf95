import { getClaimReviewInput } from '@/db/queries/claimreview';
import { apiKeyRoute, jsonBody } from '@/lib/http/api-key-route';
import { ClaimIdParams } from '@/lib/api/schemas';
import { buildClaimReview } from '@/lib/verdicts/claimreview-jsonld';
import { getEnv } from '@/lib/env';
import { AppError, validationError } from '@/lib/errors';
import { otherMethods } from '@/lib/http/methods';
import { organisationAuthor } from '@/lib/admin/organisation';

/** ClaimReview JSON-LD for a published, unretracted verdict; public and cacheable. */
export const GET = apiKeyRoute({ permission: 'verdict:read', anonymous: true, cache: 'public' }, ({ db, params }) => {
  const parsed = ClaimIdParams.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  const input = getClaimReviewInput(db, parsed.data.id);
  const review = input ? buildClaimReview(input, organisationAuthor(db), getEnv().PUBLIC_URL) : null;
  if (!review) throw new AppError('not_found', `Claim ${parsed.data.id} has no published verdict.`, { id: ['No published verdict'] });
  return jsonBody(review, 'application/ld+json; charset=utf-8');
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
