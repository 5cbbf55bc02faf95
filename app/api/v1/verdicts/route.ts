import { apiKeyRoute, jsonBody } from '@/lib/http/api-key-route';
import { VerdictListQuery } from '@/lib/api/schemas';
import { listVerdicts } from '@/lib/api/verdicts';
import { getEnv } from '@/lib/env';
import { otherMethods } from '@/lib/http/methods';

/** Published verdicts, newest change first; public, so it answers without a key too. */
export const GET = apiKeyRoute({ permission: 'verdict:read', anonymous: true, query: VerdictListQuery, cache: 'public' }, ({ db, query }) =>
  jsonBody(listVerdicts(db, getEnv().PUBLIC_URL, query)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
