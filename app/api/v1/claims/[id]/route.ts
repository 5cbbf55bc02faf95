import { apiKeyRoute, jsonBody } from '@/lib/http/api-key-route';
import { ClaimIdParams } from '@/lib/api/schemas';
import { readApiClaim } from '@/lib/api/verdicts';
import { getEnv } from '@/lib/env';
import { validationError } from '@/lib/errors';
import { otherMethods } from '@/lib/http/methods';

export const GET = apiKeyRoute({ permission: 'verdict:read', anonymous: true, cache: 'public' }, ({ db, actor, params }) => {
  const parsed = ClaimIdParams.safeParse(params);
  if (!parsed.success) throw validationError(parsed.error);
  return jsonBody(readApiClaim(db, getEnv().PUBLIC_URL, parsed.data.id, actor !== null));
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
