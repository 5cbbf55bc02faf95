import { and, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { DbOrTx } from '../open';
import { apiKeys, users, type ApiKey } from '../schema';

/** What may be shown about a key: never its hash. */
export const apiKeySummary = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export function insertApiKey(tx: DbOrTx, values: typeof apiKeys.$inferInsert) {
  return tx.insert(apiKeys).values(values).returning(apiKeySummary).get();
}

/** Only authentication reads the hash, and it never leaves lib/api-keys.ts. */
export function findApiKeyByPrefix(db: DbOrTx, prefix: string): ApiKey | undefined {
  return db.select().from(apiKeys).where(eq(apiKeys.prefix, prefix)).get();
}

export function getApiKeySummary(db: DbOrTx, id: number) {
  return db.select(apiKeySummary).from(apiKeys).where(eq(apiKeys.id, id)).get();
}

export function listApiKeys(db: DbOrTx) {
  return db
    .select({ ...apiKeySummary, createdByName: users.name })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.id))
    .all();
}

export function revokeApiKeyRow(tx: DbOrTx, id: number, at: string) {
  return tx
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning(apiKeySummary)
    .get();
}

/** Records use at most once a minute per key, so reads do not turn into a write each. */
export function touchApiKey(db: DbOrTx, id: number, at: string): void {
  const minuteAgo = new Date(Date.parse(at) - 60_000).toISOString();
  db.update(apiKeys)
    .set({ lastUsedAt: at })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, minuteAgo))))
    .run();
}
