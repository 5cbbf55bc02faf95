import 'server-only';
import { createHash } from 'node:crypto';
import type { Db } from '@/db/open';
import { deleteIdempotencyRecordsBefore, findIdempotencyRecord, saveIdempotencyRecord } from '@/db/queries/idempotency';
import { AppError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/permissions';
import { JsonResponse } from './json-response';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** How long a key's answer is kept and replayed (README, API section): a day covers any sane retry. */
export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Idempotency-Key on POST: the lookup, the handler's change and the stored answer are one
 * synchronous transaction, so a crash leaves either all three or none. A retry with the same key
 * and body gets the stored answer; the same key with another body is refused with 422. (Storing
 * the answer in a later transaction would let a crash in between keep the change without its
 * answer, and the retry would then create it a second time.) The handler must therefore answer
 * synchronously, with jsonResponse(). Records expire after 24 hours: then the key is free again
 * (expired records are deleted as new ones are written). A replay keeps the Location header.
 */
export function withIdempotency(
  request: Request,
  db: Db,
  actor: Actor | null,
  bodyText: string,
  run: () => Response | Promise<Response>,
): Response | Promise<Response> {
  const key = request.headers.get('idempotency-key');
  if (request.method !== 'POST' || key === null || actor === null) return run();
  if (!KEY_PATTERN.test(key)) {
    throw new AppError('bad_request', 'The Idempotency-Key must be 1 to 200 visible ASCII characters.', { 'Idempotency-Key': ['Malformed'] });
  }
  const hash = createHash('sha256').update(`${request.method} ${new URL(request.url).pathname}\n${bodyText}`).digest('base64url');
  const now = new Date();
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_KEY_LIFETIME_MS).toISOString();
  return db.transaction(
    (tx) => {
      const found = findIdempotencyRecord(tx, actor.id, key);
      const record = found && found.createdAt >= cutoff ? found : undefined;
      // Status 0 is a reservation an earlier version made before running the request; one still
      // here belongs to a request that never finished, so the key is free again.
      if (record && record.responseStatus !== 0) {
        if (record.requestHash !== hash) {
          throw new AppError('unprocessable', 'This Idempotency-Key was used with a different request body.', {
            'Idempotency-Key': ['Already used with a different body'],
          });
        }
        return new Response(record.responseBody, {
          status: record.responseStatus,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'idempotent-replayed': 'true',
            ...(record.responseLocation === null ? {} : { location: record.responseLocation }),
          },
        });
      }
      const response = run();
      if (!(response instanceof JsonResponse)) {
        // Thrown inside the transaction, so whatever the handler wrote is rolled back.
        throw new Error('An idempotent API handler must answer synchronously with jsonResponse().');
      }
      if (response.status < 500) {
        deleteIdempotencyRecordsBefore(tx, cutoff);
        saveIdempotencyRecord(tx, {
          apiKeyId: actor.id,
          key,
          requestHash: hash,
          responseStatus: response.status,
          responseBody: response.bodyText,
          responseLocation: response.headers.get('location'),
          createdAt: now.toISOString(),
        });
      }
      return response;
    },
    // Take the write lock at once: another process writing between our read and our write would
    // otherwise make SQLite refuse the upgrade (SQLITE_BUSY) without waiting.
    { behavior: 'immediate' },
  );
}
