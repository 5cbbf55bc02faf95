/** Disagreements to resolve (between reviewers, or between sources) and their comment threads. */

import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { DISAGREEMENT_KINDS, DISAGREEMENT_STATUSES } from '../enums';
import { createdAt, now, updatedAt, version } from './columns';
import { claims } from './claims';
import { users } from './users';

export const disagreements = sqliteTable(
  'disagreements',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    claimId: integer('claim_id')
      .notNull()
      .references(() => claims.id),
    kind: text('kind', { enum: DISAGREEMENT_KINDS }).notNull(),
    /** Why it opened, in words a person reads on the queue. */
    reason: text('reason').notNull(),
    relatedClaimId: integer('related_claim_id').references(() => claims.id),
    /**
     * What opened an automatic disagreement (e.g. the current assessment ids), so the same
     * divergence does not reopen after resolution unless the assessments change. Null when by hand.
     */
    triggerKey: text('trigger_key'),
    status: text('status', { enum: DISAGREEMENT_STATUSES }).notNull().default('open'),
    openedBy: integer('opened_by').references(() => users.id),
    openedAt: text('opened_at').notNull().default(now),
    resolution: text('resolution'),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolvedAt: text('resolved_at'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index('disagreements_status_opened_idx').on(t.status, t.openedAt),
    index('disagreements_claim_idx').on(t.claimId),
    // "Disagreements about this claim" is claim_id = ? OR related_claim_id = ?: an index on each side
    // lets SQLite answer it from both (MULTI-INDEX OR) instead of reading every disagreement.
    index('disagreements_related_idx').on(t.relatedClaimId),
    index('disagreements_trigger_idx').on(t.claimId, t.triggerKey),
  ],
);

export const disagreementComments = sqliteTable(
  'disagreement_comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    disagreementId: integer('disagreement_id')
      .notNull()
      .references(() => disagreements.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('disagreement_comments_thread_idx').on(t.disagreementId, t.id)],
);

export type Disagreement = typeof disagreements.$inferSelect;
