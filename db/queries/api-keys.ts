import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db, DbOrTx } from '../open';
import { apiKeys, users, type ApiScopeName, type Role } from '../schema';
import { preparedPerDb } from './prepared';

/** What may be shown about a key: never its hash. */
export const apiKeySummary = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdBy: apiKeys.createdBy,
  ownerId: apiKeys.ownerId,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  suspendedAt: apiKeys.suspendedAt,
  revokedAt: apiKeys.revokedAt,
  version: apiKeys.version,
};

export function insertApiKey(tx: DbOrTx, values: typeof apiKeys.$inferInsert) {
  return tx.insert(apiKeys).values(values).returning(apiKeySummary).get();
}

/** A key as authentication sees it, with the state of the person it acts for. */
export interface ApiKeyCredentials {
  id: number;
  name: string;
  keyHash: string;
  scopes: ApiScopeName[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  suspendedAt: string | null;
  revokedAt: string | null;
  ownerId: number | null;
  ownerRole: Role | null;
  ownerDisabledAt: string | null;
}

/** Prepared once per connection: authentication runs on every keyed API request. */
const credentialsByPrefix = preparedPerDb((db) =>
  (db as Db).$client.prepare(
    `SELECT k.id, k.name, k.key_hash AS keyHash, k.scopes, k.expires_at AS expiresAt, k.last_used_at AS lastUsedAt,
            k.suspended_at AS suspendedAt, k.revoked_at AS revokedAt, k.owner_id AS ownerId,
            u.role AS ownerRole, u.disabled_at AS ownerDisabledAt
       FROM api_keys k LEFT JOIN users u ON u.id = k.owner_id
      WHERE k.prefix = ?`,
  ),
);

/** Only authentication reads the hash, and it never leaves lib/api/keys.ts. */
export function findApiKeyByPrefix(db: Db, prefix: string): ApiKeyCredentials | undefined {
  const row = credentialsByPrefix(db).get(prefix) as (Omit<ApiKeyCredentials, 'scopes'> & { scopes: string }) | undefined;
  return row ? { ...row, scopes: JSON.parse(row.scopes) as ApiScopeName[] } : undefined;
}

export function getApiKeySummary(db: DbOrTx, id: number) {
  return db.select(apiKeySummary).from(apiKeys).where(eq(apiKeys.id, id)).get();
}

const creators = alias(users, 'creators');
const owners = alias(users, 'owners');

/** Every key, newest first, with who created it and whom it acts for. */
export function listApiKeys(db: DbOrTx) {
  return db
    .select({ ...apiKeySummary, createdByName: creators.name, ownerName: owners.name })
    .from(apiKeys)
    .leftJoin(creators, eq(creators.id, apiKeys.createdBy))
    .leftJoin(owners, eq(owners.id, apiKeys.ownerId))
    .orderBy(desc(apiKeys.id))
    .all();
}

export function revokeApiKeyRow(tx: DbOrTx, id: number, at: string) {
  return tx
    .update(apiKeys)
    .set({ revokedAt: at, version: sql`${apiKeys.version} + 1` })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning(apiKeySummary)
    .get();
}

/** The live, unsuspended keys a person holds: suspended together when they lose the right to hold them. */
export function listActiveKeysOwnedBy(tx: DbOrTx, ownerId: number) {
  return tx
    .select(apiKeySummary)
    .from(apiKeys)
    .where(and(eq(apiKeys.ownerId, ownerId), isNull(apiKeys.revokedAt), isNull(apiKeys.suspendedAt)))
    .all();
}

export function suspendApiKeyRow(tx: DbOrTx, id: number, at: string) {
  return tx
    .update(apiKeys)
    .set({ suspendedAt: at, version: sql`${apiKeys.version} + 1` })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt), isNull(apiKeys.suspendedAt)))
    .returning(apiKeySummary)
    .get();
}

/** Gives a key to another person and lifts its suspension, at the version the admin saw. */
export function reassignApiKeyRow(tx: DbOrTx, id: number, version: number, ownerId: number) {
  return tx
    .update(apiKeys)
    .set({ ownerId, suspendedAt: null, version: sql`${apiKeys.version} + 1` })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.version, version), isNull(apiKeys.revokedAt)))
    .returning(apiKeySummary)
    .get();
}

const touch = preparedPerDb((db) => (db as Db).$client.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?'));

/** Records when a key was last used (authentication calls it at most once a minute per key). */
export function touchApiKey(db: Db, id: number, at: string): void {
  touch(db).run(at, id);
}
