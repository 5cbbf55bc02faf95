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

/** Reserves a key (status 0 = in progress); false when another request already holds it. */
export function reserveIdempotencyKey(db: DbOrTx, apiKeyId: number, key: string, requestHash: string): boolean {
  const result = db
    .insert(idempotencyKeys)
    .values({ apiKeyId, key, requestHash, responseStatus: 0, responseBody: '' })
    .onConflictDoNothing()
    .run();
  return result.changes === 1;
}

export function completeIdempotencyKey(db: DbOrTx, apiKeyId: number, key: string, status: number, body: string): void {
  db.update(idempotencyKeys)
    .set({ responseStatus: status, responseBody: body })
    .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)))
    .run();
}

export function releaseIdempotencyKey(db: DbOrTx, apiKeyId: number, key: string): void {
  db.delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.apiKeyId, apiKeyId), eq(idempotencyKeys.key, key)))
    .run();
}
