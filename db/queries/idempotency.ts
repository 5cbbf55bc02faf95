import 'server-only';
import { and, eq, lt } from 'drizzle-orm';
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
 * Stores the answer to a key's first request (or to a key used again after its record expired), in the transaction that made its change. Replaces a
 * reservation (status 0) left by a request that never finished.
 */
export function saveIdempotencyRecord(
  db: DbOrTx,
  record: { apiKeyId: number; key: string; requestHash: string; responseStatus: number; responseBody: string; responseLocation: string | null; createdAt: string },
): void {
  db.insert(idempotencyKeys)
    .values(record)
    .onConflictDoUpdate({
      target: [idempotencyKeys.apiKeyId, idempotencyKeys.key],
      set: {
        requestHash: record.requestHash,
        responseStatus: record.responseStatus,
        responseBody: record.responseBody,
        responseLocation: record.responseLocation,
        createdAt: record.createdAt,
      },
    })
    .run();
}

/** Deletes the records made before `cutoff` (ISO time): their keys are free to be used again. */
export function deleteIdempotencyRecordsBefore(db: DbOrTx, cutoff: string): number {
  return db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff)).run().changes;
}
