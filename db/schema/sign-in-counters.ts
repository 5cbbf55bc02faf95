import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Sign-in counters (lib/auth/sign-in-limits.ts): one fixed window per key ('address:…', 'email:…',
 * 'device:…', 'global'), kept here so that a restart does not forgive them and every process that
 * serves the database counts together. Times in milliseconds since the epoch.
 */
export const signInCounters = sqliteTable(
  'sign_in_counters',
  {
    key: text('key').primaryKey(),
    windowStart: integer('window_start').notNull(),
    expiresAt: integer('expires_at').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [index('sign_in_counters_expires_idx').on(t.expiresAt)],
);
