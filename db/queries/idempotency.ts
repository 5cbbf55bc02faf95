import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { idempotencyKeys } from '../schema';

export function findIdempotencyRecord(db: DbOrTx, apiKeyId: number, key: string) {
  return db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)))
    .get();
}

/**
 * Stores the answer to a key's first request, in the transaction that made its change. Replaces a
 * reservation (status 0) left by a request that never finished.
 */
export function saveIdempotencyRecord(
  db: DbOrTx,
  record: { apiKeyId: number; key: string; requestHash: string; responseStatus: number; responseBody: string },
): void {
  db.insert(idempotencyKeys)
    .values(record)
    .onConflictDoUpdate({
      target: [idempotencyKeys.apiKeyId, idempotencyKeys.key],
      set: { requestHash: record.requestHash, responseStatus: record.responseStatus, responseBody: record.responseBody },
    })
    .run();
}
