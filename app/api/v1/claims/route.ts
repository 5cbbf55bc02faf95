import { apiKeyRoute, jsonResponse } from '@/lib/http/api-key-route';
import { ClaimSubmission } from '@/lib/api/schemas';
import { submitClaim } from '@/lib/api/submissions';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { otherMethods } from '@/lib/http/methods';

/** The CMS submits a claim to check; Idempotency-Key makes a retry safe. */
export const POST = apiKeyRoute({ permission: 'claim:create', body: ClaimSubmission }, ({ db, actor, body }) => {
  if (!actor) throw new AppError('unauthorized', 'Send an API key.');
  const created = submitClaim(db, actor, body);
  const url = `${getEnv().PUBLIC_URL}/api/v1/claims/${created.id}`;
  return jsonResponse({ id: created.id, status: created.status, url }, { status: 201, headers: { location: url } });
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['POST']);
