/** The evidence gathered about a claim. */

import { relations } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { STANCES } from '../enums';
import { createdAt, updatedAt, version } from './columns';
import { claims } from './claims';
import { sources } from './sources';
import { users } from './users';

export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    url: text('url').notNull(),
    title: text('title').notNull(),
    publisherId: integer('publisher_id').references(() => sources.id),
    publishedOn: text('published_on'),
    /** W3C TextQuoteSelector: exact, with a little context either side. */
    quoteExact: text('quote_exact').notNull().default(''),
    quotePrefix: text('quote_prefix').notNull().default(''),
    quoteSuffix: text('quote_suffix').notNull().default(''),
    stance: text('stance', { enum: STANCES }).notNull(),
    note: text('note').notNull().default(''),
    addedBy: integer('added_by')
      .notNull()
      .references(() => users.id),
    retractedAt: text('retracted_at'),
    retractedBy: integer('retracted_by').references(() => users.id),
    retractionReason: text('retraction_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [index('evidence_claim_idx').on(t.claimId, t.stance), index('evidence_publisher_idx').on(t.publisherId)],
);

export const evidenceRelations = relations(evidence, ({ one }) => ({
  claim: one(claims, { fields: [evidence.claimId], references: [claims.id] }),
}));

export type Evidence = typeof evidence.$inferSelect;
