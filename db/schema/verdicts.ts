/** Verdicts: the working draft, the published versions, and the evidence each version cites. */

import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { RATING_LABELS, VERDICT_KINDS } from '../enums';
import { now, updatedAt, version } from './columns';
import { claims } from './claims';
import { evidence } from './evidence';
import { users } from './users';

/** The editor's working verdict before it is published (one per claim). */
export const verdictDrafts = sqliteTable('verdict_drafts', {
  claimId: integer('claim_id')
    .primaryKey()
    .references(() => claims.id),
  label: text('label', { enum: RATING_LABELS }),
  headline: text('headline').notNull().default(''),
  explanation: text('explanation').notNull().default(''),
  articleUrl: text('article_url'),
  /** Evidence the verdict will rest on; copied into verdict_citations when published. */
  citedEvidenceIds: text('cited_evidence_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: updatedAt(),
  version: version(),
});

/** Published verdict versions: never updated; a correction or retraction is the next version. */
export const verdicts = sqliteTable(
  'verdicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    versionNumber: integer('version_number').notNull(),
    kind: text('kind', { enum: VERDICT_KINDS }).notNull(),
    label: text('label', { enum: RATING_LABELS }).notNull(),
    headline: text('headline').notNull(),
    explanation: text('explanation').notNull(),
    articleUrl: text('article_url'),
    note: text('note'),
    /**
     * What this version shows, frozen when it is published: the claim as stated, the claimant,
     * the appearances and the cited evidence as they were (JSON; db/verdict-snapshot.ts
     * is its shape). The public page, ClaimReview, exports and the API read it instead of the live
     * rows, so a later edit reaches the public only through a correction. Migration 0011 (verdict_snapshots) built it
     * for versions published before it existed.
     */
    snapshot: text('snapshot').notNull().default('{}'),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: text('published_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('verdicts_claim_version_unique').on(t.claimId, t.versionNumber),
    index('verdicts_published_idx').on(t.publishedAt, t.id),
  ],
);

export const verdictCitations = sqliteTable(
  'verdict_citations',
  {
    verdictId: integer('verdict_id')
      .notNull()
      .references(() => verdicts.id),
    evidenceId: integer('evidence_id')
      .notNull()
      .references(() => evidence.id),
  },
  (t) => [primaryKey({ columns: [t.verdictId, t.evidenceId] })],
);

export type Verdict = typeof verdicts.$inferSelect;
