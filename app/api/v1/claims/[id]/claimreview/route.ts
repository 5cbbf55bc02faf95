import { apiKeyRoute, jsonBody } from '@/lib/http/api-key-route';
import { ClaimIdParams } from '@/lib/api/schemas';
import { AppError, validationError } from '@/lib/errors';
import { otherMethods } from '@/lib/http/methods';
import { loadClaimReview } from '@/lib/verdicts/public-verdict';

/** ClaimReview JSON-LD for a published, unretracted verdict; public and cacheable. */
export const GET = apiKeyRoute({ permission: 'verdict:read', anonymous: true, cache: 'public' }, ({ db, params }) => {
  const parsed = ClaimIdParams.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  const review = loadClaimReview(db, parsed.data.id);
  if (!review) throw new AppError('not_found', `Claim ${parsed.data.id} has no published verdict.`, { id: ['No published verdict'] });
  return jsonBody(review, 'application/ld+json; charset=utf-8');
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
