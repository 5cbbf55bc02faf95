/**
 * Fact-checks published by other organisations (imported from ClaimReview feeds), the desk's table
 * that maps each publisher's rating labels onto Claimbench's scale, and the links between desk
 * claims and the fact-checks that checked the same claim elsewhere.
 */

import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { RATING_MAPPING_TARGETS } from '../enums';
import { createdAt, updatedAt, version } from './columns';
import { claims } from './claims';
import { users } from './users';

export const externalFactchecks = sqliteTable(
  'external_factchecks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The review URL normalised (scheme and host lower-cased; fragment, utm_* and trailing slash dropped): the identity of an import. */
    urlKey: text('url_key').notNull(),
    url: text('url').notNull(),
    publisherName: text('publisher_name').notNull().default(''),
    publisherSite: text('publisher_site').notNull().default(''),
    /** Which row of rating_mappings applies: the publisher's site when known, else its name, lower-cased. */
    publisherKey: text('publisher_key').notNull(),
    title: text('title').notNull().default(''),
    claimText: text('claim_text').notNull(),
    claimant: text('claimant').notNull().default(''),
    claimDate: text('claim_date'),
    reviewDate: text('review_date'),
    ratingText: text('rating_text').notNull().default(''),
    /** The published label, normalised for the mapping table (lower-cased, spaces collapsed). */
    ratingKey: text('rating_key').notNull().default(''),
    ratingValue: real('rating_value'),
    bestRating: real('best_rating'),
    worstRating: real('worst_rating'),
    /** Our label when the publisher's label is mapped; 'no_equivalent' when mapped to nothing; null while unmapped. */
    mappedLabel: text('mapped_label', { enum: RATING_MAPPING_TARGETS }),
    language: text('language').notNull().default(''),
    /** The item exactly as received (JSON), so nothing the feed said is lost to normalisation. */
    raw: text('raw').notNull(),
    /** A hash of the normalised record: a re-import updates the row only when this changes. */
    contentHash: text('content_hash').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex('external_factchecks_url_key_unique').on(t.urlKey),
    index('external_factchecks_rating_idx').on(t.publisherKey, t.ratingKey),
    index('external_factchecks_review_date_idx').on(t.reviewDate, t.id),
  ],
);

/** One publisher's label (or numeric rating) mapped onto Claimbench's scale, edited by editors. */
export const ratingMappings = sqliteTable(
  'rating_mappings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    publisherKey: text('publisher_key').notNull(),
    ratingKey: text('rating_key').notNull(),
    label: text('label', { enum: RATING_MAPPING_TARGETS }).notNull(),
    updatedBy: integer('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex('rating_mappings_unique').on(t.publisherKey, t.ratingKey)],
);

/** A desk claim checked elsewhere: linked by a person (suggestions are computed, not stored). */
export const claimFactcheckLinks = sqliteTable(
  'claim_factcheck_links',
  {
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    factcheckId: integer('factcheck_id')
      .notNull()
      .references(() => externalFactchecks.id),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.claimId, t.factcheckId] }),
    index('claim_factcheck_links_factcheck_idx').on(t.factcheckId),
    check('claim_factcheck_links_ids', sql`${t.claimId} > 0 AND ${t.factcheckId} > 0`),
  ],
);

export type ExternalFactcheck = typeof externalFactchecks.$inferSelect;
export type NewExternalFactcheck = typeof externalFactchecks.$inferInsert;
export type RatingMapping = typeof ratingMappings.$inferSelect;
export type ClaimFactcheckLink = typeof claimFactcheckLinks.$inferSelect;
