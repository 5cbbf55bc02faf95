import { findSimilar } from '@/lib/matching/find-similar';
import { sessionRoute } from '@/lib/http/session-route';
import { otherMethods } from '@/lib/http/methods';
import { AppError } from '@/lib/errors';

/**
 * The new-claim form's "Checked before?" panel asks here while a statement is typed: the desk's
 * claims and external fact-checks most like `text` (lib/matching). Signed-in people only.
 */
export const GET = sessionRoute('claim:match', (request, actor, _context, db) => {
  const url = new URL(request.url);
  const text = url.searchParams.get('text');
  if (text === null) throw new AppError('bad_request', 'Give the text to match.', { text: ['Required'] });
  const limitText = url.searchParams.get('limit') ?? '8';
  if (!/^\d{1,2}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 50) {
    throw new AppError('bad_request', 'limit must be a whole number from 1 to 50.', { limit: ['From 1 to 50'] });
  }
  return Response.json({ data: findSimilar(db, actor, text, { limit: Number(limitText) }) }, { headers: { 'cache-control': 'private, no-store' } });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(['GET']);
