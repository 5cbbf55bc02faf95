/**
 * Sentence vectors for "checked before?" (lib/matching/sentences.ts): each desk claim's statement
 * and each external fact-check's headline, read by a sentence encoder into 512 numbers (stored as
 * signed bytes, a unit vector scaled to ±127). Derived data, filled in the background
 * (lib/matching/sentence-index.ts): a row is deleted by trigger when the text it was read from
 * changes (migration 0017), and the next indexing run reads the new text.
 */

import { blob, integer, sqliteTable } from 'drizzle-orm/sqlite-core';
import { claims } from './claims';
import { externalFactchecks } from './external-factchecks';

export const claimSentenceVectors = sqliteTable('claim_sentence_vectors', {
  claimId: integer('claim_id')
    .primaryKey()
    .references(() => claims.id, { onDelete: 'cascade' }),
  vector: blob('vector', { mode: 'buffer' }).notNull(),
});

export const factcheckSentenceVectors = sqliteTable('factcheck_sentence_vectors', {
  factcheckId: integer('factcheck_id')
    .primaryKey()
    .references(() => externalFactchecks.id, { onDelete: 'cascade' }),
  vector: blob('vector', { mode: 'buffer' }).notNull(),
});
