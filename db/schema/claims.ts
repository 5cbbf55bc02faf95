/** Claims, with their optional quantity and the measures quantities are counted in. */

import { relations, sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { BOUND_KINDS, CLAIM_STATUSES, MODALITIES } from '../enums';
import { createdAt, updatedAt, version } from './columns';
import { sources } from './sources';
import { users } from './users';

export const measures = sqliteTable(
  'measures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('measures_key_unique').on(t.key)],
);

export const claims = sqliteTable(
  'claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    statement: text('statement').notNull(),
    claimantId: integer('claimant_id')
      .notNull()
      .references(() => sources.id),
    claimedOn: text('claimed_on').notNull(),
    language: text('language').notNull().default('en'),
    context: text('context').notNull().default(''),
    status: text('status', { enum: CLAIM_STATUSES }).notNull().default('draft'),
    disputed: integer('disputed', { mode: 'boolean' }).notNull().default(false),
    articleUrl: text('article_url'),
    /** Set when an editor merged this claim into another (the kept claim): see lib/claims/duplicates.ts. */
    duplicateOf: integer('duplicate_of').references((): AnySQLiteColumn => claims.id),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('claims_status_id_idx').on(t.status, t.id),
    index('claims_claimant_id_idx').on(t.claimantId, t.id),
    index('claims_disputed_id_idx').on(t.disputed, t.id),
    index('claims_updated_idx').on(t.updatedAt, t.id),
    /** The claims merged into a kept claim; only duplicates are indexed. */
    index('claims_duplicate_of_idx')
      .on(t.duplicateOf)
      .where(sql`duplicate_of IS NOT NULL`),
    /** The API's verdict feed: published (or retracted) claims, newest change first. */
    index('claims_public_updated_idx')
      .on(t.updatedAt, t.id)
      .where(sql`status IN ('published', 'retracted')`),
  ],
);

/** The optional quantity of a claim (at most one per claim). */
export const quantities = sqliteTable(
  'quantities',
  {
    claimId: integer('claim_id')
      .primaryKey()
      .references(() => claims.id, { onDelete: 'cascade' }),
    measureId: integer('measure_id')
      .notNull()
      .references(() => measures.id),
    value: real('value'),
    low: real('low'),
    high: real('high'),
    unit: text('unit').notNull(),
    bound: text('bound', { enum: BOUND_KINDS }).notNull(),
    modality: text('modality', { enum: MODALITIES }).notNull(),
    asOf: text('as_of'),
    version: version(),
  },
  (t) => [
    index('quantities_measure_idx').on(t.measureId),
    check('quantities_bounds_ordered', sql`${t.low} IS NULL OR ${t.high} IS NULL OR ${t.low} <= ${t.high}`),
  ],
);

export const quantitiesRelations = relations(quantities, ({ one }) => ({
  claim: one(claims, { fields: [quantities.claimId], references: [claims.id] }),
  measure: one(measures, { fields: [quantities.measureId], references: [measures.id] }),
}));

export type Measure = typeof measures.$inferSelect;
export type Claim = typeof claims.$inferSelect;
export type NewClaim = typeof claims.$inferInsert;
export type Quantity = typeof quantities.$inferSelect;
export type NewQuantity = typeof quantities.$inferInsert;
