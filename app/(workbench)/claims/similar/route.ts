import { findSimilar } from '@/lib/matching/find-similar';
import { SimilarQuery } from '@/lib/api/schemas';
import { sessionRoute } from '@/lib/http/session-route';
import { parseQuery } from '@/lib/http/query';
import { otherMethods } from '@/lib/http/methods';

/**
 * The new-claim form's "Checked before?" panel asks here while a statement is typed: the desk's
 * claims and external fact-checks most like `text` (lib/matching). Signed-in people only. The
 * parameters are the API's (`text`, `limit` 1 to 50), checked the same way: a repeated or unknown
 * one is a 400 naming it.
 */
export const GET = sessionRoute('claim:match', async (request, actor, _context, db) => {
  const query = parseQuery(new URL(request.url), SimilarQuery);
  return Response.json({ data: await findSimilar(db, actor, query.text, { limit: query.limit }) }, { headers: { 'cache-control': 'private, no-store' } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
