import { sql } from 'drizzle-orm';
import { integer, text } from 'drizzle-orm/sqlite-core';

/**
 * The columns many tables share. Timestamps are ISO-8601 UTC strings (they sort as text); calendar
 * dates ("the date a claim was made") are YYYY-MM-DD. Editable rows carry `version`, which every
 * update must match and increment (optimistic concurrency: a stale edit conflicts).
 */
export const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
export const createdAt = () => text('created_at').notNull().default(now);
export const updatedAt = () => text('updated_at').notNull().default(now);
export const version = () => integer('version').notNull().default(1);
