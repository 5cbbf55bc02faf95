import { createHash } from 'node:crypto';
import type { Db } from '@/db/open';
import {
  completeIdempotencyKey,
  findIdempotencyRecord,
  releaseIdempotencyKey,
  reserveIdempotencyKey,
} from '@/db/queries/idempotency';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/permissions';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Idempotency-Key on POST: the key is reserved before the work runs (one synchronous insert, so
 * two simultaneous retries cannot both proceed), the first response is stored and replayed for any
 * retry with the same body, and the same key with a different body is refused with 422.
 */
export async function withIdempotency(
  request: Request,
  db: Db,
  actor: Actor | null,
  bodyText: string,
  run: () => Promise<Response>,
): Promise<Response> {
  const key = request.headers.get('idempotency-key');
  if (request.method !== 'POST' || key === null || actor === null) return run();
  if (!KEY_PATTERN.test(key)) {
    throw new AppError('bad_request', 'The Idempotency-Key must be 1 to 200 visible ASCII characters.', { 'Idempotency-Key': ['Malformed'] });
  }
  const hash = createHash('sha256').update(`${request.method} ${new URL(request.url).pathname}\n${bodyText}`).digest('base64url');
  if (!reserveIdempotencyKey(db, actor.id, key, hash)) {
    const record = findIdempotencyRecord(db, actor.id, key);
    if (record && record.requestHash !== hash) {
      throw new AppError('unprocessable', 'This Idempotency-Key was used with a different request body.', {
        'Idempotency-Key': ['Already used with a different body'],
      });
    }
    if (!record || record.responseStatus === 0) {
      throw new AppError('conflict', 'A request with this Idempotency-Key is still being processed; retry shortly.');
    }
    return new Response(record.responseBody, {
      status: record.responseStatus,
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotent-replayed': 'true' },
    });
  }
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    releaseIdempotencyKey(db, actor.id, key);
    throw error;
  }
  if (response.status >= 500) {
    releaseIdempotencyKey(db, actor.id, key);
    return response;
  }
  completeIdempotencyKey(db, actor.id, key, response.status, await response.clone().text());
  return response;
}
