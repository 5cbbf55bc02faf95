/** Where a claim appeared. */

import { relations } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, updatedAt, version } from './columns';
import { claims } from './claims';
import { sources } from './sources';
import { users } from './users';

export const appearances = sqliteTable(
  'appearances',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    url: text('url').notNull(),
    title: text('title').notNull(),
    publisherId: integer('publisher_id').references(() => sources.id),
    publishedOn: text('published_on'),
    quote: text('quote').notNull().default(''),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('appearances_claim_idx').on(t.claimId, t.id), index('appearances_publisher_idx').on(t.publisherId)],
);

export const appearancesRelations = relations(appearances, ({ one }) => ({
  claim: one(claims, { fields: [appearances.claimId], references: [claims.id] }),
  publisher: one(sources, { fields: [appearances.publisherId], references: [sources.id] }),
}));

export type Appearance = typeof appearances.$inferSelect;
export type NewAppearance = typeof appearances.$inferInsert;
