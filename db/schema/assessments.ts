/** Reviewers' ratings of a claim and the evidence each cites. */

import { relations, sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { RATING_LABELS } from '../enums';
import { createdAt } from './columns';
import { claims } from './claims';
import { evidence } from './evidence';
import { users } from './users';

/**
 * One row per rating ever given. The current one for (claim, reviewer) has superseded_at NULL;
 * a change inserts a new row and stamps the old one, so history is kept.
 */
export const assessments = sqliteTable(
  'assessments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    reviewerId: integer('reviewer_id')
      .notNull()
      .references(() => users.id),
    label: text('label', { enum: RATING_LABELS }).notNull(),
    confidence: integer('confidence').notNull(),
    rationale: text('rationale').notNull().default(''),
    createdAt: createdAt(),
    supersededAt: text('superseded_at'),
  },
  (t) => [
    uniqueIndex('assessments_current_unique')
      .on(t.claimId, t.reviewerId)
      .where(sql`superseded_at IS NULL`),
    index('assessments_reviewer_idx').on(t.reviewerId, t.claimId),
    check('assessments_confidence_range', sql`${t.confidence} BETWEEN 0 AND 100`),
  ],
);

export const assessmentCitations = sqliteTable(
  'assessment_citations',
  {
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => assessments.id),
    evidenceId: integer('evidence_id')
      .notNull()
      .references(() => evidence.id),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.evidenceId] })],
);

export const assessmentsRelations = relations(assessments, ({ one }) => ({
  claim: one(claims, { fields: [assessments.claimId], references: [claims.id] }),
}));

export type Assessment = typeof assessments.$inferSelect;
