/** API keys and the idempotency keys that replay their writes. */

import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { API_SCOPES } from '../enums';
import { createdAt, version } from './columns';
import { users } from './users';

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The first characters of the key, shown to people so they can tell keys apart. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<(typeof API_SCOPES)[number][]>().notNull(),
    createdBy: integer('created_by').references(() => users.id),
    /**
     * The person the key acts for: its creator, until an admin reassigns it. When they are disabled
     * or lose the role that manages keys, the key is suspended (suspended_at) and refused; an admin
     * reassigning it to an active editor or admin re-activates it. Null: made on the command line.
     */
    ownerId: integer('owner_id').references(() => users.id),
    createdAt: createdAt(),
    /** Refused from this instant on; null = never expires. */
    expiresAt: text('expires_at'),
    lastUsedAt: text('last_used_at'),
    suspendedAt: text('suspended_at'),
    revokedAt: text('revoked_at'),
    version: version(),
  },
  (t) => [uniqueIndex('api_keys_prefix_unique').on(t.prefix), index('api_keys_owner_idx').on(t.ownerId)],
);

export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    apiKeyId: integer('api_key_id')
      .notNull()
      .references(() => apiKeys.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    responseStatus: integer('response_status').notNull(),
    responseBody: text('response_body').notNull(),
    /** The answer's Location header (a 201's new resource), replayed with the body. */
    responseLocation: text('response_location'),
    createdAt: createdAt(),
  },
  // Keys expire after 24 hours (lib/http/idempotency.ts); the index finds the expired ones to delete.
  (t) => [primaryKey({ columns: [t.apiKeyId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

export type ApiKey = typeof apiKeys.$inferSelect;
