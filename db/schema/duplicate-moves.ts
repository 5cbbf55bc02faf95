/**
 * Which rows marking a claim a duplicate moved to the kept claim, so that unmarking moves exactly
 * those back (rows added to the kept claim afterwards stay where they are). Deleted when the mark
 * is undone; the audit events of both claims keep the history.
 */

import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt } from './columns';
import { claims } from './claims';

export const DUPLICATE_MOVE_KINDS = ['appearance', 'evidence'] as const;
export type DuplicateMoveKind = (typeof DUPLICATE_MOVE_KINDS)[number];

export const duplicateMoves = sqliteTable(
  'duplicate_moves',
  {
    /** The claim marked a duplicate, whose row this was. */
    duplicateClaimId: integer('duplicate_claim_id')
      .notNull()
      .references(() => claims.id),
    keptClaimId: integer('kept_claim_id')
      .notNull()
      .references(() => claims.id),
    rowKind: text('row_kind', { enum: DUPLICATE_MOVE_KINDS }).notNull(),
    rowId: integer('row_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.rowKind, t.rowId] }),
    index('duplicate_moves_duplicate_idx').on(t.duplicateClaimId),
    check('duplicate_moves_kind', sql`${t.rowKind} IN ('appearance', 'evidence')`),
  ],
);

export type DuplicateMove = typeof duplicateMoves.$inferSelect;
