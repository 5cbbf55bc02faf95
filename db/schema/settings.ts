import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { updatedAt, version } from './columns';

/** Organisation settings as key/value rows (name, url, required assessments, …). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: updatedAt(),
  version: version(),
});
