import { apiKeyRoute, jsonBody } from '@/lib/http/api-key-route';
import { SimilarQuery } from '@/lib/api/schemas';
import { similarForApi } from '@/lib/api/similar';
import { otherMethods } from '@/lib/http/methods';

/** "Checked before?" for a CMS: desk claims and external fact-checks like a text (scope claims:read). */
export const GET = apiKeyRoute({ permission: 'claim:match', query: SimilarQuery }, async ({ db, actor, query }) =>
  jsonBody(await similarForApi(db, actor!, query.text, query.limit)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
