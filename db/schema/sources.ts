/** Sources: who makes claims and who publishes appearances and evidence. */

import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { SOURCE_KINDS } from '../enums';
import { createdAt, updatedAt, version } from './columns';
import { users } from './users';

export const sources = sqliteTable(
  'sources',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    url: text('url'),
    notes: text('notes').notNull().default(''),
    /**
     * How many claims this source made, kept by triggers on claims (migration 0005) in the same
     * transaction as every write, so the sources list shows it without counting.
     */
    claimCount: integer('claim_count').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('sources_name_kind_unique').on(t.name, t.kind),
    /** The sources list: by name (with the rowid, the keyset's tie-break), and by name within a kind. */
    index('sources_name_idx').on(t.name),
    index('sources_kind_name_idx').on(t.kind, t.name),
  ],
);

export type Source = typeof sources.$inferSelect;
export type NewSource = typeof sources.$inferInsert;
